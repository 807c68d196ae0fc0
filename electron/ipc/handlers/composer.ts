// Handlers of the composer (shared/ipc/contract/composer.ts): the planner preview, the preview
// with merge fields, the batch plan, test sends and sending (a campaign created and maybe started,
// with enqueue progress events the renderer can cancel). Arguments arrive validated by register.ts.
import { detail } from '../../../shared/error-detail.js';
import type { COMPOSER_INVOKE } from '../../../shared/ipc/channels/composer.js';
import type { ComposerAccount, ComposerPreview, ComposerTemplate, EnqueueEvent } from '../../../shared/ipc/contract/composer.js';
import { IpcFailure } from '../../../shared/ipc/envelope.js';
import { checkNumberList } from '../../../shared/phone.js';
import type { MessagePlan } from '../../../shared/plan.js';
import { renderMerge } from '../../services/campaigns/sending-rules.js';
import { mergeValue } from '../../services/campaigns/merge-fields.js';
import { planOptionsFor } from '../../services/campaigns/submit-batches.js';
import { BatchPlanner } from '../../services/composer/batch-plan.js';
import type { Workspace } from '../../services/workspace.js';
import { PlanError, planMessage } from '../../sms/index.js';
import type { Account } from '../../store/accounts.js';
import type { Contact } from '../../store/contacts.js';
import { createTemplate, deleteTemplate, editTemplate, listTemplates, type TemplateView } from '../../services/composer/templates.js';
import { mergeFieldsOf } from '../../store/templates.js';
import type { HandlerTable } from '../register.js';
import type { HandlerContext } from './context.js';

export type ComposerHandlers = Pick<HandlerTable, (typeof COMPOSER_INVOKE)[number]>;

class Cancelled extends Error {}

/** ValId_Time in the SMPP relative form (docs/protocol.md "Message bodies": "YYMMDDhhmmss000R"), '' = the gateway's default. */
export function validityToCmppTime(hours: number | undefined): string {
  if (!hours) return '';
  const d = String(Math.floor(hours / 24)).padStart(2, '0');
  const h = String(hours % 24).padStart(2, '0');
  return `0000${d}${h}0000000R`;
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

export function composerHandlers(ctx: HandlerContext): ComposerHandlers {
  /** The text of a composed message: typed, or the template's (never both). */
  const textOf = (w: Workspace, a: { text?: string; templateId?: number }): { text: string; templateId?: number } => {
    if (a.templateId !== undefined) {
      if (a.text !== undefined) throw new IpcFailure('invalid-input', 'give either a text or a template, not both', detail('text-and-template', 'text'));
      try {
        return { text: w.store.templates.get(a.templateId).text, templateId: a.templateId };
      } catch {
        throw new IpcFailure('not-found', `template ${a.templateId} does not exist; pick another template`);
      }
    }
    return { text: a.text ?? '' };
  };
  const groupsOf = (w: Workspace, ids: number[]) =>
    [...new Set(ids)].map((id) => {
      try {
        return w.store.contacts.getGroup(id);
      } catch {
        throw new IpcFailure('not-found', `contact group ${id} does not exist (it may have been removed); pick the groups again`);
      }
    });
  const planner = new BatchPlanner();

  return {
    // The renderer never encodes text itself: the planner (and iconv-lite for GBK)
    // runs here, so the preview is exactly what the pump will send.
    'planner.preview': ({ text, options }) => planMessage(text, options),
    'composer.context': () => {
      const w = ctx.liveWorkspace();
      return {
        accounts: w.store.accounts.list().map(composerAccount),
        groups: w.store.contacts.listGroups().map((g) => ({ id: g.id, name: g.name, size: g.size })),
        templates: listTemplates(w).map(templateRow),
        requireSignature: w.settings.requireSignature,
      };
    },

    'composer.preview': (a) => {
      const w = ctx.liveWorkspace();
      const acc = ctx.account(w, a.accountId);
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
          const r = renderMerge(text, (f) => mergeValue(f, number, contact));
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
          error = e.detail ? { code: e.code, message: e.message, detail: e.detail } : { code: e.code, message: e.message };
        }
      }
      return { plan, text: planned, mergeFields: fields, sample, missingField, error };
    },

    'composer.plan': async (a) => {
      const w = ctx.liveWorkspace();
      const acc = ctx.account(w, a.accountId);
      const { text } = textOf(w, a);
      if (text.trim() === '') throw new IpcFailure('invalid-input', 'the message is empty; type a text or pick a template', detail('message-empty', 'text'));
      return planner.plan(w, acc, text, groupsOf(w, a.groupIds), a.numbers);
    },

    'composer.testSend': async (a) => {
      const w = ctx.liveWorkspace();
      ctx.account(w, a.accountId);
      const r = await w.campaigns.sendOne({ accountId: a.accountId, to: a.number, text: a.text, actor: w.actor });
      return { messageId: r.messageId, state: r.state, ...(r.reason !== undefined ? { reason: r.reason } : {}) };
    },

    'composer.send': async (a) => {
      const s = ctx.session();
      const w = ctx.liveWorkspace();
      ctx.account(w, a.accountId);
      if (s.jobs.has(a.jobId)) throw new IpcFailure('job-running', `job ${a.jobId} is already running`);
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
            createdBy: w.actor,
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
    'composer.saveTemplate': (a) => {
      const w = ctx.liveWorkspace();
      return templateRow(a.id === undefined ? createTemplate(w, a) : editTemplate(w, a.id, { name: a.name, text: a.text }));
    },
    'composer.deleteTemplate': (templateId) => {
      deleteTemplate(ctx.liveWorkspace(), templateId);
      return true;
    },
    'composer.cancelSend': (jobId) => {
      const job = ctx.session().jobs.get(jobId);
      if (!job) return false;
      job.cancelled = true;
      return true;
    },
  };
}

const templateRow = (t: TemplateView): ComposerTemplate => ({ id: t.id, name: t.name, text: t.text, fields: t.fields });
