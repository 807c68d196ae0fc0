// A campaign's progress as one stacked bar: every message state in its colour, so "97% done"
// never hides how many failed, are unknown or wait in doubt.
import { Flex, Tooltip, Typography } from 'antd';
import type { MessageState, StateCounts } from '../../../shared/message-state.js';
import { useT } from '../i18n/react.js';
import { count, percent } from '../monitor/format.js';

export const STATE_COLORS: Record<MessageState, string> = {
  delivered: '#52c41a',
  failed: '#ff4d4f',
  unknown: '#bfbfbf',
  in_doubt: '#faad14',
  skipped: '#d3adf7',
  cancelled: '#8c8c8c',
  submitted: '#91caff',
  submitting: '#1677ff',
  queued: '#f0f0f0',
};

/** Bar order: finished outcomes first, then work still under way. */
export const BAR_ORDER: MessageState[] = ['delivered', 'failed', 'unknown', 'in_doubt', 'skipped', 'cancelled', 'submitted', 'submitting', 'queued'];

/** Messages that need nothing more from the pump or the gateway. */
export function doneCount(c: StateCounts): number {
  return c.delivered + c.failed + c.unknown + c.skipped + c.cancelled;
}

export function StateBar({ counts, total }: { counts: StateCounts; total: number }) {
  const t = useT();
  const done = doneCount(counts);
  return (
    <Flex vertical gap={2} style={{ minWidth: 180 }}>
      <div style={{ display: 'flex', height: 10, borderRadius: 5, overflow: 'hidden', background: '#f0f0f0' }} data-testid="state-bar">
        {total > 0 &&
          BAR_ORDER.filter((s) => counts[s] > 0).map((s) => (
            <Tooltip key={s} title={`${t(`deliveryLog.state.${s}`)} ${count(counts[s])}`}>
              <div style={{ width: `${(100 * counts[s]) / total}%`, background: STATE_COLORS[s] }} />
            </Tooltip>
          ))}
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="progress-text">
        {t('campaigns.progressText', { done: count(done), total: count(total), percent: percent(done, total) })}
      </Typography.Text>
    </Flex>
  );
}
