// English texts of contact imports that main writes as well as the UI shows; the same keys as
// ../zh-CN/contacts.ts.
import type { contactsZhCN } from '../zh-CN/contacts.js';

export const contactsEn: Record<keyof typeof contactsZhCN, string> = {
  'contacts.import.dedupeRule':
    'Numbers are compared after normalising (+86, 86 and 0086 prefixes, spaces and dashes removed). ' +
    'Within the file the first row with a number is imported and later rows with the same number are reported as duplicates. ' +
    'A number already in the group keeps its existing contact (nothing is overwritten). Numbers on the opt-out list are not imported.',
  // An import problem and its detail: the import wizard's table and the CLI's import report.
  'contacts.warning.no-number-header': 'no column is headed like a number column (mobile, phone, ...): the first column ("{first}") is taken as the number',
  'contacts.warning.duplicate-header': 'two columns are headed "{header}": column {column} is kept as "{kept}"',
  'contacts.warning.sheet-ignored': 'sheet "{sheet}" was not imported: only the first sheet, and later sheets repeating its header row, are read',
  'contacts.warning.not-china-mobile': '{count, plural, one {# number is} other {# numbers are}} outside China Mobile\'s ranges: imported (numbers are portable), check they can be reached through your gateway',
  'contacts.problem.ok': 'OK',
  'contacts.problem.malformed-row': 'Malformed row',
  'contacts.problem.formula-without-result': 'Formula without a value',
  'contacts.problem.cell-error': 'Cell error value',
  'contacts.problem.undecodable': 'Unreadable characters',
  'contacts.problem.invalid-number': 'Invalid number',
  'contacts.problem.duplicate-in-file': 'Duplicate in file',
  'contacts.problem.already-in-group': 'Already in group',
  'contacts.problem.opted-out': 'Opted out',
  'contacts.detail.duplicate': '{number} is on line {first} too (the first row is used)',
  'contacts.detail.duplicateSheet': '{number} is on sheet "{sheet}" row {first} too (the first row is used)',
  'contacts.detail.inGroup': '{number} is already in group "{group}" (the existing contact is kept)',
  'contacts.detail.optedOut': '{number} is on the opt-out list: not imported',
  'contacts.detail.fieldCount': 'This row has {fields} fields, the header {expected}: a stray delimiter or a line break outside quotes?',
  'contacts.detail.extraColumn': 'A value in column {column}, which has no header: it would be lost',
  'contacts.detail.malformed-row': 'This row is malformed: check delimiters, quotes and field lengths',
  'contacts.detail.formula-without-result': 'A formula that was never calculated: open and save the file in Excel, then import it',
  'contacts.detail.cell-error': 'An error value (such as #N/A) in a cell: fix it in Excel, then import',
  'contacts.detail.undecodable': 'Characters that cannot be read: save the file as UTF-8 or GBK',
  'contacts.detail.invalid-number': 'Invalid number',
  'contacts.detail.duplicate-in-file': 'Duplicate in the file (the first row is used)',
  'contacts.detail.already-in-group': 'Already in the group (the existing contact is kept)',
  'contacts.detail.opted-out': 'Opted out: not imported',
  // What is wrong with a number (shared/phone.ts): the import wizard, the delivery log, the CLI.
  'deliveryLog.phone.empty': 'The number is empty',
  'deliveryLog.phone.not-digits': 'The number contains characters other than digits',
  'deliveryLog.phone.wrong-length': 'The number is not 11 digits (after +86)',
  'deliveryLog.phone.not-mobile': 'Not a mainland mobile number (must start with 13-19)',
  'deliveryLog.phone.foreign': 'The country code is not +86',
};
