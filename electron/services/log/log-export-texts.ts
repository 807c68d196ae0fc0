// What the delivery-log export writes for codes, per form:
//   - readable (default): column headers, message states, Stat meanings and reasons in the chosen
//     language, from the shared catalogue the UI shows them with (shared/i18n/), so the file says
//     what the screen says;
//   - machine: language-neutral codes for scripts: the column keys as headers, the message-state
//     enum, the Stat's class (delivered, pending, unknown, failed), reasons as stored
//     (shared/reasons.ts builds them; parseReason reads them back) and 1/0 for flags.
import { EXPORT_FORMS, type ExportForm } from '../../../shared/export-form.js';
import type { Locale } from '../../../shared/ipc/locale.js';
import { sharedTranslator, type SharedKey } from '../../../shared/i18n/catalogue.js';
import { statText } from '../../../shared/i18n/code-text.js';
import { reasonText } from '../../../shared/i18n/reason-text.js';
import type { MessageState } from '../../../shared/message-state.js';
import { classifyStat } from '../../../shared/stat.js';
import { IoError } from '../../formats/io-errors.js';
import { detail, shownValue } from '../../../shared/error-detail.js';

export { EXPORT_FORMS, type ExportForm };

export function checkForm(form: unknown): ExportForm {
  if (!EXPORT_FORMS.includes(form as ExportForm)) {
    throw new IoError('invalid-input', `form must be readable or machine, got ${JSON.stringify(form)}`, detail('not-in-set', 'form', { allowed: EXPORT_FORMS.join(' / '), value: shownValue(form) }));
  }
  return form as ExportForm;
}

export interface ExportTexts {
  header: string[];
  sheet: string;
  yes: string;
  no: string;
  state(s: MessageState): string;
  statMeaning(stat: string): string;
  reason(text: string): string;
}

export function exportTexts(keys: readonly string[], form: ExportForm, lang: Locale): ExportTexts {
  if (form === 'machine') {
    return {
      header: [...keys],
      sheet: 'delivery_log',
      yes: '1',
      no: '0',
      state: (s) => s,
      statMeaning: (stat) => classifyStat(stat),
      reason: (text) => text,
    };
  }
  const t = sharedTranslator(lang);
  return {
    header: keys.map((k) => t(`logExport.col.${k}` as SharedKey)),
    sheet: t('logExport.sheet'),
    yes: t('logExport.yes'),
    no: t('logExport.no'),
    state: (s) => t(`deliveryLog.state.${s}`),
    statMeaning: (stat) => statText(stat, t),
    reason: (text) => reasonText(text, t),
  };
}
