// Campaigns: the list with live progress (counts per state as main pushes them), start / pause /
// resume / cancel, and the detail drawer (Stat breakdown, skipped reasons, in-doubt decisions,
// copy and delete).
import { App as AntApp, Alert, Button, Empty, Flex, Popconfirm, Space, Spin, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CampaignRow } from '../../../shared/ipc/contract/campaigns.js';
import { CampaignDrawer } from './CampaignDrawer.js';
import { StateBar } from './StateBar.js';
import { useT } from '../i18n/react.js';
import { desk } from '../ipc.js';
import { count, dateTime } from '../monitor/format.js';
import { call, failureOf, errorText } from '../call.js';
import { liveStore, useLiveValue } from '../monitor/live-store.js';
import { isCampaignInProgress } from '../../../shared/campaign-state.js';
import { reasonText } from '../../../shared/i18n/reason-text.js';
import { dateTimeOffsetText } from '../../../shared/time-format.js';

const STATE_TAG: Record<CampaignRow['state'], string> = {
  draft: 'default',
  running: 'processing',
  paused: 'warning',
  completed: 'success',
  cancelled: 'default',
};

export function CampaignsScreen() {
  const t = useT();
  const { message } = AntApp.useApp();
  const version = useLiveValue((s) => s.campaignSerial);
  const modeSerial = useLiveValue((s) => s.modeSerial);
  const [rows, setRows] = useState<CampaignRow[] | null>(null);
  const [error, setError] = useState<{ code: string; text: string } | null>(null);
  const [open, setOpen] = useState<number | null>(null);

  const load = useCallback(async () => {
    try {
      setRows(await call(t, desk().campaigns.list()));
      setError(null);
    } catch (e) {
      setError(failureOf(e));
    }
  }, [t]);

  useEffect(() => {
    void load();
  }, [load, modeSerial]);

  // Rows pushed by main win over the loaded ones; a pushed campaign not in the list (created
  // meanwhile) triggers a reload.
  const merged = useMemo(() => {
    if (!rows) return null;
    return rows.map((r) => liveStore.campaigns.get(r.id) ?? r);
    // liveStore is mutable: its changes are picked up through the repaint version.
  }, [rows, version]);
  const unknownPushed = rows !== null && [...liveStore.campaigns.keys()].some((id) => !rows.some((r) => r.id === id));
  useEffect(() => {
    if (unknownPushed) void load();
  }, [unknownPushed, load]);

  const act = async (what: 'start' | 'pause' | 'resume' | 'cancel', id: number) => {
    const r = await desk().campaigns[what](id);
    if (r.ok) {
      liveStore.campaigns.set(id, r.value);
      setRows((list) => list?.map((x) => (x.id === id ? r.value : x)) ?? null);
    } else message.error(errorText(t, r));
  };

  return (
    <section data-screen="campaigns">
      <Typography.Title level={3}>{t('screen.campaigns.title')}</Typography.Title>
      {error?.code === 'no-workspace' ? (
        <Empty style={{ marginTop: 64 }} description={t('screen.noWorkspace')} />
      ) : error ? (
        <Alert type="error" showIcon title={error.text} action={<Button onClick={() => void load()}>{t('live.retry')}</Button>} />
      ) : !merged ? (
        <Spin />
      ) : merged.length === 0 ? (
        <Empty style={{ marginTop: 64 }} description={t('campaigns.empty')} />
      ) : (
        <Table<CampaignRow>
          rowKey="id"
          size="middle"
          dataSource={merged}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(r) => ({ onDoubleClick: () => setOpen(r.id), 'data-testid': `campaign-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: '#', dataIndex: 'id', width: 64 },
            {
              title: t('campaigns.col.name'),
              dataIndex: 'name',
              render: (name: string, r) => (
                <Flex vertical>
                  <Typography.Link onClick={() => setOpen(r.id)}>{name}</Typography.Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.accountName}
                    {r.charged ? ` · ${t('campaigns.charged')}` : ''}
                  </Typography.Text>
                </Flex>
              ),
            },
            {
              title: t('campaigns.col.state'),
              dataIndex: 'state',
              width: 110,
              render: (s: CampaignRow['state'], r) => (
                <Flex vertical gap={2} align="start">
                  <Tag color={STATE_TAG[s]} data-testid="campaign-state">
                    {t(`live.campaignState.${s}`)}
                  </Tag>
                  {r.scheduleAt !== null && r.scheduleAt > Date.now() && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="campaign-scheduled">
                      {t('campaigns.scheduled', { time: dateTimeOffsetText(r.scheduleAt) })}
                    </Typography.Text>
                  )}
                  {r.state === 'paused' && r.pauseReason !== null && (
                    <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid="campaign-pause-reason">
                      {reasonText(r.pauseReason, t)}
                    </Typography.Text>
                  )}
                </Flex>
              ),
            },
            { title: t('campaigns.col.progress'), key: 'progress', render: (_v, r) => <StateBar counts={r.counts} total={r.counts.total} /> },
            {
              title: t('campaigns.col.counts'),
              key: 'counts',
              render: (_v, r) => (
                <Flex vertical style={{ fontSize: 12 }} data-testid="campaign-counts">
                  <span>
                    <Typography.Text type="success">{count(r.counts.delivered)}</Typography.Text> / <Typography.Text type="danger">{count(r.counts.failed)}</Typography.Text> /{' '}
                    {count(r.counts.unknown)}
                  </span>
                  <span>
                    {r.counts.skipped > 0 && <Tag data-testid="skipped-count">{t('campaigns.skippedBadge', { count: r.counts.skipped })}</Tag>}
                    {r.counts.in_doubt > 0 && <Tag color="warning">{t('campaigns.inDoubtBadge', { count: r.counts.in_doubt })}</Tag>}
                  </span>
                </Flex>
              ),
            },
            { title: t('campaigns.col.created'), dataIndex: 'createdAt', width: 170, render: (ms: number) => dateTime(ms) },
            {
              title: t('campaigns.col.actions'),
              key: 'actions',
              width: 230,
              render: (_v, r) => (
                <Space size={4} wrap>
                  {r.state === 'draft' && (
                    <Button size="small" type="primary" onClick={() => void act('start', r.id)}>
                      {t('campaigns.start')}
                    </Button>
                  )}
                  {r.state === 'running' && (
                    <Button size="small" onClick={() => void act('pause', r.id)} data-testid="pause">
                      {t('campaigns.pause')}
                    </Button>
                  )}
                  {r.state === 'paused' && (
                    <Button size="small" type="primary" onClick={() => void act('resume', r.id)} data-testid="resume">
                      {t('campaigns.resume')}
                    </Button>
                  )}
                  {isCampaignInProgress(r.state) && (
                    <Popconfirm title={t('campaigns.cancelConfirm')} onConfirm={() => void act('cancel', r.id)} okText={t('campaigns.cancel')} cancelText={t('live.back')}>
                      <Button size="small" danger>
                        {t('campaigns.cancel')}
                      </Button>
                    </Popconfirm>
                  )}
                  <Button size="small" type="link" onClick={() => setOpen(r.id)} data-testid="details">
                    {t('campaigns.details')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
      <CampaignDrawer
        id={open}
        onClose={() => setOpen(null)}
        onCloned={(id) => {
          setOpen(id);
          void load();
        }}
        onDeleted={(id) => {
          setOpen(null);
          liveStore.campaigns.delete(id);
          setRows((list) => list?.filter((x) => x.id !== id) ?? null);
        }}
      />
    </section>
  );
}
