// The batch plan computed in main: recipients -> messages x segments -> SUBMIT PDUs, the time it
// takes at the account's rate, and who is skipped by which sending rule.
import { Alert, Card, Descriptions, Empty, Flex, Tag, Typography } from 'antd';
import type { BatchPlan } from '../../../shared/ipc/contract/composer.js';
import { useT } from '../i18n/react.js';
import { refusalText } from '../../../shared/i18n/refusal-text.js';
import { count, duration, tKey } from '../monitor/format.js';
import { errorText } from '../call.js';
import type { CallState } from './useDebouncedCall.js';

export function BatchPlanCard({ state }: { state: CallState<BatchPlan> }) {
  const t = useT();
  const p = state.value;
  return (
    <Card
      size="small"
      title={t('composer.plan')}
      extra={state.pending ? <Typography.Text type="secondary">{t('preview.updating')}</Typography.Text> : null}
      data-testid="batch-plan"
      data-pending={String(state.pending)}
    >
      {state.error ? (
        <Alert type="error" showIcon title={errorText(t, state.error)} />
      ) : !p ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('composer.planEmpty')} />
      ) : (
        <Flex vertical gap={8}>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={[
              { key: 'recipients', label: t('composer.planRecipients'), children: <span data-testid="plan-recipients">{count(p.recipients)}</span> },
              { key: 'toSend', label: t('composer.planToSend'), children: <span data-testid="plan-to-send">{count(p.toSend)}</span> },
              { key: 'skipped', label: t('composer.planSkipped'), children: <span data-testid="plan-skipped">{count(p.skipped)}</span> },
              {
                key: 'segments',
                label: t('composer.planSegmentsPer'),
                children: p.segmentsPerMessage.min === p.segmentsPerMessage.max ? p.segmentsPerMessage.max : `${p.segmentsPerMessage.min}–${p.segmentsPerMessage.max}`,
              },
              { key: 'total', label: t('composer.planTotalSegments'), children: <span data-testid="plan-segments-total">{t('composer.planBilled', { segments: count(p.segments), billed: count(p.billed) })}</span> },
              { key: 'submits', label: t('composer.planSubmits'), children: <span data-testid="plan-submits">{count(p.submits)}</span> },
              { key: 'duration', label: t('composer.planDuration'), children: <span data-testid="plan-duration">{duration(t, p.estimatedSeconds)}</span> },
            ]}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('composer.planRate', { rate: p.rate, dests: p.destsPerSubmit })}
            {p.estimated ? ` ${t('composer.planEstimated')}` : ''}
          </Typography.Text>
          {(p.skipped > 0 || p.invalidCount > 0 || p.duplicates > 0) && (
            <Flex gap={6} wrap data-testid="plan-skips">
              {Object.entries(p.skippedByReason).map(([code, n]) => (
                <Tag key={code} color={code === 'signature' || code === 'unsendable' ? 'error' : 'purple'} data-testid={`plan-skip-${code}`}>
                  {tKey(t, `live.skip.${code}`, code)} {count(n ?? 0)}
                </Tag>
              ))}
              {p.invalidCount > 0 && <Tag color="error">{t('composer.planInvalid', { count: count(p.invalidCount) })}</Tag>}
              {p.duplicates > 0 && <Tag>{t('composer.planDuplicates', { count: count(p.duplicates) })}</Tag>}
            </Flex>
          )}
          {p.refusal ? (
            <Alert type="error" showIcon title={refusalText(p.refusal, t)} data-testid="plan-refusal" />
          ) : (
            (p.skippedByReason.signature ?? 0) > 0 && <Alert type="error" showIcon title={t('composer.noSignature')} />
          )}
        </Flex>
      )}
    </Card>
  );
}
