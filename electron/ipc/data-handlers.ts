// Handlers of the data channels (shared/ipc/data.contract.ts): the delivery log, contacts, gateway
// accounts and the sending rules. Arguments arrive validated by register.ts; this file adapts the
// store and the services (LogViews, ImportExportService, WorkspaceSettings) to JSON-safe results.
// Errors keep their service codes (StoreError 'invalid_input', IoError 'cancelled', LogViewError
// 'invalid-msg-id', ...) so the window can say what happened in the operator's language.
//
// The workspace is read at CALL time (deps.workspace is a getter: the operator switches between
// the demo gateway's database and the real one); per-workspace state (log views) is keyed by it.
import { basename } from 'node:path';
import type { AccountSettingsArgs, AccountView } from '../../shared/ipc/contract/accounts.js';
import type { ContactView, GroupView, ImportCountsView, ImportPreviewView } from '../../shared/ipc/contract/contacts.js';
import type { Meaning } from '../../shared/ipc/contract/fields.js';
import type { JobProgress } from '../../shared/ipc/contract/jobs.js';
import type { LogDetail, LogExportDone, LogFilterArgs, LogRow, LogSegment, MsgIdForms } from '../../shared/ipc/contract/log.js';
import type { SendingRulesView } from '../../shared/ipc/contract/settings.js';
import type { ACCOUNTS_INVOKE } from '../../shared/ipc/channels/accounts.js';
import type { CONTACTS_INVOKE } from '../../shared/ipc/channels/contacts.js';
import type { JOBS_INVOKE } from '../../shared/ipc/channels/jobs.js';
import type { LOG_INVOKE } from '../../shared/ipc/channels/log.js';
import type { SETTINGS_INVOKE } from '../../shared/ipc/channels/settings.js';
import type { PayloadOf } from '../../shared/ipc/contract.js';
import { IpcFailure } from '../../shared/ipc/envelope.js';
import { shownFileName } from './dialogs.js';
import { msgIdTo22, msgIdToDecimal, msgIdToHex } from '../../shared/msg-id.js';
import { submitResultText } from '../cmpp/wire/result-codes.js';
import type { ContactImportPreview } from '../services/contacts/contacts-import.js';
import { LogViews, type LogViewFilter, type LogViewRow } from '../store/log-view.js';
import type { SendingSettings } from '../services/settings/settings.js';
import type { Workspace } from '../services/workspace.js';
import type { Account } from '../store/accounts.js';
import type { Contact, ContactGroup } from '../store/contacts.js';
import type { LogFilter } from '../store/delivery-log.js';
import { testConnection } from '../services/sending/connection-test.js';
import { DataJobs } from './data-jobs.js';
import type { HandlerDeps } from './handlers.js';
import type { HandlerTable } from './register.js';

export type DataHandlers = Pick<HandlerTable, (typeof LOG_INVOKE | typeof CONTACTS_INVOKE | typeof ACCOUNTS_INVOKE | typeof SETTINGS_INVOKE | typeof JOBS_INVOKE)[number]>;

/** Options for tests: shorter connection-test grace, progress throttling. */
export interface DataHandlerOptions {
  connectionTestGraceMs?: number;
  progressIntervalMs?: number;
}

/** Import files picked in this session (id -> path); the renderer only ever holds the id. */
const PICKED_FILES_MAX = 32;

