// Contact groups of any size (1,000,000 members is a normal group): members are added and read in
// chunks so the main process can yield between them. Extra spreadsheet columns are kept per contact
// as merge fields (JSON text).
import { charCount, INPUT_LIMITS as L, limitText } from '../../shared/input-limits.js';
import type Database from 'better-sqlite3';
import { conflict, invalid, notFound } from './errors.js';
import { requireNumberKey } from './number-key.js';
import { checkText } from './validate.js';
import { writeTransaction, writeTransactionFn } from './transactions.js';
import { detail, shownValue } from '../../shared/error-detail.js';

export interface ContactGroup {
  id: number;
  name: string;
  size: number;
  createdAt: number;
}

export interface ContactInput {
  number: string;
  name?: string;
  /** Merge fields: column name -> cell text. */
  fields?: Record<string, string>;
}

export interface Contact {
  id: number;
  groupId: number;
  number: string;
  name: string;
  fields: Record<string, string>;
  createdAt: number;
}

/** What to do with a number already in the group: keep the first row, or let the new row replace it. */
export type DuplicateRule = 'keep-first' | 'replace';

export interface AddProgress {
  /** Rows read from the input so far. */
  processed: number;
  added: number;
  /** Rows whose number was already in the group and replaced it (rule 'replace'). */
  replaced: number;
  /** Rows whose number was already in the group and were dropped (rule 'keep-first'). */
  duplicates: number;
  /** Duration of the last chunk's transaction. */
  chunkMs: number;
}

interface ContactRow {
  id: number;
  group_id: number;
  number: string;
  name: string;
  fields: string;
  created_at: number;
}

const fromRow = (r: ContactRow): Contact => ({
  id: r.id,
  groupId: r.group_id,
  number: r.number,
  name: r.name,
  fields: JSON.parse(r.fields) as Record<string, string>,
  createdAt: r.created_at,
});

