// Settings, "Log retention": how many months the delivery log keeps in the database before whole
// months move into archive files beside it, how freed space is reclaimed, and each archived (or
// waiting) month with its state: a file moved away is marked missing, one written by another
// version says whether it is being upgraded or why it cannot be.
import { App as AntApp, Alert, Button, Card, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { KEEP_MONTHS_MAX, type ArchiveMonthStatus, type RetentionView } from '../../../shared/ipc/contract/settings.js';
import { call, errorMessage } from '../call.js';
import { useT } from '../i18n/react.js';
import { desk } from '../ipc.js';

const STATE_COLOR: Record<ArchiveMonthStatus['state'], string> = { archived: 'green', deleting: 'blue', copying: 'blue', waiting: 'gold', failed: 'red' };

export function RetentionCard() {
  const t = useT();
  const { message } = AntApp.useApp();
  const [view, setView] = useState<RetentionView | null>(null);
  const [months, setMonths] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    call(t, desk().retention.get()).then(
      (v) => {
        setView(v);
        setMonths(v.keepMonths);
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, []);

  const save = async () => {
    if (months === null) return;
    setSaving(true);
    try {
      const v = await call(t, desk().retention.update({ keepMonths: months }));
      setView(v);
      message.success(v.keepMonths === 0 ? t('settings.retention.off') : t('settings.retention.saved', { months: v.keepMonths }));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title={t('settings.retention.title')} data-testid="retention">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('settings.retention.help')}</Typography.Text>
        <Space>
          <Typography.Text>{t('settings.retention.keepMonths')}</Typography.Text>
          <InputNumber<number>
            data-testid="retention-months"
            min={0}
            max={KEEP_MONTHS_MAX}
            precision={0}
            disabled={view === null}
            value={months}
            onChange={(v) => setMonths(v)}
          />
          <Typography.Text>{t('settings.retention.monthsUnit')}</Typography.Text>
          <Button type="primary" loading={saving} disabled={view === null || months === null} onClick={() => void save()} data-testid="retention-save">
            {t('settings.retention.save')}
          </Button>
        </Space>
        {view?.reclaim === 'incremental' && <Typography.Text type="secondary">{t('settings.retention.reclaimIncremental')}</Typography.Text>}
        {view?.reclaim === 'reuse' && <Alert type="info" showIcon title={t('settings.retention.reclaimReuse')} />}
        {view?.running && <Typography.Text>{t('settings.retention.running')}</Typography.Text>}
        <Table<ArchiveMonthStatus>
          size="small"
          rowKey="month"
          pagination={false}
          loading={view === null && error === null}
          dataSource={view?.months ?? []}
          locale={{ emptyText: t('settings.retention.empty') }}
          data-testid="retention-months-table"
          columns={[
            { key: 'month', title: t('settings.retention.col.month'), render: (_, m) => m.month },
            {
              key: 'state',
              title: t('settings.retention.col.state'),
              render: (_, m) => (
                <Space orientation="vertical" size={0}>
                  <Tag color={STATE_COLOR[m.state]}>{t(`settings.retention.phase.${m.state}`)}</Tag>
                  {m.state === 'waiting' && <Typography.Text type="secondary">{t('settings.retention.waiting', { count: m.unfinished ?? 0 })}</Typography.Text>}
                  {m.state === 'failed' && m.error && <Typography.Text type="danger">{m.error}</Typography.Text>}
                </Space>
              ),
            },
            { key: 'messages', title: t('settings.retention.col.messages'), render: (_, m) => (m.messages === undefined ? '' : m.messages.toLocaleString()) },
            {
              key: 'file',
              title: t('settings.retention.col.file'),
              render: (_, m) =>
                m.file === undefined ? null : (
                  <Space orientation="vertical" size={0}>
                    <Typography.Text code>{m.file}</Typography.Text>
                    {m.present === false && <Typography.Text type="warning">{t('settings.retention.missing')}</Typography.Text>}
                    {m.upgrade !== undefined && (
                      <Typography.Text type={m.upgrade === 'pending' ? 'secondary' : 'warning'} data-testid="retention-upgrade">
                        {t(`settings.retention.upgrade.${m.upgrade}`)}
                      </Typography.Text>
                    )}
                    {m.upgrade !== undefined && m.upgrade !== 'pending' && m.error && <Typography.Text type="danger">{m.error}</Typography.Text>}
                  </Space>
                ),
            },
          ]}
        />
      </Space>
    </Card>
  );
}
