// The composer's live preview: what main's planner says the message becomes
// (encoding, segments with their text, characters used and left, billed count).
import { Alert, Card, Descriptions, Empty, Flex, Tag, Typography } from 'antd';
import type { MessagePlan, PlanWarning } from '../../../shared/plan.js';
import { errorText } from '../call.js';
import { useT } from '../i18n/react.js';
import { codePointLabel, distinctChars, highlightMap, isBlocking, marksInPlace, segmentStarts } from './highlights.js';
import { SegmentText } from './SegmentText.js';
import type { PreviewState } from './usePlanPreview.js';

/** How many distinct flagged characters a warning lists before "+N". */
const LISTED_CHARS = 24;

function WarningAlert({ warning }: { warning: PlanWarning }) {
  const t = useT();
  const blocking = isBlocking(warning);
  // Many characters forcing UCS2 just means Chinese text: say so calmly, without a list of every Han character.
  const plainChinese = warning.code === 'forces-ucs2' && !marksInPlace(warning);
  const title =
    warning.code === 'over-cap'
      ? t('warning.over-cap', { segments: warning.segments, max: warning.max })
      : plainChinese
        ? t('warning.forces-ucs2-many')
        : t(`warning.${warning.code}`);
  const distinct = 'chars' in warning && !plainChinese ? distinctChars(warning.chars) : [];
  return (
    <Alert
      type={blocking ? 'error' : plainChinese ? 'info' : 'warning'}
      showIcon
      data-testid={`warning-${warning.code}`}
      title={title}
      description={
        distinct.length > 0 ? (
          <Flex wrap gap={4}>
            {distinct.slice(0, LISTED_CHARS).map((c) => (
              <Tag key={c.char} data-testid="warning-char">
                <span className="segment-text">{c.char}</span> {codePointLabel(c.char)}
                {c.count > 1 ? ` ×${c.count}` : ''}
              </Tag>
            ))}
            {distinct.length > LISTED_CHARS && <Tag>+{distinct.length - LISTED_CHARS}</Tag>}
          </Flex>
        ) : undefined
      }
    />
  );
}

function PlanDetails({ plan }: { plan: MessagePlan }) {
  const t = useT();
  const highlights = highlightMap(plan);
  const starts = segmentStarts(plan);
  const total = plan.segments.length;
  return (
    <Flex vertical gap={12}>
      <Descriptions
        size="small"
        column={3}
        layout="vertical"
        bordered
        items={[
          { key: 'encoding', label: t('preview.encoding'), children: <span data-testid="plan-encoding">{`${plan.encoding.toUpperCase()} (Msg_Fmt ${plan.msgFmt})`}</span> },
          { key: 'characters', label: t('preview.characters'), children: <span data-testid="plan-characters">{plan.characters}</span> },
          { key: 'segments', label: t('preview.segments'), children: <span data-testid="plan-segments">{total}</span> },
          { key: 'billed', label: t('preview.billed'), children: <span data-testid="plan-billed">{plan.billedCount}</span> },
          { key: 'left', label: t('preview.left'), children: <span data-testid="plan-left">{plan.charsLeftInLast}</span> },
          { key: 'limit', label: t('preview.limit'), children: t('preview.limitValue', { single: plan.singleLimit, segment: plan.perSegmentLimit }) },
        ]}
      />
      {!plan.sendable && <Alert type="error" showIcon title={t('preview.notSendable')} />}
      {plan.warnings.map((w) => (
        <WarningAlert key={w.code} warning={w} />
      ))}
      {plan.segments.map((s, k) => (
        <Card
          key={s.index}
          size="small"
          data-testid="segment"
          title={t('preview.segment', { index: s.index, total: s.total })}
          extra={
            <Typography.Text type="secondary">
              {t('preview.units', { units: s.units, limit: total > 1 ? plan.perSegmentLimit : plan.singleLimit })} · {t('preview.bytes', { bytes: s.bytes })}
            </Typography.Text>
          }
        >
          <SegmentText text={s.text} start={starts[k]!} highlights={highlights} testId="segment-text" />
          {s.footer !== undefined && s.footer !== '' && (
            <div style={{ marginTop: 6 }}>
              <Tag>{t('preview.footer')}</Tag>
              <SegmentText text={s.footer} start={plan.fullText.length} highlights={highlights} testId="segment-footer" />
            </div>
          )}
        </Card>
      ))}
    </Flex>
  );
}

export function PlanPreview({ state }: { state: PreviewState }) {
  const t = useT();
  return (
    <Card
      title={t('preview.title')}
      extra={state.pending ? <Typography.Text type="secondary">{t('preview.updating')}</Typography.Text> : null}
      data-testid="preview"
      data-pending={String(state.pending)}
    >
      {state.error ? (
        <Alert type="error" showIcon data-testid="preview-error" title={errorText(t, state.error)} />
      ) : state.plan ? (
        <PlanDetails plan={state.plan} />
      ) : (
        <Empty description={t('preview.empty')} />
      )}
    </Card>
  );
}
