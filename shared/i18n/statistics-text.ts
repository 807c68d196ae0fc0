// A failure-reasons row of the statistics (shared/statistics.ts) explained in the user's language:
// a Result or a Stat through the shared code tables, a reason code in a few words.
import type { StatisticsReason } from '../statistics.js';
import { ReasonCodes } from '../reasons.js';
import type { SharedKey, SharedTranslate } from './catalogue.js';
import { statText, submitResultText } from './code-text.js';

export function statisticsReasonText(r: Pick<StatisticsReason, 'kind' | 'code'>, t: SharedTranslate): string {
  if (r.kind === 'result') return submitResultText(Number(r.code), t);
  if (r.kind === 'stat') return statText(r.code, t);
  if (r.code === '') return t('statistics.reason.none');
  return ReasonCodes.has(r.code) ? t(`statistics.reason.${r.code}` as SharedKey) : t('statistics.reason.other');
}

/** The kind column: a SUBMIT_RESP Result, a status report's Stat, or a reason. */
export function statisticsKindText(kind: StatisticsReason['kind'], t: SharedTranslate): string {
  return t(`statistics.kind.${kind}`);
}
