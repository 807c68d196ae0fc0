// Handlers of the statistics domain (shared/ipc/contract/statistics.ts): the daily aggregates over
// a range, the export of the Statistics screen's tables, and reconciliation with the gateway. The
// export reads the figures again in main (the renderer sends the query, never the rows), asks where
// to save (a download in browser mode) and writes the file through the export paths every export
// shares.
import type { STATISTICS_INVOKE } from '../../../shared/ipc/channels/statistics.js';
import type { StatisticsExportDone } from '../../../shared/ipc/contract/statistics.js';
import { sharedTranslator } from '../../../shared/i18n/catalogue.js';
import { engineReconciliation } from '../../services/statistics/reconcile.js';
import { queryStatistics } from '../../services/statistics/statistics.js';
import { exportStatisticsTable } from '../../services/statistics/statistics-export.js';
import { shownFileName } from '../dialogs.js';
import type { HandlerTable } from '../register.js';
import { fileStamp, type HandlerContext } from './context.js';

export type StatisticsHandlers = Pick<HandlerTable, (typeof STATISTICS_INVOKE)[number]>;

export function statisticsHandlers(ctx: HandlerContext): StatisticsHandlers {
  return {
    // ---- the aggregates and the Statistics screen's tables ----
    'statistics.query': (query) => queryStatistics(ctx.workspace().store, query),
    'statistics.export': async ({ query, table, period, format, lang }): Promise<StatisticsExportDone | null> => {
      const w = ctx.workspace();
      const t = sharedTranslator(lang);
      const out = await ctx.dialogs().saveFile({
        title: t('statistics.export.dialogTitle'),
        defaultName: `${t('statistics.export.fileName')}-${t(table === 'periods' ? 'statistics.sheet.periods' : 'statistics.sheet.reasons')}-${fileStamp()}.${format}`,
        filters: [format === 'csv' ? { name: 'CSV', extensions: ['csv'] } : { name: 'Excel', extensions: ['xlsx'] }],
      });
      if (out === null) return null;
      // Read after the dialog: the file holds the figures as they are when it is written.
      const result = queryStatistics(w.store, { ...query, by: 'day' });
      const r = await exportStatisticsTable(result, { table, period, format, out, lang });
      return { file: shownFileName(ctx.deps.dialogs, r.file), rows: r.rows };
    },
    // ---- reconciliation with the gateway: the live session's pool asks, so the desk's own
    // connection answers (no second login on the account) ----
    'statistics.reconcile': ({ accountId, date }) => {
      const w = ctx.liveWorkspace();
      ctx.account(w, accountId);
      return engineReconciliation(w).run(accountId, date);
    },
  };
}
