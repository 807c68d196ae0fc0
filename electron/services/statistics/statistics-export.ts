// The Statistics screen's tables as a file: the figures per period (day, week or month, with a
// totals row) or the failure reasons, to CSV (UTF-8 with BOM, CRLF) or XLSX, written under a
// temporary name and renamed (formats/export-file.ts). The rows, columns, headers and meanings are
// the screen's own (shared/statistics-periods.ts, shared/i18n/statistics-text.ts, the shared
// catalogue), so the file says what the screen shows. A table is at most a few thousand rows
// (ten years of days), so it is written in one go. Every text cell passes the formula guard: a
// gateway's Stat or a meaning quoting one is data from outside.
import { sharedTranslator, type SharedKey } from '../../../shared/i18n/catalogue.js';
import { statisticsKindText, statisticsReasonText } from '../../../shared/i18n/statistics-text.js';
import type { Locale } from '../../../shared/ipc/locale.js';
import { deliveryRate, foldPeriods, PERIOD_COLUMNS, periodLabel, rateText, type StatisticsPeriod } from '../../../shared/statistics-periods.js';
import type { StatisticsCounters, StatisticsResult } from '../../../shared/statistics.js';
import { checkFormat, CsvSink, exportPaths, writeAtomically, XlsxSink, type ExportFormat } from '../../formats/export-file.js';
import { neutraliseCell } from '../../formats/formula-guard.js';
import { IoError } from '../../formats/io-errors.js';
import { XLSX_MAX_ROWS, type XlsxCell } from '../../formats/xlsx-writer.js';

export type StatisticsTable = 'periods' | 'reasons';

export interface StatisticsExportOptions {
  table: StatisticsTable;
  /** periods: a row per day, week or month. */
  period: StatisticsPeriod;
  format: ExportFormat;
  out: string;
  lang: Locale;
}

interface Sheet {
  name: string;
  header: string[];
  widths: number[];
  rows: XlsxCell[][];
}

const text = (s: string): string => neutraliseCell(s);

function periodsSheet(result: StatisticsResult, period: StatisticsPeriod, t: ReturnType<typeof sharedTranslator>): Sheet {
  if (result.by !== 'day') throw new IoError('invalid-input', `the periods table is made of days, got a result grouped by ${result.by}`);
  const figures = (c: StatisticsCounters): XlsxCell[] => [...PERIOD_COLUMNS.map((k) => c[k]), rateText(deliveryRate(c))];
  const rows = foldPeriods(result.groups, period).map((p) => [text(periodLabel(p, period)), ...figures(p.counters)]);
  rows.push([text(t('statistics.col.totals')), ...figures(result.totals)]);
  return {
    name: t('statistics.sheet.periods'),
    header: [t('statistics.col.period'), ...PERIOD_COLUMNS.map((k) => t(`statistics.counter.${k}` as SharedKey)), t('statistics.counter.deliveryRate')].map(text),
    widths: [22, ...PERIOD_COLUMNS.map(() => 12), 10],
    rows,
  };
}

function reasonsSheet(result: StatisticsResult, t: ReturnType<typeof sharedTranslator>): Sheet {
  const total = result.reasons.reduce((n, r) => n + r.messages, 0);
  return {
    name: t('statistics.sheet.reasons'),
    header: (['outcome', 'kind', 'code', 'meaning', 'count', 'share'] as const).map((k) => text(t(`statistics.col.${k}`))),
    widths: [12, 18, 14, 40, 10, 8],
    rows: result.reasons.map((r) => [
      text(t(`deliveryLog.state.${r.outcome}`)),
      text(statisticsKindText(r.kind, t)),
      text(r.code),
      text(statisticsReasonText(r, t)),
      r.messages,
      total > 0 ? `${((100 * r.messages) / total).toFixed(1)}%` : '—',
    ]),
  };
}

/** Writes one table of `result` to `opts.out`; returns the file and the data rows written. */
export async function exportStatisticsTable(result: StatisticsResult, opts: StatisticsExportOptions): Promise<{ file: string; rows: number }> {
  const format = checkFormat(opts.format);
  const t = sharedTranslator(opts.lang);
  const sheet = opts.table === 'periods' ? periodsSheet(result, opts.period, t) : reasonsSheet(result, t);
  const paths = await exportPaths(opts.out);
  await writeAtomically(
    paths,
    (temp) => (format === 'csv' ? new CsvSink(temp, (c) => (c === null || c === undefined ? '' : String(c))) : new XlsxSink(temp, XLSX_MAX_ROWS)),
    async (sink) => {
      await sink.begin(sheet.header, sheet.widths.map((width) => ({ width })), sheet.name);
      await sink.write(sheet.rows);
    },
  );
  return { file: paths.out, rows: sheet.rows.length - (opts.table === 'periods' ? 1 : 0) };
}
