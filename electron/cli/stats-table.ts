// The `stats` command's human output: one line per group (day, account or campaign) with the main
// counters, a total line, and the reasons messages were not delivered with their meanings, all in
// the operator's language, numbers right-aligned (Chinese headers counted as two cells each).
import { statisticsReasonText } from '../../shared/i18n/statistics-text.js';
import type { SharedKey } from '../../shared/i18n/catalogue.js';
import { dayText, deliveryRate, type StatisticsCounters, type StatisticsGroup, type StatisticsResult } from '../../shared/statistics.js';
import { padEndCells, padStartCells, displayWidth } from './text-width.js';
import { messageStateText, type Texts } from './texts.js';

/** The counters a line shows (--json has them all), in this order. */
const COLUMNS: readonly (keyof StatisticsCounters)[] = [
  'submitted', 'billed', 'delivered', 'failed', 'refused', 'unknown', 'inDoubt', 'awaitingReport', 'skipped', 'moReceived', 'optOuts',
];

const grouped = new Intl.NumberFormat('en-US');

function rateText(c: StatisticsCounters): string {
  const r = deliveryRate(c);
  return r === null ? '-' : `${(r * 100).toFixed(1)}%`;
}

function groupLabel(g: StatisticsGroup, r: StatisticsResult, texts: Texts): string {
  if (r.by === 'day') return g.key;
  if (r.by === 'campaign' && g.key === '0') return texts.shared('statistics.directSends');
  return g.name === null ? `${g.key} ${texts.shared('statistics.deleted')}` : `${g.key} ${g.name}`;
}

function scopeText(r: StatisticsResult, names: { account?: string | null; campaign?: string | null }, texts: Texts): string {
  const parts: string[] = [];
  if (r.accountId !== null) parts.push(texts.t('stats.scope.account', { account: names.account ?? String(r.accountId) }));
  if (r.campaignId !== null) {
    parts.push(r.campaignId === 0 ? texts.shared('statistics.directSends') : texts.t('stats.scope.campaign', { campaign: names.campaign ?? String(r.campaignId) }));
  }
  return parts.length === 0 ? texts.t('stats.scope.all') : parts.join(texts.t('stats.scope.and'));
}

/** The whole human report. */
export function statsTable(r: StatisticsResult, names: { account?: string | null; campaign?: string | null }, texts: Texts): string {
  const out = [texts.t('stats.head', { from: dayText(r.fromDay), to: dayText(r.toDay), scope: scopeText(r, names, texts) })];
  const heads = [...COLUMNS.map((c) => texts.shared(`statistics.counter.${c}` as SharedKey)), texts.shared('statistics.counter.deliveryRate')];
  const lines: { label: string; cells: string[] }[] = [];
  const row = (label: string, c: StatisticsCounters) => lines.push({ label, cells: [...COLUMNS.map((k) => grouped.format(c[k])), rateText(c)] });
  if (r.by !== 'reason') for (const g of r.groups) row(groupLabel(g, r, texts), g);
  row(texts.t('stats.total'), r.totals);
  const first = texts.shared(`statistics.group.${r.by === 'reason' ? 'day' : r.by}` as SharedKey);
  const labelWidth = Math.max(displayWidth(first), ...lines.map((l) => displayWidth(l.label)));
  const widths = heads.map((h, i) => Math.max(displayWidth(h), ...lines.map((l) => l.cells[i]!.length)));
  const line = (label: string, cells: string[]) => `${padEndCells(label, labelWidth)}  ${cells.map((c, i) => padStartCells(c, widths[i]!)).join('  ')}`.trimEnd();
  out.push(line(r.by === 'reason' ? '' : first, heads));
  for (const l of lines) out.push(line(l.label, l.cells));

  if (r.reasons.length > 0) {
    out.push('', texts.t('stats.reasons'));
    const rows = r.reasons.map((x) => ({
      outcome: messageStateText(texts, x.outcome),
      code: x.kind === 'reason' ? x.code || '-' : `${texts.shared(`statistics.kind.${x.kind}`)} ${x.code}`,
      count: grouped.format(x.messages),
      meaning: statisticsReasonText(x, texts.shared),
    }));
    const w = {
      outcome: Math.max(...rows.map((x) => displayWidth(x.outcome))),
      code: Math.max(...rows.map((x) => displayWidth(x.code))),
      count: Math.max(...rows.map((x) => x.count.length)),
    };
    for (const x of rows) out.push(`  ${padEndCells(x.outcome, w.outcome)}  ${padEndCells(x.code, w.code)}  ${padStartCells(x.count, w.count)}  ${x.meaning}`);
  }
  return out.join('\n');
}
