// Merge fields ({name}, {姓名}, {积分}) resolved for one recipient, and checked at campaign creation.
// An import files the column headed 姓名 (or 名字, 联系人, ...) as the contact's name and the one
// headed 手机号 (or 号码, mobile, ...) as its number, so a field named like such a header means the
// name or the number, exactly as {name} and {number} do: a column is addressable by its header.
import type { Contact, Contacts } from '../../store/contacts.js';
import { isNameHeader, isNumberHeader } from '../contacts/contact-columns.js';
import { CampaignInputError } from './campaign-input.js';
import { detail } from '../../../shared/error-detail.js';

/** The value of one merge field for one recipient (a typed number has no contact), or undefined. */
export function mergeValue(field: string, number: string, contact: Contact | null): string | undefined {
  if (field === 'number') return number;
  if (field === 'name') return contact?.name ?? contact?.fields.name;
  const own = contact?.fields[field];
  if (own !== undefined) return own;
  if (isNumberHeader(field)) return number;
  if (isNameHeader(field)) return contact?.name ?? contact?.fields.name;
  return undefined;
}

/**
 * Refuses a text with a merge field no recipient has (every message would be skipped for it),
 * naming the field and the names the recipients do have. Typed numbers have only their number.
 */
export function checkMergeFields(contacts: Contacts, fields: readonly string[], groupIds: readonly number[]): void {
  for (const field of fields) {
    if (field === 'number' || isNumberHeader(field)) continue;
    const isName = field === 'name' || isNameHeader(field);
    const has = (g: number) => contacts.groupHasField(g, field) || (isName && (contacts.groupHasName(g) || contacts.groupHasField(g, 'name')));
    if (groupIds.some(has)) continue;
    const known = new Set(['number']);
    for (const g of groupIds) {
      if (contacts.groupHasName(g)) known.add('name');
      for (const k of contacts.groupFieldKeys(g)) known.add(k);
    }
    const names = [...known].map((k) => `{${k}}`).join(', ');
    throw CampaignInputError.because(
      `merge field {${field}} has no value for any recipient; the recipients have ${names}` +
        ' (a column headed like 手机号 or 姓名 is also {number} or {name})',
      detail('unknown-merge-field', 'text', { merge: field, known: names }),
    );
  }
}
