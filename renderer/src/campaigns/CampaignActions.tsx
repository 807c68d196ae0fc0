// A campaign used again or deleted, from its drawer: "resend to the failed numbers" in one click,
// a copy to all its recipients or only those it did not reach (a new draft with the same text,
// fees, options and rules), and deleting a draft or finished campaign after asking whether its
// delivery-log rows are kept or deleted with it.
import { App as AntApp, Button, Flex, Input, Modal, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import type { CampaignRow, CloneRecipients, LogRows } from '../../../shared/ipc/contract/campaigns.js';
import { isCampaignDeletable } from '../../../shared/campaign-state.js';
import { useT } from '../i18n/react.js';
import { desk } from '../ipc.js';
import { count } from '../monitor/format.js';
import { errorText } from '../call.js';

/** Campaign names are at most 200 characters (the store's rule). */
const nameOf = (text: string) => [...text].slice(0, 200).join('');

export function CampaignActions({ campaign, onCloned, onDeleted }: { campaign: CampaignRow; onCloned: (id: number) => void; onDeleted: (id: number) => void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const [copying, setCopying] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [only, setOnly] = useState<CloneRecipients>('all');
  const [name, setName] = useState('');
  const c = campaign;
  const n = c.counts;

  const clone = async (who: CloneRecipients, newName: string) => {
    setBusy(true);
    try {
      const r = await desk().campaigns.clone({ id: c.id, only: who, name: nameOf(newName.trim() || c.name) });
      if (!r.ok) {
        message.error(errorText(t, r));
        return;
      }
      setCopying(false);
      message.success(t('campaigns.cloned', { id: r.value.campaign.id, recipients: count(r.value.recipients), queued: count(r.value.queued), skipped: count(r.value.skipped) }));
      onCloned(r.value.campaign.id);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (log: LogRows) => {
    setBusy(true);
    try {
      const r = await desk().campaigns.delete({ id: c.id, log });
      if (!r.ok) {
        message.error(errorText(t, r));
        return;
      }
      setDeleting(false);
      message.success(t('campaigns.deleted', { id: c.id }));
      onDeleted(c.id);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex gap={8} wrap data-testid="campaign-actions">
      {n.failed > 0 && (
        <Button type="primary" loading={busy} onClick={() => void clone('failed', t('campaigns.resendName', { name: c.name }))} data-testid="resend-failed">
          {t('campaigns.resendFailed', { count: count(n.failed) })}
        </Button>
      )}
      <Button
        onClick={() => {
          setOnly('all');
          setName(t('campaigns.copyName', { name: c.name }));
          setCopying(true);
        }}
        data-testid="clone"
      >
        {t('campaigns.clone')}
      </Button>
      {isCampaignDeletable(c.state) && (
        <Button danger onClick={() => setDeleting(true)} data-testid="delete">
          {t('campaigns.delete')}
        </Button>
      )}

      <Modal
        open={copying}
        title={t('campaigns.cloneTitle', { id: c.id })}
        okText={t('campaigns.cloneOk')}
        cancelText={t('live.back')}
        confirmLoading={busy}
        onOk={() => void clone(only, name)}
        onCancel={() => setCopying(false)}
        okButtonProps={{ 'data-testid': 'clone-ok' } as React.ComponentProps<typeof Button>}
        destroyOnHidden
      >
        <Flex vertical gap={12} data-testid="clone-dialog">
          <Typography.Text type="secondary">{t('campaigns.cloneHelp')}</Typography.Text>
          <div>
            <Typography.Text strong>{t('campaigns.cloneWho')}</Typography.Text>
            <Radio.Group value={only} onChange={(e) => setOnly(e.target.value as CloneRecipients)} style={{ display: 'block', marginTop: 4 }}>
              <Space orientation="vertical">
                <Radio value="all">{t('campaigns.cloneAll', { count: count(n.total) })}</Radio>
                <Radio value="failed" disabled={n.failed === 0}>
                  {t('campaigns.cloneFailed', { count: count(n.failed) })}
                </Radio>
                <Radio value="not-delivered" disabled={n.failed + n.unknown === 0}>
                  {t('campaigns.cloneNotDelivered', { count: count(n.failed + n.unknown) })}
                </Radio>
              </Space>
            </Radio.Group>
          </div>
          <Input addonBefore={t('campaigns.cloneName')} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} data-testid="clone-name" />
        </Flex>
      </Modal>

      <Modal
        open={deleting}
        title={t('campaigns.deleteTitle', { id: c.id, name: c.name })}
        onCancel={() => setDeleting(false)}
        destroyOnHidden
        footer={
          <Space wrap>
            <Button onClick={() => setDeleting(false)}>{t('live.back')}</Button>
            <Button loading={busy} onClick={() => void remove('keep')} data-testid="delete-keep-log">
              {t('campaigns.deleteKeep')}
            </Button>
            <Button danger type="primary" loading={busy} onClick={() => void remove('delete')} data-testid="delete-with-log">
              {t('campaigns.deleteAll')}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph data-testid="delete-question">{t('campaigns.deleteQuestion', { count: count(n.total) })}</Typography.Paragraph>
      </Modal>
    </Flex>
  );
}
