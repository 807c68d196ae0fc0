// Handlers of the delivery log (shared/ipc/contract/log.ts): filtered views over the outbox
// (LogViews: a view per filter, counted and paged on demand), a message's detail with its
// segments, and the export of a view to CSV/XLSX as a long job. Errors keep their service codes
// (LogError 'invalid-msg-id', IoError 'cancelled', ...) so the window can say what happened.
import type { LOG_INVOKE } from '../../../shared/ipc/channels/log.js';
import type { LogDetail, LogEntry, LogExportDone, LogRow, LogSegment, MsgIdForms } from '../../../shared/ipc/contract/log.js';
import { msgIdTo22, msgIdToDecimal, msgIdToHex } from '../../../shared/msg-id.js';
import { sharedTranslator } from '../../../shared/i18n/catalogue.js';
import type { Workspace } from '../../services/workspace.js';
import { LogViews } from '../../store/log/views.js';
import { shownFileName } from '../dialogs.js';
import type { HandlerTable } from '../register.js';
import { fileStamp, type HandlerContext } from './context.js';

export type LogHandlers = Pick<HandlerTable, (typeof LOG_INVOKE)[number]>;

export function logHandlers(ctx: HandlerContext): LogHandlers {
  const views = new WeakMap<Workspace, LogViews>();
  const logViews = (w: Workspace): LogViews => {
    let v = views.get(w);
    if (!v) views.set(w, (v = new LogViews(w.store)));
    return v;
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
  const logRow = (n: ReturnType<typeof names>, r: LogEntry): LogRow => ({
    ...r,
    campaignName: n.campaign(r.campaignId),
    accountName: n.account(r.accountId),
  });

  return {
    'log.options': () => {
      const w = ctx.workspace();
      return {
        campaigns: w.store.campaigns.list().map((c) => ({ id: c.id, name: c.name, state: c.state, createdAt: c.createdAt, deleted: c.deletedAt !== null })),
        accounts: w.store.accounts.list().map((a) => ({ id: a.id, name: a.name })),
      };
    },
    'log.open': async ({ filter, firstPage, replaces }) => {
      const w = ctx.workspace();
      const lv = logViews(w);
      if (replaces !== undefined) lv.close(replaces);
      const { viewId } = lv.open(filter);
      if (firstPage === undefined) return { viewId, page: null };
      const page = await lv.page(viewId, 0, firstPage);
      const n = names(w);
      return { viewId, page: { ...page, rows: page.rows.map((r) => logRow(n, r)) } };
    },
    'log.count': async ({ viewId }) => ({ total: await logViews(ctx.workspace()).count(viewId) }),
    'log.page': async ({ viewId, offset, limit }) => {
      const w = ctx.workspace();
      const page = await logViews(w).page(viewId, offset, limit);
      const n = names(w);
      return { ...page, rows: page.rows.map((r) => logRow(n, r)) };
    },
    'log.close': ({ viewId }) => {
      const w = ctx.deps.workspace;
      if (w) logViews(w).close(viewId);
      return null;
    },
    'log.detail': ({ messageId }): LogDetail => {
      const w = ctx.workspace();
      const { message, segments } = w.store.log.detail(messageId);
      const sent = w.store.log.sentWith(messageId);
      const n = names(w);
      return {
        message: logRow(n, message),
        text: sent?.text ?? null,
        srcId: sent?.srcId ?? null,
        serviceId: sent?.serviceId ?? null,
        segments: segments.map(({ id: _id, msgId, pduMsgId, ...s }): LogSegment => ({
          ...s,
          msgId: msgId === null ? null : msgIdForms(msgId),
          pduMsgId: pduMsgId === null || pduMsgId === msgId ? null : msgIdForms(pduMsgId),
        })),
        replies:
          message.campaignId === null
            ? []
            : w.store.inboxSearch.answers(message.campaignId, message.number).map((id) => {
                const mo = w.store.inbox.get(id);
                return { moId: mo.id, at: mo.receivedAt, destId: mo.destId, text: mo.text };
              }),
      };
    },
    'log.export': async ({ viewId, format, lang, form, protectLongNumbers, jobKey }): Promise<LogExportDone | null> => {
      const w = ctx.workspace();
      const lv = logViews(w);
      const filter = lv.filterOf(viewId);
      const t = sharedTranslator(lang);
      const out = await ctx.dialogs().saveFile({
        title: t('logExport.dialogTitle'),
        defaultName: `${t('logExport.fileName')}-${fileStamp()}.${format}`,
        filters: [format === 'csv' ? { name: 'CSV', extensions: ['csv'] } : { name: 'Excel', extensions: ['xlsx'] }],
      });
      if (out === null) return null;
      const total = lv.totalOf(viewId);
      return ctx.jobs.run('log-export', jobKey, async ({ signal, progress }) => {
        const r = await w.io.exportDeliveryLog({
          format,
          out,
          filter,
          lang,
          form: form ?? 'readable',
          protectLongNumbers: protectLongNumbers === true,
          signal,
          onProgress: (p) => progress(p.messages, total),
        });
        progress(r.messages, total);
        const archives = w.store.log.plan(filter).archives;
        return { file: shownFileName(ctx.deps.dialogs, r.file), rows: r.rows, messages: r.messages, ...(archives ? { archives } : {}) };
      });
    },
  };
}

function msgIdForms(id: bigint): MsgIdForms {
  return { decimal: msgIdToDecimal(id), digits22: msgIdTo22(id), hex: msgIdToHex(id) };
}

