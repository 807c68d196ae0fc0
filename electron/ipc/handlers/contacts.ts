// Handlers of contacts (shared/ipc/contract/contacts.ts): groups and members, the import (a file
// picked in main's dialog, previewed, then saved; the renderer only holds the file's id) and the
// export, both as long jobs with progress and cancel.
import { basename } from 'node:path';
import type { CONTACTS_INVOKE } from '../../../shared/ipc/channels/contacts.js';
import { IMPORT_ISSUES_SHOWN, type ContactView, type GroupView, type ImportCountsView, type ImportPreviewView } from '../../../shared/ipc/contract/contacts.js';
import { IpcFailure } from '../../../shared/ipc/envelope.js';
import type { ContactImportPreview } from '../../services/contacts/contacts-import.js';
import type { Workspace } from '../../services/workspace.js';
import type { Contact, ContactGroup } from '../../store/contacts.js';
import { shownFileName } from '../dialogs.js';
import type { HandlerTable } from '../register.js';
import { fileStamp, type HandlerContext } from './context.js';
import { detail } from '../../../shared/error-detail.js';

export type ContactsHandlers = Pick<HandlerTable, (typeof CONTACTS_INVOKE)[number]>;

/** Import files picked in this session (id -> path); the renderer only ever holds the id. */
const PICKED_FILES_MAX = 32;

export function contactsHandlers(ctx: HandlerContext): ContactsHandlers {
  const picked = new Map<number, { path: string; rows: number | null }>();
  let nextFileId = 1;
  const pickedFile = (fileId: number) => {
    const f = picked.get(fileId);
    if (!f) throw new IpcFailure('file-expired', 'that file is no longer selected; choose the file again');
    return f;
  };
  const groupView = (w: Workspace, g: ContactGroup): GroupView => ({ ...g, importing: w.io.importInProgress(g.id) });

  return {
    'contacts.groups': () => {
      const w = ctx.workspace();
      return w.store.contacts.listGroups().map((g) => groupView(w, g));
    },
    'contacts.createGroup': ({ name }) => {
      const w = ctx.workspace();
      return groupView(w, w.store.contacts.createGroup(name.trim()));
    },
    'contacts.renameGroup': ({ groupId, name }) => {
      const w = ctx.workspace();
      return groupView(w, w.store.contacts.renameGroup(groupId, name.trim()));
    },
    'contacts.deleteGroup': async ({ groupId, jobKey }) => {
      const w = ctx.workspace();
      const group = w.store.contacts.getGroup(groupId);
      if (w.io.importInProgress(groupId)) throw new IpcFailure('busy', `an import into group "${group.name}" is running; wait for it or cancel it first`);
      // Not cancellable: a half-deleted group would be neither the old one nor gone.
      await ctx.jobs.run(
        'group-delete',
        jobKey,
        async ({ progress }) => {
          let removed = 0;
          for (const n of w.store.contacts.deleteGroup(groupId)) {
            removed += n;
            progress(removed, group.size);
            await new Promise((resolve) => setImmediate(resolve));
          }
        },
        { cancellable: false },
      );
      return null;
    },
    'contacts.members': ({ groupId, afterId, limit }) => {
      const w = ctx.workspace();
      w.store.contacts.getGroup(groupId);
      const members = w.store.contacts.members(groupId, afterId ?? 0, limit).map(contactView);
      return { members, nextAfterId: members.length === limit ? members[members.length - 1]!.id : null };
    },
    'contacts.findMember': ({ groupId, number }) => {
      const found = ctx.workspace().store.contacts.findMember(groupId, number);
      return found ? contactView(found) : null;
    },
    'contacts.removeMember': ({ groupId, number }) => ctx.workspace().store.contacts.removeMember(groupId, number),
    'contacts.pickImportFile': async () => {
      const path = await ctx.dialogs().openFile({
        title: 'Import contacts / 导入联系人',
        filters: [
          { name: 'CSV / Excel', extensions: ['csv', 'txt', 'xlsx'] },
          { name: 'All files', extensions: ['*'] },
        ],
      });
      if (path === null) return null;
      const { stat } = await import('node:fs/promises');
      let bytes = 0;
      try {
        bytes = (await stat(path)).size;
      } catch {
        throw new IpcFailure('not-found', `cannot read ${basename(path)}; check that the file still exists`);
      }
      const fileId = nextFileId++;
      picked.set(fileId, { path, rows: null });
      while (picked.size > PICKED_FILES_MAX) picked.delete(picked.keys().next().value!);
      return { fileId, name: basename(path), bytes };
    },
    'contacts.previewImport': ({ fileId, groupId, jobKey }) => {
      const w = ctx.workspace();
      const file = pickedFile(fileId);
      return ctx.jobs.run('contacts-preview', jobKey, async ({ signal, progress }) => {
        const p = await w.io.previewContacts(file.path, groupId === undefined ? undefined : { groupId }, {
          signal,
          onProgress: (e) => progress(e.rows, null),
        });
        file.rows = p.counts.rows;
        progress(p.counts.rows, p.counts.rows);
        return previewView(fileId, p);
      });
    },
    'contacts.import': ({ fileId, sha256, groupId, newGroupName, jobKey }) => {
      const w = ctx.workspace();
      const file = pickedFile(fileId);
      if ((groupId === undefined) === (newGroupName === undefined)) {
        throw new IpcFailure('invalid-args', 'choose an existing group or name a new one (exactly one of them)', detail('group-or-new-name'));
      }
      const target = groupId !== undefined ? { groupId } : { groupName: newGroupName!.trim(), create: true };
      return ctx.jobs.run('contacts-import', jobKey, async ({ signal, progress }) => {
        const r = await w.io.importContacts(file.path, target, {
          expectedSha256: sha256,
          signal,
          actor: w.actor,
          onProgress: (e) => progress(e.phase === 'save' ? e.rows : 0, file.rows),
        });
        progress(r.counts.rows, file.rows);
        // No group when a new one was asked for and no row was valid: none is created empty.
        return { group: r.group === null ? null : groupView(w, w.store.contacts.getGroup(r.group.id)), createdGroup: r.createdGroup, added: r.added, counts: countsView(r.counts) };
      });
    },
    'contacts.export': async ({ groupId, format, lang, jobKey }) => {
      const w = ctx.workspace();
      const group = w.store.contacts.getGroup(groupId);
      const out = await ctx.dialogs().saveFile({
        title: lang === 'zh-CN' ? '导出联系人' : 'Export contacts',
        defaultName: `${safeFileName(group.name)}-${fileStamp()}.${format}`,
        filters: [format === 'csv' ? { name: 'CSV', extensions: ['csv'] } : { name: 'Excel', extensions: ['xlsx'] }],
      });
      if (out === null) return null;
      return ctx.jobs.run('contacts-export', jobKey, async ({ signal, progress }) => {
        const r = await w.io.exportContacts(groupId, { format, out, lang, signal, onProgress: (p) => progress(p.rows, p.total) });
        return { file: shownFileName(ctx.deps.dialogs, r.file), rows: r.rows };
      });
    },
  };
}

