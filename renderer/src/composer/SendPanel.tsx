// Test send (one number) and send (creates the campaign and starts it, or keeps it as a draft).
// A big enqueue shows its progress from main's live.enqueue events and can be cancelled.
import { App as AntApp, Button, Card, Flex, Input, Modal, Popconfirm, Progress, Space, Typography } from 'antd';
import { useState } from 'react';
import type { ComposerSendArgs, SendResult } from '../../../shared/ipc/contract/composer.js';
import { checkPhone } from '../../../shared/phone.js';
import { useT } from '../i18n/react.js';
import { reasonText } from '../../../shared/i18n/reason-text.js';
import { desk } from '../ipc.js';
import { count, tKey } from '../monitor/format.js';
import { errorText } from '../call.js';
import { liveStore, useLiveValue } from '../monitor/live-store.js';

let jobCounter = 0;
const newJobId = () => `send-${Date.now().toString(36)}-${++jobCounter}`;

export interface SendPanelProps {
  /** Everything but jobId and start; null when the form is not sendable (the reason is shown). */
  args: Omit<ComposerSendArgs, 'jobId' | 'start'> | null;
  blockedReason: string | null;
  /** The text as it goes to the test number (merge fields filled from the sample recipient). */
  testText: string | null;
  accountId: number | null;
  summary: { recipients: number; segments: number } | null;
  onSent: (r: SendResult) => void;
  name: string;
  onName: (n: string) => void;
}

export function SendPanel({ args, blockedReason, testText, accountId, summary, onSent, name, onName }: SendPanelProps) {
  const t = useT();
  const { message, modal } = AntApp.useApp();
  useLiveValue((s) => s.enqueueSerial);
  const [testNumber, setTestNumber] = useState('');
  const [testing, setTesting] = useState(false);
  const [job, setJob] = useState<string | null>(null);
  const progress = job ? liveStore.enqueue.get(job) : undefined;

  const testCheck = testNumber.trim() === '' ? null : checkPhone(testNumber);
  const testSend = async () => {
    if (accountId === null || !testText || !testCheck?.ok) return;
    setTesting(true);
    try {
      const r = await desk().composer.testSend({ accountId, number: testCheck.number, text: testText });
      if (!r.ok) message.error(errorText(t, r));
      else if (r.value.state === 'skipped') message.warning(t('composer.testSkipped', { reason: reasonText(r.value.reason, t) }));
      else message.success(t('composer.testSent', { id: r.value.messageId, number: testCheck.number }));
    } finally {
      setTesting(false);
    }
  };

  const send = async (start: boolean) => {
    if (!args) return;
    const jobId = newJobId();
    setJob(jobId);
    try {
      const r = await desk().composer.send({ ...args, jobId, start });
      if (r.ok) {
        onSent(r.value);
        modal.success({
          title: t(start ? 'composer.sentTitle' : 'composer.draftTitle', { id: r.value.campaignId }),
          content: (
            <Flex vertical data-testid="send-result">
              <span>{t('composer.sentQueued', { count: count(r.value.queued) })}</span>
              <span>{t('composer.sentSkipped', { count: count(r.value.skipped) })}</span>
              {Object.entries(r.value.skippedByReason).map(([code, n]) => (
                <Typography.Text key={code} type="secondary">
                  · {tKey(t, `live.skip.${code}`, code)} {count(n ?? 0)}
                </Typography.Text>
              ))}
              {r.value.invalidCount > 0 && <span>{t('composer.planInvalid', { count: count(r.value.invalidCount) })}</span>}
            </Flex>
          ),
        });
      } else if (r.code === 'cancelled') message.info(t('composer.sendCancelled'));
      else message.error(errorText(t, r));
    } finally {
      setJob(null);
      liveStore.enqueue.delete(jobId);
    }
  };

  const cancel = async () => {
    if (job) await desk().composer.cancelSend(job);
  };

  const pct = progress && progress.total > 0 ? Math.min(100, Math.round((100 * (progress.phase === 'write' ? progress.written : progress.read)) / progress.total)) : 0;
  return (
    <Card size="small" title={t('composer.sendTitle')} data-testid="send-panel">
      <Flex vertical gap={12}>
        <Flex gap={8} align="center" wrap>
          <Input
            style={{ width: 220 }}
            data-testid="test-number"
            value={testNumber}
            onChange={(e) => setTestNumber(e.target.value)}
            placeholder={t('composer.testNumber')}
            status={testCheck && !testCheck.ok ? 'error' : undefined}
          />
          <Button onClick={() => void testSend()} loading={testing} disabled={accountId === null || !testText || !testCheck?.ok} data-testid="test-send">
            {t('composer.testSend')}
          </Button>
          {testCheck && !testCheck.ok && <Typography.Text type="danger">{t(`live.problem.${testCheck.problem}`)}</Typography.Text>}
        </Flex>
        <Input data-testid="campaign-name" value={name} onChange={(e) => onName(e.target.value)} placeholder={t('composer.campaignNamePlaceholder')} maxLength={100} addonBefore={t('composer.campaignName')} />
        {blockedReason && <Typography.Text type="warning">{blockedReason}</Typography.Text>}
        <Space>
          <Popconfirm
            title={summary ? t('composer.sendConfirm', { recipients: count(summary.recipients), segments: count(summary.segments) }) : t('composer.sendConfirmUnknown')}
            onConfirm={() => void send(true)}
            okText={t('composer.send')}
            cancelText={t('live.back')}
          >
            <Button type="primary" disabled={!args || job !== null} data-testid="send">
              {t('composer.send')}
            </Button>
          </Popconfirm>
          <Button disabled={!args || job !== null} onClick={() => void send(false)} data-testid="save-draft">
            {t('composer.saveDraft')}
          </Button>
        </Space>
      </Flex>
      <Modal open={job !== null} closable={false} maskClosable={false} title={t('composer.enqueueing')} footer={<Button onClick={() => void cancel()} data-testid="send-cancel">{t('live.cancel')}</Button>}>
        <Progress percent={pct} status="active" data-testid="enqueue-progress" />
        <Typography.Text type="secondary">
          {progress
            ? t(progress.phase === 'write' ? 'composer.enqueueWrite' : 'composer.enqueueValidate', {
                read: count(progress.read),
                written: count(progress.written),
                total: count(progress.total),
              })
            : t('composer.enqueueStarting')}
        </Typography.Text>
      </Modal>
    </Card>
  );
}