export function createDataHandlers(deps: HandlerDeps, options: DataHandlerOptions = {}): DataHandlers {
  const emit = emitterOf(deps);
  const jobs = new DataJobs((p) => emit('data.progress', p), options.progressIntervalMs);
  const views = new WeakMap<Workspace, LogViews>();
  const picked = new Map<number, { path: string; rows: number | null }>();
  let nextFileId = 1;

  const ws = (): Workspace => {
    const w = deps.workspace;
    if (!w) throw new IpcFailure('no-workspace', 'the database is not open yet (the desk is starting or switching gateways); try again in a moment');
    return w;
  };
  const logViews = (w: Workspace): LogViews => {
    let v = views.get(w);
    if (!v) views.set(w, (v = new LogViews(w.store)));
    return v;
  };
  const dialogs = () => {
    if (!deps.dialogs) throw new IpcFailure('no-dialogs', 'file dialogs are not available in this window');
    return deps.dialogs;
  };
  const pickedFile = (fileId: number) => {
    const f = picked.get(fileId);
    if (!f) throw new IpcFailure('file-expired', 'that file is no longer selected; choose the file again');
    return f;
  };

  const names = (w: Workspace) => {
    const accounts = new Map(w.store.accounts.list().map((a) => [a.id, a.name]));
    const campaigns = new Map<number, string | null>();
    return {
      account: (id: number) => accounts.get(id) ?? `#${id}`,
      campaign: (id: number | null) => {
        if (id === null) return null;
        if (!campaigns.has(id)) {
          try {
            campaigns.set(id, w.store.campaigns.get(id).name);
          } catch {
            campaigns.set(id, null);
          }
        }
        return campaigns.get(id) ?? null;
      },
    };
  };
  const logRow = (n: ReturnType<typeof names>, r: LogViewRow): LogRow => ({
    ...r,
    campaignName: n.campaign(r.campaignId),
    accountName: n.account(r.accountId),
  });

  const groupView = (w: Workspace, g: ContactGroup): GroupView => ({ ...g, importing: w.io.importInProgress(g.id) });

  return {
    // ---- delivery log ----
    'log.options': () => {
      const w = ws();
      return {
        campaigns: w.store.campaigns.list().map((c) => ({ id: c.id, name: c.name, state: c.state, createdAt: c.createdAt })),
        accounts: w.store.accounts.list().map((a) => ({ id: a.id, name: a.name })),
      };
    },
    'log.open': async ({ filter, firstPage, replaces }) => {
      const w = ws();
      const lv = logViews(w);
      if (replaces !== undefined) lv.close(replaces);
      const { viewId } = lv.open(viewFilter(filter));
      if (firstPage === undefined) return { viewId, page: null };
      const page = await lv.page(viewId, 0, firstPage);
      const n = names(w);
      return { viewId, page: { ...page, rows: page.rows.map((r) => logRow(n, r)) } };
    },
    'log.count': async ({ viewId }) => ({ total: await logViews(ws()).count(viewId) }),
    'log.page': async ({ viewId, offset, limit }) => {
      const w = ws();
      const page = await logViews(w).page(viewId, offset, limit);
      const n = names(w);
      return { ...page, rows: page.rows.map((r) => logRow(n, r)) };
    },
    'log.close': ({ viewId }) => {
      const w = deps.workspace;
      if (w) logViews(w).close(viewId);
      return null;
    },
    'log.detail': ({ messageId }): LogDetail => {
      const w = ws();
      const { message, segments } = w.store.log.detail(messageId);
      const sent = logViews(w).sentWith(messageId);
      const n = names(w);
      return {
        message: logRow(n, {
          id: message.id,
          campaignId: message.campaignId,
          accountId: message.accountId,
          number: message.number,
          state: message.state,
          rollup: message.rollup,
          stat: message.stat,
          result: message.result,
          reason: message.reason,
          segmentCount: message.segmentCount,
          billedCount: message.billedCount,
          possibleDuplicate: message.possibleDuplicate,
          createdAt: message.createdAt,
          submittedAt: message.submittedAt,
          doneAt: message.doneAt,
        }),
        text: sent?.text ?? null,
        srcId: sent?.srcId ?? null,
        serviceId: sent?.serviceId ?? null,
        segments: segments.map(
          (s): LogSegment => ({
            pkNumber: s.pkNumber,
            pkTotal: s.pkTotal,
            state: s.state,
            msgId: s.msgId === null ? null : msgIdForms(s.msgId),
            pduMsgId: s.pduMsgId === null || s.pduMsgId === s.msgId ? null : msgIdForms(s.pduMsgId),
            result: s.result,
            resultText: s.result === null ? null : resultMeaning(s.result),
            stat: s.stat,
            reason: s.reason,
            sequenceId: s.sequenceId,
            connection: s.connection,
            submitAt: s.submitAt,
            responseAt: s.responseAt,
            reportAt: s.reportAt,
            doneTime: s.doneTime,
            sendCount: s.sendCount,
          }),
        ),
      };
    },
    'log.export': async ({ viewId, format, lang, jobKey }): Promise<LogExportDone | null> => {
      const w = ws();
      const lv = logViews(w);
      const filter = lv.filterOf(viewId);
      const storeFilter = exportFilter(filter);
      const out = await dialogs().saveFile({
        title: lang === 'zh-CN' ? '导出发送记录' : 'Export the delivery log',
        defaultName: `${lang === 'zh-CN' ? '发送记录' : 'delivery-log'}-${stamp()}.${format}`,
        filters: [format === 'csv' ? { name: 'CSV', extensions: ['csv'] } : { name: 'Excel', extensions: ['xlsx'] }],
      });
      if (out === null) return null;
      const total = lv.totalOf(viewId);
      return jobs.run('log-export', jobKey, async ({ signal, progress }) => {
        const r = await w.io.exportDeliveryLog({ format, out, filter: storeFilter, lang, signal, onProgress: (p) => progress(p.messages, total) });
        progress(r.messages, total);
        return { file: shownFileName(deps.dialogs, r.file), rows: r.rows, messages: r.messages };
      });
    },

    // ---- contacts ----
    'contacts.groups': () => {
      const w = ws();
      return w.store.contacts.listGroups().map((g) => groupView(w, g));
    },
    'contacts.createGroup': ({ name }) => {
      const w = ws();
      return groupView(w, w.store.contacts.createGroup(name.trim()));
    },
    'contacts.renameGroup': ({ groupId, name }) => {
      const w = ws();
      return groupView(w, w.store.contacts.renameGroup(groupId, name.trim()));
    },
    'contacts.deleteGroup': async ({ groupId, jobKey }) => {
      const w = ws();
      const group = w.store.contacts.getGroup(groupId);
      if (w.io.importInProgress(groupId)) throw new IpcFailure('busy', `an import into group "${group.name}" is running; wait for it or cancel it first`);
      // Not cancellable: a half-deleted group would be neither the old one nor gone.
      await jobs.run(
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
      const w = ws();
      w.store.contacts.getGroup(groupId);
      const members = w.store.contacts.members(groupId, afterId ?? 0, limit).map(contactView);
      return { members, nextAfterId: members.length === limit ? members[members.length - 1]!.id : null };
    },
    'contacts.findMember': ({ groupId, number }) => {
      const found = ws().store.contacts.findMember(groupId, number);
      return found ? contactView(found) : null;
    },
    'contacts.removeMember': ({ groupId, number }) => ws().store.contacts.removeMember(groupId, number),
    'contacts.pickImportFile': async () => {
      const path = await dialogs().openFile({
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
        throw new IpcFailure('not_found', `cannot read ${basename(path)}; check that the file still exists`);
      }
      const fileId = nextFileId++;
      picked.set(fileId, { path, rows: null });
      while (picked.size > PICKED_FILES_MAX) picked.delete(picked.keys().next().value!);
      return { fileId, name: basename(path), bytes };
    },
    'contacts.previewImport': ({ fileId, groupId, jobKey }) => {
      const w = ws();
      const file = pickedFile(fileId);
      return jobs.run('contacts-preview', jobKey, async ({ signal, progress }) => {
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
      const w = ws();
      const file = pickedFile(fileId);
      if ((groupId === undefined) === (newGroupName === undefined)) {
        throw new IpcFailure('invalid-args', 'choose an existing group or name a new one (exactly one of them)');
      }
      const target = groupId !== undefined ? { groupId } : { groupName: newGroupName!.trim(), create: true };
      return jobs.run('contacts-import', jobKey, async ({ signal, progress }) => {
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
      const w = ws();
      const group = w.store.contacts.getGroup(groupId);
      const out = await dialogs().saveFile({
        title: lang === 'zh-CN' ? '导出联系人' : 'Export contacts',
        defaultName: `${safeFileName(group.name)}-${stamp()}.${format}`,
        filters: [format === 'csv' ? { name: 'CSV', extensions: ['csv'] } : { name: 'Excel', extensions: ['xlsx'] }],
      });
      if (out === null) return null;
      return jobs.run('contacts-export', jobKey, async ({ signal, progress }) => {
        const r = await w.io.exportContacts(groupId, { format, out, lang, signal, onProgress: (p) => progress(p.rows, p.total) });
        return { file: shownFileName(deps.dialogs, r.file), rows: r.rows };
      });
    },

    // ---- accounts ----
    'accounts.list': () => ws().store.accounts.list().map(accountView),
    'accounts.create': ({ settings, secret }) => {
      const w = ws();
      const a = w.store.accounts.create({ ...settings, name: settings.name.trim(), host: settings.host.trim(), secret }, w.now());
      w.store.audit.append({ actor: w.actor, action: 'account.create', accountId: a.id, details: { name: a.name, host: a.host, port: a.port } });
      return accountView(a);
    },
    'accounts.update': async ({ id, settings, secret }) => {
      const w = ws();
      const a = w.store.accounts.patch(id, { ...settings, name: settings.name.trim(), host: settings.host.trim(), ...(secret === undefined ? {} : { secret }) }, w.now());
      w.store.audit.append({ actor: w.actor, action: 'account.update', accountId: id, details: { name: a.name, secretChanged: secret !== undefined } });
      // A connected account keeps its old settings until its session is rebuilt: reconnect the
      // workspace (pools and pump start afresh from the rows), as after a resume from sleep.
      const pool = w.existingPool(id);
      if (pool && pool.state !== 'stopped') {
        if (deps.live) await deps.live.reconnect();
        else await w.resetPool(id);
      }
      return accountView(a);
    },
    'accounts.remove': async ({ id }) => {
      const w = ws();
      const name = w.store.accounts.get(id).name;
      w.store.accounts.remove(id);
      w.store.audit.append({ actor: w.actor, action: 'account.remove', accountId: id, details: { name } });
      await w.resetPool(id);
      return null;
    },
    'accounts.test': async ({ id, settings, secret, timeoutMs }) => {
      const w = ws();
      let key = secret;
      if (key === undefined) {
        if (id === undefined) throw new IpcFailure('invalid-args', 'enter the shared secret to test a new account');
        key = w.store.accounts.getSecret(id);
      }
      return testConnection(settings, key, {
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        ...(options.connectionTestGraceMs === undefined ? {} : { graceMs: options.connectionTestGraceMs }),
        ...(id === undefined ? {} : { onDeliver: (deliver, info) => w.router.onDeliver(id, deliver, info) }),
      });
    },

    // ---- sending rules ----
    'rules.get': () => rulesView(ws().settings.snapshot()),
    'rules.update': (patch) => {
      const w = ws();
      // Commercial SMS must offer an opt-out: an empty list would silently end it.
      if (patch.optOutKeywords !== undefined && patch.optOutKeywords.every((k) => k.trim() === '')) {
        throw new IpcFailure('invalid_input', 'keep at least one opt-out keyword: commercial SMS must offer a way to unsubscribe');
      }
      const next = w.settings.update(patch);
      w.store.audit.append({ actor: w.actor, action: 'settings.update', details: { changed: Object.keys(patch) } });
      return rulesView(next);
    },

    'jobs.cancel': (jobKey) => jobs.cancel(jobKey),
  };
}

// ---- mapping --------------------------------------------------------------------------------

/** The EventBatcher main passes as `events` also emits; without one (unit tests) events are dropped. */
function emitterOf(deps: HandlerDeps): (channel: 'data.progress', payload: JobProgress) => void {
  const events = deps.events as { emit?: (channel: 'data.progress', payload: PayloadOf<'data.progress'>) => void };
  return typeof events.emit === 'function' ? (c, p) => events.emit!(c, p) : () => undefined;
}

function viewFilter(f: LogFilterArgs): LogViewFilter {
  const out: LogViewFilter = {};
  for (const [k, v] of Object.entries(f)) if (v !== undefined && !(Array.isArray(v) && v.length === 0)) (out as Record<string, unknown>)[k] = v;
  if (typeof out.stat === 'string') out.stat = out.stat.trim();
  if (typeof out.msgId === 'string') out.msgId = out.msgId.trim();
  if (typeof out.number === 'string') out.number = out.number.trim();
  if (out.directOnly === false) delete out.directOnly;
  return out;
}

/** The view's filter as the store's: the export applies every filter the view does, with the same meaning. */
function exportFilter(f: LogViewFilter): LogFilter {
  const out: LogFilter = {};
  if (f.accountId !== undefined) out.accountId = f.accountId;
  if (f.campaignId !== undefined) out.campaignId = f.campaignId;
  if (f.directOnly !== undefined) out.directOnly = f.directOnly;
  if (f.states !== undefined) out.states = f.states;
  if (f.stat !== undefined) out.stat = f.stat;
  if (f.number !== undefined) out.number = f.number;
  if (f.msgId !== undefined) out.msgId = f.msgId;
  if (f.from !== undefined) out.from = f.from;
  if (f.to !== undefined) out.to = f.to;
  return out;
}

function msgIdForms(id: bigint): MsgIdForms {
  return { decimal: msgIdToDecimal(id), digits22: msgIdTo22(id), hex: msgIdToHex(id) };
}

function resultMeaning(result: number): Meaning {
  return { zh: submitResultText(result, 'zh'), en: submitResultText(result, 'en') };
}

function contactView(c: Contact): ContactView {
  return { id: c.id, number: c.number, name: c.name, fields: c.fields, createdAt: c.createdAt };
}

function countsView(c: ImportCountsView): ImportCountsView {
  return {
    rows: c.rows,
    valid: c.valid,
    malformed: c.malformed,
    invalidNumber: c.invalidNumber,
    duplicateInFile: c.duplicateInFile,
    alreadyInGroup: c.alreadyInGroup,
    optedOut: c.optedOut,
    blank: c.blank,
    notChinaMobile: c.notChinaMobile,
  };
}

const ISSUES_SHOWN = 2000;

function previewView(fileId: number, p: ContactImportPreview): ImportPreviewView {
  const shown = p.issues.slice(0, ISSUES_SHOWN);
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
    dedupeRule: { zh: p.dedupeRule.zh, en: p.dedupeRule.en },
    counts: countsView(p.counts),
    issues: shown.map((i) => ({
      line: i.line,
      ...(i.sheet === undefined ? {} : { sheet: i.sheet }),
      input: i.input,
      problem: i.problem,
      ...(i.phoneProblem === undefined ? {} : { phoneProblem: i.phoneProblem }),
      message: i.message,
    })),
    issuesOmitted: p.issuesOmitted + (p.issues.length - shown.length),
    sample: p.sample.map((r) => ({ line: r.line, ...(r.sheet === undefined ? {} : { sheet: r.sheet }), number: r.number, name: r.name, fields: r.fields, status: r.status })),
    warnings: [...p.warnings],
    group: p.group,
  };
}

function accountView(a: Account): AccountView {
  const settings: AccountSettingsArgs = {
    name: a.name,
    host: a.host,
    port: a.port,
    version: a.version,
    spId: a.spId,
    serviceId: a.serviceId,
    srcId: a.srcId,
    connections: a.connections,
    window: a.window,
    rate: a.rate,
    destsPerSubmit: a.destsPerSubmit,
    activeTestIntervalMs: a.activeTestIntervalMs,
    responseTimeoutMs: a.responseTimeoutMs,
    maxSends: a.maxSends,
    tls: a.tls,
    strictAuthenticator: a.strictAuthenticator,
    signature: a.signature,
    signaturePosition: a.signaturePosition,
    gatewayAppends: a.gatewayAppends,
    feeType: a.feeType as AccountSettingsArgs['feeType'],
    feeCode: a.feeCode,
    feeUserType: a.feeUserType as AccountSettingsArgs['feeUserType'],
    feeTerminalId: a.feeTerminalId,
    registeredDelivery: a.registeredDelivery as AccountSettingsArgs['registeredDelivery'],
    maxSegments: a.maxSegments,
    useGbk: a.useGbk,
    reportWaitMs: a.reportWaitMs,
  };
  return { id: a.id, ...settings, secretSet: true, createdAt: a.createdAt, updatedAt: a.updatedAt };
}

function rulesView(s: SendingSettings): SendingRulesView {
  return {
    quietHours: s.quietHours === null ? null : { start: s.quietHours.start, end: s.quietHours.end },
    frequencyCap: s.frequencyCap === null ? null : { max: s.frequencyCap.max, windowMs: s.frequencyCap.windowMs },
    requireSignature: s.requireSignature,
    sensitiveWords: [...s.sensitiveWords],
    optOutKeywords: [...s.optOutKeywords],
    optInKeywords: [...s.optInKeywords],
    optOutConfirmation: s.optOutConfirmation,
    optInConfirmation: s.optInConfirmation,
  };
}

function stamp(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}`;
}

/** A group name as part of a file name: path separators and reserved characters replaced. */
function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\0-\x1f]/g, '_').slice(0, 80) || 'contacts';
}
