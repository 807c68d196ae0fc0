// One number's conversation: its MOs and what we sent it (replies and campaign messages with
// their delivery state), an inline reply to the latest MO, and handled / unhandled.
import { App as AntApp, Alert, Button, Empty, Flex, Input, Spin, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { InboxMessage } from '../../../shared/inbox-message.js';
import type { Conversation, SentView } from '../../../shared/ipc/contract/inbox.js';
import { REPLY_TEXT_MAX } from '../../../shared/ipc/contract/inbox.js';
import { useT } from '../i18n/react.js';
import { reasonText } from '../../../shared/i18n/reason-text.js';
import { desk } from '../ipc.js';
import { QuickReplies } from './QuickReplies.js';
import { dateTime, tKey } from '../monitor/format.js';
import { errorText } from '../call.js';

type Item = { kind: 'mo'; at: number; mo: InboxMessage } | { kind: 'sent'; at: number; sent: SentView };

const SENT_COLOR: Record<string, string> = { delivered: 'success', failed: 'error', unknown: 'default', in_doubt: 'warning', skipped: 'purple', partial: 'processing' };

export function ConversationView({ number, conversation, loading, onChanged }: { number: string; conversation: Conversation | null; loading: boolean; onChanged: () => void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [reply, setReply] = useState('');
  const [sending, setSending] = useState(false);
  const bottom = useRef<HTMLDivElement>(null);
  const items: Item[] = conversation
    ? [...conversation.mos.map((mo): Item => ({ kind: 'mo', at: mo.receivedAt, mo })), ...conversation.sent.map((sent): Item => ({ kind: 'sent', at: sent.createdAt, sent }))].sort((a, b) => a.at - b.at)
    : [];
  const latestMo = conversation?.mos.reduce<InboxMessage | null>((m, x) => (m === null || x.receivedAt > m.receivedAt ? x : m), null) ?? null;
  const unhandled = conversation?.mos.filter((m) => !m.handled).map((m) => m.id) ?? [];

  useEffect(() => {
    bottom.current?.scrollIntoView?.({ block: 'end' });
  }, [items.length]);

  const send = async () => {
    if (!latestMo) return;
    setSending(true);
    try {
      const r = await desk().inbox.reply({ moId: latestMo.id, text: reply });
      if (r.ok) {
        if (r.value.state === 'skipped') message.warning(t('inbox.replySkipped', { reason: reasonText(r.value.reason, t) }));
        else message.success(t('inbox.replied', { id: r.value.messageId }));
        setReply('');
        onChanged();
      } else message.error(errorText(t, r));
    } finally {
      setSending(false);
    }
  };

  const mark = async (handled: boolean) => {
    const ids = handled ? unhandled : (conversation?.mos.map((m) => m.id) ?? []);
    if (ids.length === 0) return;
    const r = await desk().inbox.markHandled({ ids: ids.slice(0, 1000), handled });
    if (r.ok) onChanged();
    else message.error(errorText(t, r));
  };

  if (!conversation) return loading ? <Spin /> : <Empty description={t('inbox.pickThread')} />;
  return (
    <Flex vertical gap={12} style={{ height: '100%' }} data-testid="conversation">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Flex gap={8} align="center">
          <Typography.Title level={5} style={{ margin: 0 }}>
            {number}
          </Typography.Title>
          {conversation.optedOut && <Tag color="red">{t('inbox.optedOut')}</Tag>}
        </Flex>
        <Flex gap={8}>
          <Button size="small" onClick={() => void mark(true)} disabled={unhandled.length === 0} data-testid="mark-handled">
            {t('inbox.markHandled')}
          </Button>
          <Button size="small" onClick={() => void mark(false)} disabled={unhandled.length > 0 || conversation.mos.length === 0}>
            {t('inbox.markUnhandled')}
          </Button>
        </Flex>
      </Flex>
      <div style={{ maxHeight: 420, overflow: 'auto', padding: 8, background: '#fafafa', borderRadius: 8 }}>
        <Flex vertical gap={8}>
          {items.map((it) =>
            it.kind === 'mo' ? (
              <Flex key={`mo-${it.mo.id}`} vertical align="start" data-testid="mo-bubble">
                <div style={{ background: '#fff', border: '1px solid #f0f0f0', borderRadius: 8, padding: '6px 10px', maxWidth: '80%' }}>
                  <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{it.mo.text ?? t('inbox.undecodable')}</Typography.Text>
                </div>
                <Flex gap={4} align="center" wrap>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('inbox.received')} {dateTime(it.mo.receivedAt)} · {it.mo.destId}
                  </Typography.Text>
                  {!it.mo.complete && <Tag color="warning">{t('inbox.partial', { received: it.mo.segmentReceived, total: it.mo.segmentTotal })}</Tag>}
                  {it.mo.optEvent === 'opt_out' && <Tag color="red">{t('inbox.optOutEvent')}</Tag>}
                  {it.mo.optEvent === 'opt_in' && <Tag color="green">{t('inbox.optInEvent')}</Tag>}
                  {it.mo.campaignId !== null && <Tag>{t('inbox.toCampaign', { id: it.mo.campaignId })}</Tag>}
                  <Tag color={it.mo.handled ? 'default' : 'blue'}>{it.mo.handled ? t('inbox.handled') : t('inbox.notHandled')}</Tag>
                </Flex>
              </Flex>
            ) : (
              <Flex key={`sent-${it.sent.messageId}`} vertical align="end" data-testid="sent-bubble">
                <div style={{ background: '#e6f4ff', borderRadius: 8, padding: '6px 10px', maxWidth: '80%' }}>
                  <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{it.sent.text ?? ''}</Typography.Text>
                </div>
                <Flex gap={4} align="center">
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('inbox.sentAt')} {dateTime(it.sent.createdAt)}
                    {it.sent.campaignId !== null ? ` · #${it.sent.campaignId}` : ''}
                  </Typography.Text>
                  <Tooltip title={it.sent.stat ?? undefined}>
                    <Tag color={SENT_COLOR[it.sent.state] ?? 'processing'} data-testid="sent-state" data-state={it.sent.state}>
                      {tKey(t, `deliveryLog.state.${it.sent.state}`, it.sent.state)}
                      {it.sent.stat ? ` · ${it.sent.stat}` : ''}
                    </Tag>
                  </Tooltip>
                </Flex>
              </Flex>
            ),
          )}
          <div ref={bottom} />
        </Flex>
      </div>
      {latestMo ? (
        <Flex vertical gap={8}>
          {conversation.optedOut && <Alert type="warning" showIcon title={t('inbox.replyOptedOut')} />}
          <Input.TextArea
            data-testid="reply-text"
            value={reply}
            onChange={(e) => setReply(e.target.value)}
            placeholder={t('inbox.replyPlaceholder')}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={REPLY_TEXT_MAX}
            showCount
          />
          <QuickReplies current={reply} onInsert={(text) => setReply((r) => (r === '' ? text : `${r}${text}`).slice(0, REPLY_TEXT_MAX))} />
          <Flex justify="space-between" align="center" style={{ marginTop: 12 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('inbox.replyHelp', { destId: latestMo.destId })}
            </Typography.Text>
            <Button type="primary" onClick={() => void send()} loading={sending} disabled={reply.trim() === ''} data-testid="reply-send">
              {t('inbox.send')}
            </Button>
          </Flex>
        </Flex>
      ) : null}
    </Flex>
  );
}