export class Contacts {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      insertGroup: db.prepare('INSERT INTO contact_groups (name, created_at) VALUES (?, ?)'),
      groupById: db.prepare('SELECT id, name, size, created_at AS createdAt FROM contact_groups WHERE id = ?'),
      groupByName: db.prepare('SELECT id, name, size, created_at AS createdAt FROM contact_groups WHERE name = ?'),
      groups: db.prepare('SELECT id, name, size, created_at AS createdAt FROM contact_groups ORDER BY name'),
      renameGroup: db.prepare('UPDATE contact_groups SET name = ? WHERE id = ?'),
      addSize: db.prepare('UPDATE contact_groups SET size = size + ? WHERE id = ?'),
      deleteGroup: db.prepare('DELETE FROM contact_groups WHERE id = ?'),
      insertIgnore: db.prepare(
        'INSERT INTO contacts (group_id, number, name, fields, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (group_id, number) DO NOTHING',
      ),
      replace: db.prepare('UPDATE contacts SET name = ?, fields = ? WHERE group_id = ? AND number = ?'),
      page: db.prepare(
        'SELECT id, group_id, number, name, fields, created_at FROM contacts WHERE group_id = ? AND id > ? ORDER BY id LIMIT ?',
      ),
      // The UNIQUE (group_id, number) index, read in number order: covering, and already in the
      // order the outbox writes a campaign's messages in (enqueue.ts), so nothing is sorted.
      numberPage: db.prepare('SELECT number FROM contacts WHERE group_id = ? AND number > ? ORDER BY number LIMIT ?').pluck(),
      byNumber: db.prepare('SELECT id, group_id, number, name, fields, created_at FROM contacts WHERE group_id = ? AND number = ?'),
      groupsOf: db.prepare(
        'SELECT g.id, g.name, g.size, g.created_at AS createdAt FROM contacts c JOIN contact_groups g ON g.id = c.group_id WHERE c.number = ? ORDER BY g.name',
      ),
      removeMember: db.prepare('DELETE FROM contacts WHERE group_id = ? AND number = ?'),
      deleteChunk: db.prepare('DELETE FROM contacts WHERE id IN (SELECT id FROM contacts WHERE group_id = ? ORDER BY id LIMIT ?)'),
      // Import support (electron/services/contacts-import.ts).
      // CROSS JOIN keeps json_each outside: otherwise the planner walks the whole group per number.
      existing: db.prepare(
        'SELECT c.number FROM json_each(?) j CROSS JOIN contacts c ON c.group_id = ? AND c.number = j.value',
      ).pluck(),
      maxId: db.prepare('SELECT coalesce(max(id), 0) FROM contacts').pluck(),
      // Merge-field checks at campaign creation: stop at the first member that has it.
      hasField: db.prepare('SELECT 1 FROM contacts c WHERE c.group_id = ? AND EXISTS (SELECT 1 FROM json_each(c.fields) j WHERE j.key = ?) LIMIT 1').pluck(),
      hasName: db.prepare("SELECT 1 FROM contacts WHERE group_id = ? AND name <> '' LIMIT 1").pluck(),
      fieldKeys: db.prepare('SELECT DISTINCT j.key FROM contacts c, json_each(c.fields) j WHERE c.group_id = ? LIMIT ?').pluck(),
      removeImported: db.prepare(
        'DELETE FROM contacts WHERE id IN (SELECT id FROM contacts WHERE group_id = ? AND id > ? AND created_at = ? ORDER BY id LIMIT ?)',
      ),
    };
  }

  createGroup(name: string, now = Date.now()): ContactGroup {
    checkText(name, 'group name', 1, 100);
    if (this.s.groupByName.get(name)) throw conflict(`a group named "${name}" already exists`, detail('group-name-taken', 'name', { name }));
    const id = Number(this.s.insertGroup.run(name, now).lastInsertRowid);
    return this.getGroup(id);
  }

  getGroup(id: number): ContactGroup {
    const g = this.s.groupById.get(id) as ContactGroup | undefined;
    if (!g) throw notFound(`contact group ${id} does not exist`);
    return g;
  }

  findGroup(name: string): ContactGroup | null {
    return (this.s.groupByName.get(name) as ContactGroup | undefined) ?? null;
  }

  listGroups(): ContactGroup[] {
    return this.s.groups.all() as ContactGroup[];
  }

  renameGroup(id: number, name: string): ContactGroup {
    checkText(name, 'group name', 1, 100);
    const other = this.findGroup(name);
    if (other && other.id !== id) throw conflict(`a group named "${name}" already exists`, detail('group-name-taken', 'name', { name }));
    if (this.s.renameGroup.run(name, id).changes === 0) throw notFound(`contact group ${id} does not exist`);
    return this.getGroup(id);
  }

  /**
   * Adds members chunk by chunk: each `next()` reads up to `chunkSize` rows, validates them all,
   * then writes them in one transaction. A bad row throws before its chunk is written (earlier
   * chunks stay: import previews validate rows before saving). The group's size is kept per chunk.
   */
  *addMembers(
    groupId: number,
    rows: Iterable<ContactInput>,
    { rule = 'keep-first', chunkSize = 10_000, now = Date.now() }: { rule?: DuplicateRule; chunkSize?: number; now?: number } = {},
  ): Generator<AddProgress, AddProgress> {
    this.getGroup(groupId);
    if (rule !== 'keep-first' && rule !== 'replace') throw invalid(`duplicate rule must be 'keep-first' or 'replace', got ${String(rule)}`, detail('not-in-set', 'duplicate rule', { allowed: 'keep-first / replace', value: shownValue(rule) }));
    const progress: AddProgress = { processed: 0, added: 0, replaced: 0, duplicates: 0, chunkMs: 0 };
    const write = writeTransactionFn(this.db, (chunk: { number: string; name: string; fields: string }[]) => {
      let added = 0;
      for (const c of chunk) {
        if (this.s.insertIgnore.run(groupId, c.number, c.name, c.fields, now).changes === 1) added++;
        else if (rule === 'replace') {
          this.s.replace.run(c.name, c.fields, groupId, c.number);
          progress.replaced++;
        } else progress.duplicates++;
      }
      this.s.addSize.run(added, groupId);
      progress.added += added;
    });
    let chunk: { number: string; name: string; fields: string }[] = [];
    const flush = () => {
      const t0 = performance.now();
      write(chunk);
      progress.processed += chunk.length;
      progress.chunkMs = performance.now() - t0;
      chunk = [];
      return { ...progress };
    };
    let row = 0;
    for (const r of rows) {
      row++;
      chunk.push(validateContact(r, row));
      if (chunk.length >= chunkSize) yield flush();
    }
    if (chunk.length > 0) yield flush();
    return { ...progress };
  }

  /** Keyset paging in insertion order: pass the last id seen (0 to start). */
  members(groupId: number, afterId = 0, limit = 1000): Contact[] {
    return (this.s.page.all(groupId, afterId, limit) as ContactRow[]).map(fromRow);
  }

  /** All members, `chunkSize` rows at a time (each array is one indexed query). */
  *memberChunks(groupId: number, chunkSize = 10_000): Generator<Contact[]> {
    let after = 0;
    for (;;) {
      const page = this.members(groupId, after, chunkSize);
      if (page.length === 0) return;
      yield page;
      after = page[page.length - 1]!.id;
    }
  }

  /**
   * Only the members' numbers, in number order, `chunkSize` at a time: what a campaign without
   * merge fields needs (a 1,000,000-member group then costs no Contact objects, no JSON parse of
   * their fields and no sort).
   */
  *numberChunks(groupId: number, chunkSize = 10_000): Generator<string[]> {
    let after = '';
    for (;;) {
      const numbers = this.s.numberPage.all(groupId, after, chunkSize) as string[];
      if (numbers.length === 0) return;
      yield numbers;
      after = numbers[numbers.length - 1]!;
    }
  }

  findMember(groupId: number, number: string): Contact | null {
    const r = this.s.byNumber.get(groupId, requireNumberKey(number)) as ContactRow | undefined;
    return r ? fromRow(r) : null;
  }

  /** The groups a number belongs to. */
  groupsOf(number: string): ContactGroup[] {
    return this.s.groupsOf.all(requireNumberKey(number)) as ContactGroup[];
  }

  removeMember(groupId: number, number: string): boolean {
    return writeTransaction(this.db, () => {
      const removed = this.s.removeMember.run(groupId, requireNumberKey(number)).changes;
      this.s.addSize.run(-removed, groupId);
      return removed === 1;
    });
  }

  /** Which of these numbers (already normalised) are members of the group: one indexed query. */
  existingMembers(groupId: number, numbers: readonly string[]): Set<string> {
    if (numbers.length === 0) return new Set();
    return new Set(this.s.existing.all(JSON.stringify(numbers), groupId) as string[]);
  }

  /** Whether any member of the group has this merge field. */
  groupHasField(groupId: number, key: string): boolean {
    return this.s.hasField.get(groupId, key) !== undefined;
  }

  /** Whether any member of the group has a name. */
  groupHasName(groupId: number): boolean {
    return this.s.hasName.get(groupId) !== undefined;
  }

  /** Up to `limit` merge-field names the group's members have. */
  groupFieldKeys(groupId: number, limit = 50): string[] {
    return this.s.fieldKeys.all(groupId, limit) as string[];
  }

  /** The highest contact id: rows an import adds get larger ids (its rollback watermark). */
  maxContactId(): number {
    return this.s.maxId.get() as number;
  }

  /**
   * One import chunk in one transaction (nested in the caller's, if any), rows validated as by
   * addMembers, all stamped with `createdAt` (the import's stamp, with the watermark its rollback
   * key). A number already in the group is left as it is (keep-first) and counted in `present`.
   */
  insertImported(groupId: number, rows: readonly ContactInput[], createdAt: number, firstRow = 1): { added: number; present: number } {
    const valid = rows.map((r, i) => validateContact(r, firstRow + i));
    return writeTransaction(this.db, () => {
      let added = 0;
      for (const c of valid) added += this.s.insertIgnore.run(groupId, c.number, c.name, c.fields, createdAt).changes;
      this.s.addSize.run(added, groupId);
      return { added, present: valid.length - added };
    });
  }

  /**
   * Rolls an import back chunk by chunk: removes up to `limit` members of the group with an id
   * above `afterId` and created at `createdAt`; returns how many (0 when done).
   */
  removeImported(groupId: number, afterId: number, createdAt: number, limit = 5_000): number {
    return writeTransaction(this.db, () => {
      const removed = this.s.removeImported.run(groupId, afterId, createdAt, limit).changes;
      this.s.addSize.run(-removed, groupId);
      return removed;
    });
  }

  /** Deletes a group and its members in chunks (each `next()` one transaction); the group row last. */
  *deleteGroup(groupId: number, chunkSize = 10_000): Generator<number, void> {
    this.getGroup(groupId);
    for (;;) {
      const n = writeTransaction(this.db, () => {
        const removed = this.s.deleteChunk.run(groupId, chunkSize).changes;
        this.s.addSize.run(-removed, groupId);
        return removed;
      });
      if (n === 0) break;
      yield n;
    }
    try {
      this.s.deleteGroup.run(groupId);
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw conflict(`group ${groupId} is still referenced`, detail('group-in-use', undefined, { id: groupId }));
      throw e;
    }
  }
}