function contactView(c: Contact): ContactView {
  return { id: c.id, number: c.number, name: c.name, fields: c.fields, createdAt: c.createdAt };
}

/** A copy, so a later change inside the service cannot reach an answer already given. */
function countsView(c: ImportCountsView): ImportCountsView {
  return { ...c };
}

function previewView(fileId: number, p: ContactImportPreview): ImportPreviewView {
  const shown = p.issues.slice(0, IMPORT_ISSUES_SHOWN);
  return {
    fileId,
    name: basename(p.file),
    format: p.format,
    encoding: p.encoding ?? null,
    bytes: p.bytes,
    sha256: p.sha256,
    header: p.header,
    numberColumn: p.columns.number.header ?? (p.header === null ? null : `#${p.columns.number.index + 1}`),
    nameColumn: p.columns.name?.header ?? null,
    fieldColumns: p.columns.fields.map((f) => f.key),
    counts: countsView(p.counts),
    issues: shown.map((i) => ({
      line: i.line,
      ...(i.sheet === undefined ? {} : { sheet: i.sheet }),
      input: i.input,
      problem: i.problem,
      ...(i.phoneProblem === undefined ? {} : { phoneProblem: i.phoneProblem }),
      ...(i.detail === undefined ? {} : { detail: i.detail }),
      message: i.message,
    })),
    issuesOmitted: p.issuesOmitted + (p.issues.length - shown.length),
    sample: p.sample.map((r) => ({ line: r.line, ...(r.sheet === undefined ? {} : { sheet: r.sheet }), number: r.number, name: r.name, fields: r.fields, status: r.status })),
    warnings: [...p.warnings],
    group: p.group,
  };
}

/** A group name as part of a file name: path separators and reserved characters replaced. */
function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\0-\x1f]/g, '_').slice(0, 80) || 'contacts';
}
