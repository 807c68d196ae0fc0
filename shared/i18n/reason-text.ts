// A stored reason text (shared/reasons.ts) in the user's language: parsed back into its code and
// parameters, then translated; text no builder wrote is shown as stored. The UI and the exported
// delivery log both use it.
import { parseReason } from '../reasons.js';
import { isSharedKey, type SharedTranslate } from './catalogue.js';
import { connectStatusText, submitResultText } from './code-text.js';

export function reasonText(text: string | null | undefined, t: SharedTranslate): string {
  if (!text) return '';
  const r = parseReason(text);
  if (!r) return text;
  const p: Record<string, string> = { ...r.params };
  if (r.code === 'submit-result') {
    p.meaning = submitResultText(Number(p.result), t);
  } else if (r.code === 'in-doubt') {
    const key = `reason.cause.${p.cause}`;
    p.cause = isSharedKey(key) ? t(key) : t('reason.cause.other', { cause: p.cause ?? '' });
  } else if (r.code === 'sibling-failed') {
    p.reason = reasonText(p.reason, t);
  } else if (r.code === 'login-refused') {
    p.meaning = connectStatusText(Number(p.status), t);
  } else if (r.code === 'frequency-cap') {
    p.window = (p.window ?? '').replace(/ h$/, t('reason.unit.h')).replace(/ min$/, t('reason.unit.min')).replace(/ ms$/, t('reason.unit.ms'));
  }
  return t(`reason.${r.code}`, p);
}