function validateContact(r: ContactInput, row: number): { number: string; name: string; fields: string } {
  if (!r || typeof r !== 'object') throw invalid(`row ${row}: not a contact`);
  const number = requireNumberKey(r.number, `row ${row}: number`);
  const name = r.name ?? '';
  if (typeof name !== 'string') throw invalid(`row ${row}: name must be text`);
  if (charCount(name, L.contactNameChars) > L.contactNameChars) throw invalid(`row ${row}: the name is longer than ${limitText('contactNameChars')}`, detail('too-long', 'contact name', { max: L.contactNameChars, actual: charCount(name) }));
  const fields = r.fields ?? {};
  if (typeof fields !== 'object' || Array.isArray(fields)) throw invalid(`row ${row}: merge fields must be an object`);
  const entries = Object.entries(fields);
  if (entries.length > L.contactFields) throw invalid(`row ${row}: ${entries.length} merge fields; at most ${limitText('contactFields')}`);
  for (const [k, v] of entries) {
    if (typeof v !== 'string') throw invalid(`row ${row}: merge field "${k.slice(0, 64)}" must be text, got ${typeof v}`);
    if (charCount(k, L.contactFieldNameChars) > L.contactFieldNameChars) throw invalid(`row ${row}: a merge field's name is longer than ${limitText('contactFieldNameChars')}`, detail('too-long', 'merge field name', { max: L.contactFieldNameChars, actual: charCount(k) }));
    if (charCount(v, L.contactFieldValueChars) > L.contactFieldValueChars) throw invalid(`row ${row}: merge field "${k}" is longer than ${limitText('contactFieldValueChars')}`, detail('too-long', 'merge field', { max: L.contactFieldValueChars, actual: charCount(v) }));
  }
  return { number, name, fields: JSON.stringify(fields) };
}
