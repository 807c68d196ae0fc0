// Handlers of the live-operations channels (shared/ipc/live.contract.ts): the mode (demo / real),
// the demo gateway, the monitor, the composer's sending side, campaigns and the inbox. Arguments
// arrive validated by register.ts; this file adapts the services (CampaignService, InboxService,
// the store) to JSON-safe results. Service errors carry a `code` and reach the renderer as is.
import { liveFiguresOf } from '../store/live-figures.js';
import type { CAMPAIGNS_INVOKE } from '../../shared/ipc/channels/campaigns.js';
import type { COMPOSER_INVOKE } from '../../shared/ipc/channels/composer.js';
import type { DEMO_INVOKE } from '../../shared/ipc/channels/demo.js';
import type { INBOX_INVOKE } from '../../shared/ipc/channels/inbox.js';
import type { MONITOR_INVOKE } from '../../shared/ipc/channels/monitor.js';
import type { CampaignDetail } from '../../shared/ipc/contract/campaigns.js';
import type { ComposerAccount, ComposerPreview, EnqueueEvent, SendOutcome } from '../../shared/ipc/contract/composer.js';
import type { DemoStatusView } from '../../shared/ipc/contract/demo.js';
import type { Conversation, MoView, OptEventRow, ReportRow, SentView, ThreadRow } from '../../shared/ipc/contract/inbox.js';
import type { MonitorAccount } from '../../shared/ipc/contract/monitor.js';
import { IpcFailure } from '../../shared/ipc/envelope.js';
import { msgIdToDecimal } from '../../shared/msg-id.js';
import { checkNumberList } from '../../shared/phone.js';
import type { MessagePlan } from '../../shared/plan.js';
import { PlanError, planMessage } from '../sms/index.js';
import type { DemoBehaviour, DemoStatus } from '../services/demo/demo-gateway.js';
import type { InboxMessageView } from '../services/inbox/inbox.js';
import { renderMerge } from '../services/campaigns/sending-rules.js';
import { planOptionsFor } from '../services/campaigns/submit-batches.js';
import type { Workspace } from '../services/workspace.js';
import type { Account } from '../store/accounts.js';
import type { Contact } from '../store/contacts.js';
import { mergeFieldsOf } from '../store/templates.js';
import type { HandlerDeps } from './handlers.js';
import { BatchPlanner } from '../services/composer/batch-plan.js';
import type { LiveSession } from '../services/demo/desk-session.js';
import type { HandlerTable } from './register.js';

type LiveInvoke = (typeof DEMO_INVOKE | typeof MONITOR_INVOKE | typeof COMPOSER_INVOKE | typeof CAMPAIGNS_INVOKE | typeof INBOX_INVOKE)[number];
export type LiveHandlers = Pick<HandlerTable, Exclude<LiveInvoke, 'planner.preview'>>;

// Compile-time guard: the engine's demo status is what the contract promises the renderer.
type Fits<A extends B, B> = A;
export type DemoStatusFits = Fits<DemoStatus, DemoStatusView>;

/** Samples per account returned with a monitor snapshot (the chart shows the last 5 minutes). */
const SNAPSHOT_HISTORY = 300;

class Cancelled extends Error {}

/** ValId_Time in the SMPP relative form (docs/protocol.md "Message bodies": "YYMMDDhhmmss000R"), '' = the gateway's default. */
export function validityToCmppTime(hours: number | undefined): string {
  if (!hours) return '';
  const d = String(Math.floor(hours / 24)).padStart(2, '0');
  const h = String(hours % 24).padStart(2, '0');
  return `0000${d}${h}0000000R`;
}

function describeError(e: unknown): { code: string; message: string } {
  const code = (e as { code?: unknown } | null)?.code;
  return { code: typeof code === 'string' ? code : 'internal', message: e instanceof Error ? e.message : String(e) };
}

