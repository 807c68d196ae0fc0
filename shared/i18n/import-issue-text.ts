// An import problem's detail in the operator's language, for the import wizard and the CLI's import
// report alike: from its data where main sends it, else one sentence per problem. English keeps
// main's own line where the data says no more (it is the more specific one).
import type { ImportIssueView, ImportWarning } from '../ipc/contract/contacts.js';
import type { Locale } from '../ipc/locale.js';
import { isSharedKey, type SharedTranslate } from './catalogue.js';

export function importIssueText(i: ImportIssueView, t: SharedTranslate, locale: Locale): string {
  const phoneKey = `deliveryLog.phone.${i.phoneProblem ?? ''}`;
  if (i.problem === 'invalid-number' && isSharedKey(phoneKey)) return t(phoneKey);
  const d = i.detail;
  if (d?.kind === 'duplicate') return d.firstSheet === undefined ? t('contacts.detail.duplicate', { number: d.number, first: d.firstLine }) : t('contacts.detail.duplicateSheet', { number: d.number, sheet: d.firstSheet, first: d.firstLine });
  if (d?.kind === 'in-group') return t('contacts.detail.inGroup', { number: d.number, group: d.group });
  if (d?.kind === 'opted-out') return t('contacts.detail.optedOut', { number: d.number });
  if (d?.kind === 'field-count') return t('contacts.detail.fieldCount', { fields: d.fields, expected: d.expected });
  if (d?.kind === 'extra-column') return t('contacts.detail.extraColumn', { column: d.column });
  return locale === 'en' ? i.message : t(`contacts.detail.${i.problem}`);
}

/** An import warning (a column taken as the number, a sheet left out) in the operator's language. */
export function importWarningText(w: ImportWarning, t: SharedTranslate): string {
  return t(`contacts.warning.${w.code}`, w.params);
}
