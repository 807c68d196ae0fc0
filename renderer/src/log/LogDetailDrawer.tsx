// A message of the delivery log in full: every timestamp, and per segment its Msg_Id in the three
// text forms (decimal, 22-digit, hex; docs/protocol.md "Msg_Id"), its Stat with what it means, its SUBMIT_RESP Result.
import { CopyOutlined } from '@ant-design/icons';
import { App as AntApp, Alert, Button, Descriptions, Drawer, Empty, Space, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { memo, useEffect, useState } from 'react';
import type { LogDetail, LogSegment, MsgIdForms } from '../../../shared/ipc/contract/log.js';
import { statText, submitResultText } from '../../../shared/i18n/code-text.js';
import { useT } from '../i18n/react.js';
import { desk } from '../ipc.js';
import { call, errorMessage } from '../call.js';
import { doneTimeText, reasonText, STATE_COLORS } from './format.js';
import { dateTime } from '../monitor/format.js';

/** Copies to the clipboard (the only permission the app allows) and says so. */
export function CopyButton({ text, label }: { text: string; label?: string }) {
  const t = useT();
  const { message } = AntApp.useApp();
  return (
    <Tooltip title={t('deliveryLog.copy')}>
      <Button
        type="text"
        size="small"
        icon={<CopyOutlined />}
        aria-label={`${t('deliveryLog.copy')} ${label ?? text}`}
        data-copy={text}
        onClick={(e) => {
          e.stopPropagation();
          navigator.clipboard.writeText(text).then(
            () => void message.success(t('deliveryLog.copied', { text })),
            (error: unknown) => void message.error(t('deliveryLog.copyFailed', { message: errorMessage(error) })),
          );
        }}
      />
    </Tooltip>
  );
}

function MsgIdCell({ forms }: { forms: MsgIdForms | null }) {
  const t = useT();
  if (!forms) return <Typography.Text type="secondary">{t('deliveryLog.detail.noMsgId')}</Typography.Text>;
  const line = (label: string, value: string, testId: string) => (
    <div style={{ whiteSpace: 'nowrap' }}>
      <Typography.Text type="secondary" style={{ display: 'inline-block', width: 56 }}>
        {label}
      </Typography.Text>
      <Typography.Text code data-testid={testId}>
        {value}
      </Typography.Text>
      <CopyButton text={value} />
    </div>
  );
  return (
    <div>
      {line(t('deliveryLog.detail.decimal'), forms.decimal, 'msgid-decimal')}
      {line(t('deliveryLog.detail.digits22'), forms.digits22, 'msgid-22')}
      {line(t('deliveryLog.detail.hex'), forms.hex, 'msgid-hex')}
    </div>
  );
}

export const LogDetailDrawer = memo(function LogDetailDrawer({ messageId, onClose }: { messageId: number | null; onClose: () => void }) {
  const t = useT();
  const [detail, setDetail] = useState<LogDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setDetail(null);
    setError(null);
    if (messageId === null) return;
    let live = true;
    call(t, desk().log.detail({ messageId })).then(
      (d) => live && setDetail(d),
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
    // Reloaded per message; a language switch re-renders without refetching.
  }, [messageId]);

  const m = detail?.message;
  const segColumns = [
    { key: 'pk', title: t('deliveryLog.detail.segment'), width: 64, render: (_: unknown, s: LogSegment) => `${s.pkNumber}/${s.pkTotal}` },
    {
      key: 'state',
      title: t('deliveryLog.col.state'),
      width: 96,
      render: (_: unknown, s: LogSegment) => <Tag color={STATE_COLORS[s.state]}>{t(`deliveryLog.state.${s.state}`)}</Tag>,
    },
    { key: 'msgId', title: 'Msg_Id', render: (_: unknown, s: LogSegment) => <MsgIdCell forms={s.msgId} /> },
    {
      key: 'stat',
      title: 'Stat / Result',
      render: (_: unknown, s: LogSegment) => (
        <Space orientation="vertical" size={0}>
          {s.stat !== null && (
            <span data-testid="segment-stat">
              <Typography.Text code>{s.stat}</Typography.Text> {statText(s.stat, t)}
            </span>
          )}
          {s.result !== null && (
            <span>
              Result {s.result}
              {` · ${submitResultText(s.result, t)}`}
            </span>
          )}
          {reasonText(s, t) !== null && <Typography.Text type="secondary">{reasonText(s, t)}</Typography.Text>}
          {s.pduMsgId !== null && (
            <Typography.Text type="secondary">
              {t('deliveryLog.detail.pduMsgId')} {s.pduMsgId.decimal}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      key: 'times',
      title: t('deliveryLog.detail.times'),
      render: (_: unknown, s: LogSegment) => (
        <div style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
          <div>
            {t('deliveryLog.detail.submitAt')} {dateTime(s.submitAt)}
          </div>
          <div>
            {t('deliveryLog.detail.responseAt')} {dateTime(s.responseAt)}
          </div>
          <div>
            {t('deliveryLog.detail.reportAt')} {dateTime(s.reportAt)}
          </div>
          <div>
            Done_time {doneTimeText(s.doneTime)}
          </div>
        </div>
      ),
    },
    {
      key: 'wire',
      title: t('deliveryLog.detail.wire'),
      width: 120,
      render: (_: unknown, s: LogSegment) => (
        <div style={{ whiteSpace: 'nowrap' }}>
          <div>{t('deliveryLog.detail.sends', { count: s.sendCount })}</div>
          {s.sequenceId !== null && <div>{t('deliveryLog.detail.sequenceId', { seq: s.sequenceId })}</div>}
          {s.connection !== null && <Typography.Text type="secondary">{t('deliveryLog.detail.connection', { id: s.connection })}</Typography.Text>}
        </div>
      ),
    },
  ];

  return (
    <Drawer
      open={messageId !== null}
      onClose={onClose}
      size={980}
      title={t('deliveryLog.detail.title', { id: messageId ?? '' })}
      destroyOnHidden
    >
      <div data-testid="log-detail">
        {error && <Alert type="error" showIcon title={error} />}
        {!detail && !error && <Spin />}
        {m && detail && (
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            <Descriptions
              bordered
              size="small"
              column={2}
              items={[
                {
                  key: 'number',
                  label: t('deliveryLog.col.number'),
                  children: (
                    <span>
                      <Typography.Text strong data-testid="detail-number">
                        {m.number}
                      </Typography.Text>
                      <CopyButton text={m.number} />
                    </span>
                  ),
                },
                { key: 'state', label: t('deliveryLog.col.state'), children: <Tag color={STATE_COLORS[m.rollup]}>{t(`deliveryLog.state.${m.rollup}`)}</Tag> },
                { key: 'campaign', label: t('deliveryLog.col.campaign'), children: m.campaignId === null ? t('deliveryLog.direct') : `${m.campaignName ?? ''} (#${m.campaignId})` },
                { key: 'account', label: t('deliveryLog.col.account'), children: m.accountName },
                { key: 'stat', label: 'Stat', children: m.stat === null ? '—' : `${m.stat} · ${statText(m.stat, t)}` },
                { key: 'result', label: 'Result', children: m.result === null ? '—' : String(m.result) },
                { key: 'segments', label: t('deliveryLog.detail.segmentsBilled'), children: `${m.segmentCount} / ${m.billedCount}` },
                { key: 'duplicate', label: t('deliveryLog.detail.possibleDuplicate'), children: m.possibleDuplicate ? t('deliveryLog.yes') : t('deliveryLog.no') },
                { key: 'created', label: t('deliveryLog.col.createdAt'), children: dateTime(m.createdAt) },
                { key: 'submitted', label: t('deliveryLog.detail.submittedAt'), children: dateTime(m.submittedAt) },
                { key: 'done', label: t('deliveryLog.col.doneAt'), children: dateTime(m.doneAt) },
                { key: 'src', label: 'Src_Id / Service_Id', children: `${detail.srcId ?? '—'} / ${detail.serviceId ?? '—'}` },
                { key: 'reason', label: t('deliveryLog.col.reason'), span: 2, children: reasonText(m, t) ?? '—' },
                { key: 'text', label: t('deliveryLog.detail.text'), span: 2, children: <span style={{ whiteSpace: 'pre-wrap' }}>{detail.text ?? '—'}</span> },
              ]}
            />
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('deliveryLog.detail.segments')}
            </Typography.Title>
            {detail.segments.length === 0 ? (
              <Empty description={t('deliveryLog.detail.noSegments')} />
            ) : (
              <div data-testid="detail-segments">
                <Table<LogSegment> size="small" rowKey="pkNumber" pagination={false} columns={segColumns} dataSource={detail.segments} />
              </div>
            )}
            {m.campaignId !== null && (
              <>
                <Typography.Title level={5} style={{ margin: 0 }}>
                  {t('deliveryLog.detail.replies')}
                </Typography.Title>
                {detail.replies.length === 0 ? (
                  <Typography.Text type="secondary">{t('deliveryLog.detail.noReplies')}</Typography.Text>
                ) : (
                  <Space orientation="vertical" size={4} data-testid="detail-replies">
                    {detail.replies.map((r) => (
                      <Typography.Text key={r.moId}>
                        <Typography.Text type="secondary">
                          {dateTime(r.at)} → {r.destId}
                        </Typography.Text>{' '}
                        {r.text ?? '—'}
                      </Typography.Text>
                    ))}
                  </Space>
                )}
              </>
            )}
          </Space>
        )}
      </div>
    </Drawer>
  );
});
