// Keyword auto-replies (electron/services/inbox/auto-reply.ts): the switch (off by default), quiet
// hours (China Standard Time: skipped, not queued), the per-number daily cap and the rules. Patterns
// are checked here as main checks them (shared/auto-reply.ts), so a refusal is named as it is typed.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App as AntApp, Alert, Button, Card, Flex, Input, InputNumber, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { AUTO_REPLY_LIMITS, AUTO_REPLY_MATCH_KINDS, patternProblemCode, type AutoReplyMatchKind } from '../../../shared/auto-reply.js';
import type { AccountView } from '../../../shared/ipc/contract/accounts.js';
import type { AutoReplyRuleRow, AutoReplyView } from '../../../shared/ipc/contract/autoreply.js';
import type { Envelope } from '../../../shared/ipc/envelope.js';
import { useT } from '../i18n/react.js';
import { desk } from '../ipc.js';
import { call, errorMessage } from '../call.js';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function AutoReplyCard() {
  const t = useT();
  const { message } = AntApp.useApp();
  const [view, setView] = useState<AutoReplyView | null>(null);
  const [accounts, setAccounts] = useState<AccountView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [quietOn, setQuietOn] = useState(true);
  const [quiet, setQuiet] = useState({ start: '22:00', end: '08:00' });
  const [cap, setCap] = useState(3);
  const [draft, setDraft] = useState<{ matchKind: AutoReplyMatchKind; keyword: string; reply: string; accountId: number | null; srcExt: string }>({ matchKind: 'exact', keyword: '', reply: '', accountId: null, srcExt: '' });

  const show = useCallback((v: AutoReplyView) => {
    setView(v);
    setQuietOn(v.quietHours !== null);
    if (v.quietHours) setQuiet(v.quietHours);
    setCap(v.dailyCap);
  }, []);
  const run = async (pending: Promise<Envelope<AutoReplyView>>, done?: string) => {
    try {
      show(await call(t, pending));
      setError(null);
      if (done) message.success(done);
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    }
  };
  useEffect(() => {
    void run(desk().autoReply.get());
    void call(t, desk().accounts.list()).then(setAccounts, () => setAccounts([]));
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const keywordProblem = (): string | null => {
    const k = draft.keyword.trim();
    if (k === '') return null;
    if (draft.matchKind !== 'pattern') return k.length > AUTO_REPLY_LIMITS.keywordChars ? t('autoreply.pattern.too-long', { max: AUTO_REPLY_LIMITS.keywordChars }) : null;
    const code = patternProblemCode(k);
    return code === null ? null : t(`autoreply.pattern.${code}`, { max: code === 'too-long' ? AUTO_REPLY_LIMITS.patternChars : AUTO_REPLY_LIMITS.unboundedQuantifiers });
  };
  const problem = keywordProblem();
  const extBad = !/^\d*$/.test(draft.srcExt);
  const quietBad = quietOn && (!HHMM.test(quiet.start) || !HHMM.test(quiet.end) || quiet.start === quiet.end);

  const add = async () => {
    const ok = await run(
      desk().autoReply.addRule({ matchKind: draft.matchKind, keyword: draft.keyword.trim(), reply: draft.reply, accountId: draft.accountId, srcExt: draft.srcExt === '' ? null : draft.srcExt }),
      t('autoreply.added'),
    );
    if (ok) setDraft((d) => ({ ...d, keyword: '', reply: '' }));
  };

  const scope = (r: AutoReplyRuleRow) => {
    const account = r.accountId === null ? t('autoreply.allAccounts') : (accounts.find((a) => a.id === r.accountId)?.name ?? `#${r.accountId}`);
    const ext = r.srcExt === null ? t('autoreply.anyExt') : r.srcExt === '' ? t('autoreply.noExt') : t('autoreply.ext', { ext: r.srcExt });
    return `${account} · ${ext}`;
  };

  return (
    <Card title={t('autoreply.title')} data-testid="autoreply-card">
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('autoreply.help')}</Typography.Text>
        {error && <Alert type="error" showIcon title={error} />}
        <Space wrap>
          <Switch checked={view?.enabled ?? false} disabled={!view} onChange={(on) => void run(desk().autoReply.update({ enabled: on }))} data-testid="autoreply-enabled" />
          <Typography.Text>{t('autoreply.enabled')}</Typography.Text>
        </Space>
        {view && !view.enabled && <Alert type="info" showIcon title={t('autoreply.isOff')} data-testid="autoreply-off" />}
        <Space wrap align="center">
          <Typography.Text>{t('autoreply.quiet')}</Typography.Text>
          <Switch size="small" checked={quietOn} onChange={setQuietOn} data-testid="autoreply-quiet-on" />
          <Input style={{ width: 80 }} value={quiet.start} disabled={!quietOn} onChange={(e) => setQuiet((q) => ({ ...q, start: e.target.value }))} status={quietOn && !HHMM.test(quiet.start) ? 'error' : ''} data-testid="autoreply-quiet-start" />
          <Typography.Text>–</Typography.Text>
          <Input style={{ width: 80 }} value={quiet.end} disabled={!quietOn} onChange={(e) => setQuiet((q) => ({ ...q, end: e.target.value }))} status={quietOn && !HHMM.test(quiet.end) ? 'error' : ''} data-testid="autoreply-quiet-end" />
          <Typography.Text>{t('autoreply.dailyCap')}</Typography.Text>
          <InputNumber<number> min={1} max={AUTO_REPLY_LIMITS.dailyCapMax} precision={0} value={cap} onChange={(v) => setCap(v ?? 1)} style={{ width: 80 }} data-testid="autoreply-cap" />
          <Typography.Text>{t('autoreply.dailyCapUnit')}</Typography.Text>
          <Button type="primary" disabled={!view || quietBad} onClick={() => void run(desk().autoReply.update({ quietHours: quietOn ? quiet : null, dailyCap: cap }), t('autoreply.saved'))} data-testid="autoreply-save">
            {t('autoreply.save')}
          </Button>
        </Space>
        <Typography.Text type="secondary">{t('autoreply.quietHelp')}</Typography.Text>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('autoreply.rules')}
        </Typography.Title>
        <Flex gap={8} wrap align="start">
          <Select<AutoReplyMatchKind> style={{ width: 130 }} value={draft.matchKind} onChange={(matchKind) => setDraft((d) => ({ ...d, matchKind }))} options={AUTO_REPLY_MATCH_KINDS.map((k) => ({ value: k, label: t(`autoreply.match.${k}`) }))} data-testid="autoreply-match" />
          <Flex vertical style={{ width: 200 }}>
            <Input value={draft.keyword} placeholder={t('autoreply.keywordPlaceholder')} maxLength={AUTO_REPLY_LIMITS.patternChars} status={problem ? 'error' : ''} onChange={(e) => setDraft((d) => ({ ...d, keyword: e.target.value }))} data-testid="autoreply-keyword" />
            {problem && (
              <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid="autoreply-keyword-problem">
                {problem}
              </Typography.Text>
            )}
          </Flex>
          <Input.TextArea style={{ width: 280 }} autoSize={{ minRows: 1, maxRows: 4 }} value={draft.reply} placeholder={t('autoreply.replyPlaceholder')} maxLength={AUTO_REPLY_LIMITS.replyChars} onChange={(e) => setDraft((d) => ({ ...d, reply: e.target.value }))} data-testid="autoreply-reply" />
          <Select<number> style={{ width: 140 }} value={draft.accountId ?? 0} onChange={(v) => setDraft((d) => ({ ...d, accountId: v === 0 ? null : v }))} options={[{ value: 0, label: t('autoreply.allAccounts') }, ...accounts.map((a) => ({ value: a.id, label: a.name }))]} data-testid="autoreply-account" />
          <Input style={{ width: 150 }} value={draft.srcExt} placeholder={t('autoreply.extPlaceholder')} maxLength={AUTO_REPLY_LIMITS.extDigits} status={extBad ? 'error' : ''} onChange={(e) => setDraft((d) => ({ ...d, srcExt: e.target.value.trim() }))} data-testid="autoreply-ext" />
          <Button icon={<PlusOutlined />} disabled={!view || problem !== null || extBad || draft.keyword.trim() === '' || draft.reply.trim() === ''} onClick={() => void add()} data-testid="autoreply-add">
            {t('autoreply.add')}
          </Button>
        </Flex>
        {extBad && <Typography.Text type="danger">{t('autoreply.extDigits')}</Typography.Text>}
        <div data-testid="autoreply-rules">
          <Table<AutoReplyRuleRow>
            size="small"
            rowKey="id"
            loading={view === null}
            pagination={false}
            dataSource={view?.rules ?? []}
            locale={{ emptyText: t('autoreply.empty') }}
            columns={[
              { key: 'match', title: t('autoreply.col.match'), width: 110, render: (_, r) => <Tag>{t(`autoreply.match.${r.matchKind}`)}</Tag> },
              { key: 'keyword', title: t('autoreply.col.keyword'), render: (_, r) => <Typography.Text code>{r.keyword}</Typography.Text> },
              { key: 'reply', title: t('autoreply.col.reply'), dataIndex: 'reply' },
              { key: 'scope', title: t('autoreply.col.scope'), render: (_, r) => scope(r) },
              {
                key: 'actions',
                title: '',
                width: 60,
                render: (_, r) => (
                  <Popconfirm title={t('autoreply.deleteConfirm')} onConfirm={() => void run(desk().autoReply.deleteRule({ id: r.id }), t('autoreply.deleted'))} okButtonProps={{ danger: true }}>
                    <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('autoreply.delete')} data-testid={`autoreply-delete-${r.id}`} />
                  </Popconfirm>
                ),
              },
            ]}
          />
        </div>
      </Flex>
    </Card>
  );
}
