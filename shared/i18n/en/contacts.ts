// English texts of contact imports that main writes as well as the UI shows; the same keys as
// ../zh-CN/contacts.ts.
import type { contactsZhCN } from '../zh-CN/contacts.js';

export const contactsEn: Record<keyof typeof contactsZhCN, string> = {
  'contacts.import.dedupeRule':
    'Numbers are compared after normalising (+86, 86 and 0086 prefixes, spaces and dashes removed). ' +
    'Within the file the first row with a number is imported and later rows with the same number are reported as duplicates. ' +
    'A number already in the group keeps its existing contact (nothing is overwritten). Numbers on the opt-out list are not imported.',
};
