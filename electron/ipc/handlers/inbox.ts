// Handlers of the inbox (shared/ipc/contract/inbox.ts): MO threads and conversations (with the
// messages sent to that number), replies, handled marks, recent status reports, opt-out events,
// search (number, text, campaign) and quick replies.
import type { INBOX_INVOKE } from '../../../shared/ipc/channels/inbox.js';
import type { SendOutcome } from '../../../shared/ipc/contract/composer.js';
import type { Conversation, OptEventRow, ReportRow, SentView, ThreadRow } from '../../../shared/ipc/contract/inbox.js';
import { msgIdToDecimal } from '../../../shared/msg-id.js';
import { campaignsWithMos, searchInbox } from '../../services/inbox/inbox-search.js';
import type { Workspace } from '../../services/workspace.js';
import { liveFiguresOf } from '../../store/live-figures.js';
import type { HandlerTable } from '../register.js';
import type { HandlerContext } from './context.js';

export type InboxHandlers = Pick<HandlerTable, (typeof INBOX_INVOKE)[number]>;

function describeError(e: unknown): { code: string; message: string } {
  const code = (e as { code?: unknown } | null)?.code;
  return { code: typeof code === 'string' ? code : 'internal', message: e instanceof Error ? e.message : String(e) };
}

export function inboxHandlers(ctx: HandlerContext): InboxHandlers {
  return {
    'inbox.threads': (a) => {
      const w = ctx.liveWorkspace();
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
      const w = ctx.liveWorkspace();
      const mos = w.inbox.conversation(number, 200);
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
        if (describeError(e).code !== 'invalid-input') throw e;
      }
      const c: Conversation = { number, optedOut: safeHas(w, number), mos, sent };
      return c;
    },
    'inbox.reply': async ({ moId, text }) => {
      const w = ctx.liveWorkspace();
      const r = await w.inbox.reply(moId, text, { actor: w.actor });
      const out: SendOutcome = { messageId: r.messageId, state: w.store.deliveryLog.detail(r.messageId).message.state };
      const reason = w.store.deliveryLog.detail(r.messageId).message.reason;
      if (out.state === 'skipped' && reason) out.reason = reason;
      return out;
    },
    'inbox.markHandled': ({ ids, handled }) => {
      const w = ctx.liveWorkspace();
      return w.inbox.markHandled(ids, handled, w.actor);
    },
    'inbox.recentReports': (a) => {
      const w = ctx.liveWorkspace();
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
      const w = ctx.liveWorkspace();
      const rows = liveFiguresOf(w.db).recentOptEvents(200);
      return rows.map(
        (r): OptEventRow => ({ moId: Number(r.id), number: r.number, text: r.text, event: r.opt_event, at: Number(r.received_at), optedOut: safeHas(w, r.number) }),
      );
    },
    'inbox.search': ({ term, campaignId, limit }) => {
      const w = ctx.liveWorkspace();
      return searchInbox(w.store, { ...(term !== undefined ? { term } : {}), ...(campaignId !== undefined ? { campaignId } : {}), limit: limit ?? 200 });
    },
    'inbox.campaigns': () => campaignsWithMos(ctx.liveWorkspace().store),
    'inbox.quickReplies': () => ctx.liveWorkspace().store.quickReplies.list(),
    'inbox.addQuickReply': ({ text }) => {
      const w = ctx.liveWorkspace();
      const q = w.store.quickReplies.add(text, w.now());
      w.store.audit.append({ actor: w.actor, action: 'inbox.quick-reply.add', details: { id: q.id } });
      return q;
    },
    'inbox.deleteQuickReply': ({ id }) => {
      const w = ctx.liveWorkspace();
      w.store.quickReplies.delete(id);
      w.store.audit.append({ actor: w.actor, action: 'inbox.quick-reply.delete', details: { id } });
      return id;
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
