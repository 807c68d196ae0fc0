// Progress of a long operation in main (export, import, preview, deleting a group), from its
// `data.progress` events, with a Cancel button while it may still be stopped.
import { Button, Modal, Progress, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { JobProgress } from '../../../shared/ipc/contract/jobs.js';
import { useLocale, useT } from '../i18n/react.js';
import { desk, onEvent } from '../ipc.js';

export interface RunningJob {
  key: string;
  title: string;
  /** Total known before the first event (e.g. the rows of a previewed file). */
  total?: number | null;
  cancellable?: boolean;
}

/** The newest progress of one job. */
export function useJobProgress(jobKey: string | null): JobProgress | null {
  const [progress, setProgress] = useState<JobProgress | null>(null);
  useEffect(() => {
    setProgress(null);
    if (jobKey === null) return;
    return onEvent('data.progress', (batch) => {
      for (const p of batch.items) if (p.jobKey === jobKey) setProgress(p);
    });
  }, [jobKey]);
  return progress;
}

export function JobProgressModal({ job }: { job: RunningJob | null }) {
  const t = useT();
  const locale = useLocale();
  const progress = useJobProgress(job?.key ?? null);
  const [cancelling, setCancelling] = useState(false);
  useEffect(() => setCancelling(false), [job?.key]);
  if (!job) return null;
  const processed = progress?.processed ?? 0;
  const total = progress?.total ?? job.total ?? null;
  const percent = total ? Math.min(100, Math.floor((processed / Math.max(total, 1)) * 100)) : undefined;
  return (
    <Modal open title={job.title} closable={false} mask={{ closable: false }} keyboard={false} footer={null}>
      <div data-testid="job-progress">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {percent === undefined ? <Progress percent={100} status="active" showInfo={false} /> : <Progress percent={percent} status="active" />}
        <Typography.Text data-testid="job-progress-count">
          {total ? t('job.progressOf', { processed: processed.toLocaleString(locale), total: total.toLocaleString(locale) }) : t('job.progress', { processed: processed.toLocaleString(locale) })}
        </Typography.Text>
        {job.cancellable !== false && (
          <Button
            danger
            loading={cancelling}
            data-testid="job-cancel"
            onClick={() => {
              setCancelling(true);
              void desk().jobs.cancel(job.key);
            }}
          >
            {cancelling ? t('job.cancelling') : t('job.cancel')}
          </Button>
        )}
      </Space>
      </div>
    </Modal>
  );
}