function composerAccount(a: Account): ComposerAccount {
  return {
    id: a.id,
    name: a.name,
    version: a.version,
    serviceId: a.serviceId,
    srcId: a.srcId,
    rate: a.rate,
    destsPerSubmit: a.destsPerSubmit,
    signature: a.signature,
    signaturePosition: a.signaturePosition,
    gatewayAppends: a.gatewayAppends,
    useGbk: a.useGbk,
    maxSegments: a.maxSegments,
    registeredDelivery: a.registeredDelivery,
    feeType: a.feeType,
    feeCode: a.feeCode,
    feeUserType: a.feeUserType,
    feeTerminalId: a.feeTerminalId,
  };
}

function moView(m: InboxMessageView): MoView {
  return {
    id: m.id,
    accountId: m.accountId,
    number: m.number,
    destId: m.destId,
    serviceId: m.serviceId,
    text: m.text,
    complete: m.complete,
    segmentTotal: m.segmentTotal,
    segmentReceived: m.segmentReceived,
    campaignId: m.campaignId,
    receivedAt: m.receivedAt,
    handled: m.handled,
    optEvent: m.optEvent,
  };
}

export function createLiveHandlers(deps: HandlerDeps): LiveHandlers {
  const session = (): LiveSession => {
    if (!deps.live) throw new IpcFailure('no-workspace', 'the sending engine is not running; restart CMPP Desk');
    return deps.live;
  };
  const ws = (): Workspace => session().requireWorkspace();
  const account = (w: Workspace, id: number): Account => {
    try {
      return w.store.accounts.get(id);
    } catch {
      throw new IpcFailure('not_found', `gateway account ${id} does not exist (it may have been removed); pick another account`);
    }
  };
  const demo = () => {
    const d = session().demo;
    if (!d) throw new IpcFailure('not-demo', 'the demo gateway is not running; switch to the demo gateway first');
    return d;
  };
  const actor = (w: Workspace) => w.actor;
  /** The text of a composed message: typed, or the template's (never both). */
  const textOf = (w: Workspace, a: { text?: string; templateId?: number }): { text: string; templateId?: number } => {
    if (a.templateId !== undefined) {
      if (a.text !== undefined) throw new IpcFailure('invalid_input', 'give either a text or a template, not both');
      try {
        return { text: w.store.templates.get(a.templateId).text, templateId: a.templateId };
      } catch {
        throw new IpcFailure('not_found', `template ${a.templateId} does not exist; pick another template`);
      }
    }
    return { text: a.text ?? '' };
  };
  const groupsOf = (w: Workspace, ids: number[]) =>
    [...new Set(ids)].map((id) => {
      try {
        return w.store.contacts.getGroup(id);
      } catch {
        throw new IpcFailure('not_found', `contact group ${id} does not exist (it may have been removed); pick the groups again`);
      }
    });
  const planner = new BatchPlanner();

  return {
    // ---- mode and demo gateway ----------------------------------------------------------------
    'mode.get': () => session().info(),
    'mode.set': (mode) => session().setMode(mode),

    'demo.status': () => session().demo?.status() ?? null,
    'demo.setBehaviour': (a) => {
      const d = demo();
      const now = d.behaviour;
      const patch: Partial<DemoBehaviour> = {
        reportDelayMs: { min: a.reportDelayMinMs ?? now.reportDelayMs.min, max: a.reportDelayMaxMs ?? now.reportDelayMs.max },
      };
      if (a.undeliveredPercent !== undefined) patch.undeliveredShare = a.undeliveredPercent / 100;
      if (a.expiredPercent !== undefined) patch.expiredShare = a.expiredPercent / 100;
      if (a.moEverySeconds !== undefined) patch.moEverySeconds = a.moEverySeconds;
      d.setBehaviour(patch);
      return d.status();
    },
    'demo.sendMo': async (a) => {
      await demo().sendMo({ from: a.from, text: a.text, ...(a.ext !== undefined ? { ext: a.ext } : {}) });
      return null;
    },

    // ---- monitor ------------------------------------------------------------------------------
    'monitor.snapshot': () => {
      const s = session();
      const w = ws();
      const accounts: MonitorAccount[] = w.store.accounts.list().map((a) => {
        const pool = w.existingPool(a.id);
        const figures = s.accountFigures(a.id, w);
        return {
          id: a.id,
          name: a.name,
          host: a.host,
          port: a.port,
          version: a.version,
          spId: a.spId,
          rate: a.rate,
          connectionsConfigured: a.connections,
          window: a.window,
          linkState: pool ? pool.state : 'not-connected',
          failure: pool?.state === 'failed' ? (s.failureOf(a.id) ?? 'login failed') : null,
          latest: s.latestOf(a.id),
          queued: figures.queued,
          inDoubt: figures.inDoubt,
        };
      });
      const history = accounts.flatMap((a) => s.historyOf(a.id).slice(-SNAPSHOT_HISTORY));
      return { at: Date.now(), mode: s.mode, accounts, history };
    },
    'monitor.connect': async (id) => {
      const w = ws();
      account(w, id);
      // A failed account (wrong secret, ...) is retried with a fresh engine: the pump keeps each
      // account's pool, so only a re-opened workspace picks up a new one (see live-session.ts).
      if (w.existingPool(id)?.state === 'failed') await session().reconnect();
      else w.pool(id);
      return null;
    },

    // ---- composer -----------------------------------------------------------------------------
    'composer.context': () => {
      const w = ws();
      return {
        accounts: w.store.accounts.list().map(composerAccount),
        groups: w.store.contacts.listGroups().map((g) => ({ id: g.id, name: g.name, size: g.size })),
        templates: w.store.templates.list().map((t) => ({ id: t.id, name: t.name, text: t.text, fields: mergeFieldsOf(t.text) })),
        requireSignature: w.settings.requireSignature,
      };
    },

    'composer.preview': (a) => {
      const w = ws();
      const acc = account(w, a.accountId);
      const { text } = textOf(w, a);
      const fields = mergeFieldsOf(text);
      let planned = text;
      let sample: ComposerPreview['sample'] = null;
      let missingField: string | null = null;
      if (fields.length > 0) {
        // The preview shows the first recipient's message: pasted numbers first, then the groups
        // in order (the order the campaign enqueues them).
        let contact: Contact | null = null;
        let number: string | null = checkNumberList(a.numbers.slice(0, 2000)).numbers[0] ?? null;
        if (number === null) {
          for (const g of groupsOf(w, a.groupIds)) {
            contact = w.store.contacts.members(g.id, 0, 1)[0] ?? null;
            if (contact) break;
          }
          number = contact?.number ?? null;
        }
        if (number !== null) {
          sample = { number, name: contact?.name ?? '' };
          const r = renderMerge(text, (f) => (f === 'number' ? number : f === 'name' ? (contact?.name ?? contact?.fields.name) : contact?.fields[f]));
          if ('missing' in r) missingField = r.missing;
          else planned = r.text;
        }
      }
      let plan: MessagePlan | null = null;
      let error: ComposerPreview['error'] = null;
      if (planned !== '') {
        try {
          plan = planMessage(planned, planOptionsFor(acc, planned));
        } catch (e) {
          if (!(e instanceof PlanError)) throw e;
          error = { code: e.code, message: e.message };
        }
      }
      return { plan, text: planned, mergeFields: fields, sample, missingField, error };
    },

    'composer.plan': async (a) => {
      const w = ws();
      const acc = account(w, a.accountId);
      const { text } = textOf(w, a);
      if (text.trim() === '') throw new IpcFailure('invalid_input', 'the message is empty; type a text or pick a template');
      return planner.plan(w, acc, text, groupsOf(w, a.groupIds), a.numbers);
    },

    'composer.testSend': async (a) => {
      const w = ws();
      account(w, a.accountId);
      const r = await w.campaigns.sendOne({ accountId: a.accountId, to: a.number, text: a.text, actor: actor(w) });
      return { messageId: r.messageId, state: r.state, ...(r.reason !== undefined ? { reason: r.reason } : {}) };
    },

    'composer.send': async (a) => {
      const s = session();
      const w = ws();
      account(w, a.accountId);
      if (s.jobs.has(a.jobId)) throw new IpcFailure('invalid_input', `job ${a.jobId} is already running`);
      const job = { cancelled: false };
      s.jobs.set(a.jobId, job);
      const groups = groupsOf(w, a.groupIds);
      const total = groups.reduce((n, g) => n + g.size, 0) + checkNumberList(a.numbers).numbers.length;
      const progress = (e: Omit<EnqueueEvent, 'jobId' | 'total'>) => s.emitEnqueue({ jobId: a.jobId, total, ...e });
      try {
        progress({ phase: 'validate', read: 0, written: 0, queued: 0, skipped: 0 });
        const { text, templateId } = textOf(w, a);
        let result;
        try {
          result = await w.campaigns.create({
            accountId: a.accountId,
            ...(a.name !== undefined && a.name.trim() !== '' ? { name: a.name.trim() } : {}),
            ...(templateId !== undefined ? { templateId } : { text }),
            groupIds: groups.map((g) => g.id),
            numbers: a.numbers,
            ...(a.serviceId !== undefined ? { serviceId: a.serviceId } : {}),
            ...(a.feeType !== undefined ? { feeType: a.feeType } : {}),
            ...(a.feeCode !== undefined ? { feeCode: a.feeCode } : {}),
            ...(a.feeUserType !== undefined ? { feeUserType: a.feeUserType } : {}),
            ...(a.feeTerminalId !== undefined ? { feeTerminalId: a.feeTerminalId } : {}),
            ...(a.srcIdExt !== undefined ? { srcIdExt: a.srcIdExt } : {}),
            registeredDelivery: a.registeredDelivery ?? 1,
            validTime: validityToCmppTime(a.validityHours),
            scheduleAt: a.scheduleAt ?? null,
            createdBy: actor(w),
            onProgress: (p) => {
              // Throwing here stops the chunked enqueue; CampaignService removes the draft again.
              if (job.cancelled) throw new Cancelled('cancelled');
              progress({ phase: p.phase, read: p.read, written: p.written, queued: p.queued, skipped: p.skipped });
            },
          });
        } catch (e) {
          if (e instanceof Cancelled || job.cancelled) {
            progress({ phase: 'cancelled', read: 0, written: 0, queued: 0, skipped: 0 });
            throw new IpcFailure('cancelled', 'sending was cancelled while the recipients were being queued; nothing was kept');
          }
          progress({ phase: 'failed', read: 0, written: 0, queued: 0, skipped: 0 });
          throw e;
        }
        const id = result.campaign.id;
        let started = false;
        if (a.start) {
          await w.campaigns.start(id);
          started = true;
        }
        s.touchCampaign(id);
        progress({ phase: 'done', read: result.messages, written: result.messages, queued: result.queued, skipped: result.skipped });
        return {
          campaignId: id,
          queued: result.queued,
          skipped: result.skipped,
          skippedByReason: result.skippedByReason,
          invalidCount: result.invalid.length,
          duplicates: result.duplicates,
          started,
        };
      } finally {
        s.jobs.delete(a.jobId);
      }
    },
    'composer.cancelSend': (jobId) => {
      const job = session().jobs.get(jobId);
      if (!job) return false;
      job.cancelled = true;
      return true;
    },

    // ---- campaigns ----------------------------------------------------------------------------
    'campaigns.list': () => {
      const s = session();
      const w = ws();
      return w.campaigns.list().map((c) => s.campaignRow(c, w));
    },
    'campaigns.detail': (id) => {
      const s = session();
      const w = ws();
      let c;
      try {
        c = w.campaigns.get(id);
      } catch {
        throw new IpcFailure('not_found', `campaign ${id} does not exist`);
      }
      const row = s.campaignRow(c, w);
      const acc = w.store.accounts.get(c.accountId);
      // Only failed and unknown messages are grouped (the (campaign_id, state) index reads just
      // those rows); every delivered message has Stat DELIVRD by definition (docs/protocol.md "Result and Status codes").
      const figures = liveFiguresOf(w.db);
      const stats: CampaignDetail['stats'] = [];
      if (row.counts.delivered > 0) stats.push({ stat: 'DELIVRD', outcome: 'delivered', count: row.counts.delivered });
      for (const f of figures.campaignOutcomes(id)) stats.push({ stat: f.stat, outcome: f.state, count: f.n });
      const skipped = figures.skippedReasons(id);
      const inDoubt = figures.inDoubtMessages(id).map((m) => ({ messageId: m.id, number: m.number, charged: c.charged, createdAt: m.createdAt }));
      return {
        campaign: row,
        serviceId: c.serviceId || acc.serviceId,
        srcId: acc.srcId + c.srcIdExt,
        feeType: c.feeType,
        feeCode: c.feeCode,
        feeUserType: c.feeUserType,
        registeredDelivery: c.registeredDelivery,
        validTime: c.validTime,
        stats,
        skipped,
        inDoubt,
      };
    },
    'campaigns.start': async (id) => {
      const w = ws();
      const r = await w.campaigns.start(id);
      return session().campaignRow(r.campaign, w);
    },
    'campaigns.pause': (id) => session().campaignRow(ws().campaigns.pause(id)),
    'campaigns.resume': (id) => session().campaignRow(ws().campaigns.resume(id)),
    'campaigns.cancel': async (id) => {
      const w = ws();
      const r = await w.campaigns.cancel(id);
      return session().campaignRow(r.campaign, w);
    },
    'campaigns.resendInDoubt': ({ messageIds }) => {
      const n = ws().campaigns.resendInDoubt(messageIds);
      return n;
    },
    'campaigns.dropInDoubt': ({ messageIds }) => ws().campaigns.dropInDoubt(messageIds),

    // ---- inbox --------------------------------------------------------------------------------
    'inbox.threads': (a) => {
      const w = ws();
      return w.inbox.threads(a?.limit ?? 100, a?.before).map((t): ThreadRow => {
        let lastText: string | null = null;
        try {
          lastText = w.inbox.get(t.lastMessageId).text;
        } catch {
          lastText = null;
        }
        return { number: t.number, lastAt: t.lastAt, lastText, total: t.total, unhandled: t.unhandled, optedOut: safeHas(w, t.number) };
      });
    },
    'inbox.conversation': ({ number }) => {
      const w = ws();
      const mos = w.inbox.conversation(number, 200).map(moView);
      let sent: SentView[] = [];
      try {
        const entries = w.store.deliveryLog.search({ number }, 50).entries;
        const figures = liveFiguresOf(w.db);
        sent = entries.map((e) => ({
          messageId: e.id,
          campaignId: e.campaignId,
          text: figures.messageText(e.id),
          state: e.rollup,
          stat: e.stat,
          createdAt: e.createdAt,
        }));
      } catch (e) {
        // A sender that is not a mobile number (a service code) has no outbound messages.
        if (describeError(e).code !== 'invalid_input') throw e;
      }
      const c: Conversation = { number, optedOut: safeHas(w, number), mos, sent };
      return c;
    },
    'inbox.reply': async ({ moId, text }) => {
      const w = ws();
      const r = await w.inbox.reply(moId, text, { actor: actor(w) });
      const out: SendOutcome = { messageId: r.messageId, state: w.store.deliveryLog.detail(r.messageId).message.state };
      const reason = w.store.deliveryLog.detail(r.messageId).message.reason;
      if (out.state === 'skipped' && reason) out.reason = reason;
      return out;
    },
    'inbox.markHandled': ({ ids, handled }) => {
      const w = ws();
      return w.inbox.markHandled(ids, handled, actor(w));
    },
    'inbox.recentReports': (a) => {
      const w = ws();
      return w.store.reports.recent(a?.limit ?? 200).map((r): ReportRow => {
        const owner = r.segmentId === null ? null : w.store.outbox.segmentOwner(r.segmentId);
        return {
          at: r.receivedAt,
          accountId: r.accountId,
          msgId: msgIdToDecimal(r.msgId),
          number: owner?.number ?? r.number,
          stat: r.stat,
          outcome: r.outcome,
          messageId: owner?.messageId ?? null,
          campaignId: owner?.campaignId ?? null,
        };
      });
    },
    'inbox.optEvents': () => {
      const w = ws();
      const rows = liveFiguresOf(w.db).recentOptEvents(200);
      return rows.map(
        (r): OptEventRow => ({ moId: Number(r.id), number: r.number, text: r.text, event: r.opt_event, at: Number(r.received_at), optedOut: safeHas(w, r.number) }),
      );
    },
  };
}

function safeHas(w: Workspace, number: string): boolean {
  try {
    return w.store.optOuts.has(number);
  } catch {
    return false;
  }
}
