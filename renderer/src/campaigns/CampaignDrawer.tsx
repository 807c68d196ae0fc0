// A campaign's detail: counts per state, the delivery breakdown by Stat with its chart, the
// reasons messages were skipped, the fee settings as sent, the in-doubt messages the operator
// resends or drops, and the campaign copied or deleted (CampaignActions).
import { App as AntApp, Alert, Button, Descriptions, Drawer, Empty, Flex, Popconfirm, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { CampaignDetail } from '../../../shared/ipc/contract/campaigns.js';
import { MessageStates } from '../../../shared/message-state.js';
import { useT } from '../i18n/react.js';
import { reasonText } from '../../../shared/i18n/reason-text.js';
import { desk } from '../ipc.js';
import { count, dateTime } from '../monitor/format.js';
import { errorText } from '../call.js';
import { liveStore, useLiveValue } from '../monitor/live-store.js';
import { CampaignActions } from './CampaignActions.js';
import { StatChart } from './StatChart.js';
import { StateBar } from './StateBar.js';

const STATE_TAG: Record<string, string> = {
  delivered: 'success',
  failed: 'error',
  unknown: 'default',
  in_doubt: 'warning',
  skipped: 'purple',
  cancelled: 'default',
  submitted: 'processing',
  submitting: 'processing',
  queued: 'default',
};

export function CampaignDrawer({ id, onClose, onCloned, onDeleted }: { id: number | null; onClose: () => void; onCloned: (id: number) => void; onDeleted: (id: number) => void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  useLiveValue((s) => s.campaignSerial);
  const [loaded, setDetail] = useState<CampaignDetail | null>(null);
  // Another campaign's detail is never shown while this one's loads: its actions would act on it.
  const detail = loaded?.campaign.id === id ? loaded : null;
  const [selected, setSelected] = useState<number[]>([]);
  const pushed = id === null ? undefined : liveStore.campaigns.get(id);
  const pushedKey = pushed ? JSON.stringify(pushed.counts) + pushed.state : '';

  const load = useCallback(async () => {
    if (id === null) return;
    const r = await desk().campaigns.detail(id);
    if (r.ok) setDetail(r.value);
    else message.error(errorText(t, r));
  }, [id, message, t]);

  useEffect(() => {
    setDetail(null);
    setSelected([]);
  }, [id]);
  // Reload when main pushes a change of this campaign (at most a few times a second).
  useEffect(() => {
    void load();
  }, [load, pushedKey]);

  const decide = async (what: 'resend' | 'drop') => {
    const r = what === 'resend' ? await desk().campaigns.resendInDoubt({ messageIds: selected }) : await desk().campaigns.dropInDoubt({ messageIds: selected });
    if (r.ok) {
      message.success(t(what === 'resend' ? 'campaigns.resent' : 'campaigns.dropped', { count: r.value }));
      setSelected([]);
      void load();
    } else message.error(errorText(t, r));
  };

  const c = detail?.campaign;
  const counts = pushed?.counts ?? c?.counts;
  return (
    <Drawer open={id !== null} onClose={onClose} size="large" title={c ? t('campaigns.detailTitle', { id: c.id, name: c.name }) : ''} data-testid="campaign-drawer">
      {!c || !counts ? null : (
        <Flex vertical gap={16}>
          <CampaignActions campaign={{ ...c, ...(pushed ?? {}), counts }} onCloned={onCloned} onDeleted={onDeleted} />
          <StateBar counts={counts} total={counts.total} />
          <Flex wrap gap={8} data-testid="state-counts">
            {MessageStates.map((s) => (
              <Tag key={s} color={counts[s] > 0 ? STATE_TAG[s] : undefined}>
                {t(`deliveryLog.state.${s}`)} {count(counts[s])}
              </Tag>
            ))}
          </Flex>
          <div>
            <Typography.Title level={5}>{t('campaigns.breakdown')}</Typography.Title>
            <StatChart stats={detail.stats} />
          </div>
          {detail.skipped.length > 0 && (
            <div>
              <Typography.Title level={5}>{t('campaigns.skippedTitle')}</Typography.Title>
              <Table
                size="small"
                pagination={false}
                rowKey="reason"
                dataSource={detail.skipped}
                data-testid="skipped-reasons"
                columns={[
                  { title: t('campaigns.reason'), dataIndex: 'reason', render: (r: string) => reasonText(r, t) || '—' },
                  { title: t('campaigns.count'), dataIndex: 'count', width: 100, render: (n: number) => count(n) },
                ]}
              />
            </div>
          )}
          <div>
            <Typography.Title level={5}>{t('campaigns.inDoubtTitle')}</Typography.Title>
            {detail.inDoubt.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('campaigns.inDoubtNone')} />
            ) : (
              <Flex vertical gap={8}>
                <Alert type="warning" showIcon title={c.charged ? t('campaigns.inDoubtCharged') : t('campaigns.inDoubtHelp')} />
                <Flex gap={8}>
                  <Popconfirm title={c.charged ? t('campaigns.resendChargedConfirm') : t('campaigns.resendConfirm')} onConfirm={() => void decide('resend')}>
                    <Button disabled={selected.length === 0}>{t('campaigns.resend')}</Button>
                  </Popconfirm>
                  <Popconfirm title={t('campaigns.dropConfirm')} onConfirm={() => void decide('drop')}>
                    <Button danger disabled={selected.length === 0}>
                      {t('campaigns.drop')}
                    </Button>
                  </Popconfirm>
                </Flex>
                <Table
                  size="small"
                  rowKey="messageId"
                  dataSource={detail.inDoubt}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) }}
                  columns={[
                    { title: t('campaigns.message'), dataIndex: 'messageId', width: 100, render: (n: number) => `#${n}` },
                    { title: t('inbox.col.number'), dataIndex: 'number' },
                    { title: t('campaigns.created'), dataIndex: 'createdAt', render: (ms: number) => dateTime(ms) },
                  ]}
                />
              </Flex>
            )}
          </div>
          <Descriptions
            size="small"
            bordered
            column={1}
            title={t('campaigns.fee')}
            items={[
              { key: 'account', label: t('campaigns.col.account'), children: c.accountName },
              { key: 'text', label: t('campaigns.text'), children: <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{c.text}</Typography.Text> },
              { key: 'srcId', label: 'Src_Id', children: detail.srcId },
              { key: 'serviceId', label: 'Service_Id', children: detail.serviceId || '—' },
              { key: 'fee', label: 'FeeType / FeeCode / Fee_UserType', children: `${detail.feeType} / ${detail.feeCode} / ${detail.feeUserType}` },
              { key: 'rd', label: 'Registered_Delivery', children: detail.registeredDelivery },
              { key: 'valid', label: 'ValId_Time', children: detail.validTime || t('campaigns.gatewayDefault') },
              { key: 'created', label: t('campaigns.created'), children: dateTime(c.createdAt) },
              { key: 'started', label: t('campaigns.started'), children: dateTime(c.startedAt) },
              { key: 'finished', label: t('campaigns.finished'), children: dateTime(c.finishedAt) },
            ]}
          />
        </Flex>
      )}
    </Drawer>
  );
}
