// `cmpp-desk stats [--from D] [--to D] [--days N] [--account ID|NAME] [--campaign ID|direct]
// [--by day|account|campaign|reason] [--json]`: the statistics of a range of days (docs/glossary.md
// "Statistics") from the daily aggregates, never a scan of the log. `--recount` rebuilds the
// aggregates from the rows (a repair) and says how many were wrong.
import { DEFAULT_STATISTICS_DAYS, queryStatistics, recountStatistics, statisticsDays, type StatisticsRequest } from '../services/statistics/statistics.js';
import { MAX_STATISTICS_DAYS } from '../store/statistics/statistics.js';
import { dayFromText, StatisticsGroupings, type StatisticsGrouping } from '../../shared/statistics.js';
import { intFlag, parseArgs } from './args.js';
import { ioOf, type CliIo } from './account.js';
import { toJson, withWorkspace } from './context.js';
import { CliError } from './errors.js';
import { statsTable } from './stats-table.js';

export const STATS_USAGE = `usage: stats [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--days N] [--account ID|NAME] [--campaign ID|direct]
             [--by day|account|campaign|reason] [--json] [--db PATH] [--lang zh-CN|en]
       stats --recount [--db PATH]
  --from, --to   the first and last day, inclusive (days at UTC+8, the desk's day)
  --days         how many days: ending --to (default today), or starting --from; default ${DEFAULT_STATISTICS_DAYS}
  --account      one gateway account (id or name)
  --campaign     one campaign (id), or direct for the direct sends (inbox replies, one-shot sends)
  --by           one line per day (default), account or campaign; reason lists the reasons only
  --json         machine-readable: the totals, every counter per group, the reasons with their codes
  --recount      rebuild the statistics from the delivery log's rows (a repair) and say how many were wrong
A message counts on the day it was first submitted (never sent: the day it was queued); MO on the
day received. Statistics stay when a campaign's delivery log is deleted or archived.`;

const SPEC = { values: ['db', 'from', 'to', 'days', 'account', 'campaign', 'by'], booleans: ['json', 'recount', 'help'] } as const;

export async function runStatsCommand(argv: string[], io: CliIo = {}): Promise<number> {
  const { out, texts } = ioOf(io);
  const args = parseArgs(argv, SPEC);
  if (args.booleans.has('help')) {
    out(STATS_USAGE);
    return 0;
  }
  if (args.positional.length > 0) throw CliError.of('error.unexpectedArgument', { value: args.positional[0]! });
  if (args.booleans.has('recount')) {
    return withWorkspace(args, (ws) => {
      out(texts.t('stats.recounted', { count: recountStatistics(ws.store) }));
      return 0;
    });
  }
  // Bad input fails before the database is opened.
  const req: StatisticsRequest = {};
  for (const flag of ['from', 'to'] as const) {
    const raw = args.values.get(flag);
    if (raw === undefined) continue;
    if (dayFromText(raw) === null) throw CliError.of('stats.badDate', { flag, value: raw });
    req[flag] = raw;
  }
  if (args.values.has('days')) req.days = intFlag(args, 'days', DEFAULT_STATISTICS_DAYS, 1, MAX_STATISTICS_DAYS);
  if (req.from && req.to && req.days !== undefined) throw CliError.of('stats.threeBounds');
  if (req.from && req.to && req.from > req.to) throw CliError.of('stats.fromAfterTo');
  const by = args.values.get('by') ?? 'day';
  if (!(StatisticsGroupings as readonly string[]).includes(by)) throw CliError.of('stats.badBy', { value: by, known: StatisticsGroupings.join(', ') });
  req.by = by as StatisticsGrouping;
  const rawCampaign = args.values.get('campaign');
  if (rawCampaign !== undefined) {
    if (rawCampaign === 'direct') req.campaignId = 0;
    else if (/^[1-9]\d{0,14}$/.test(rawCampaign)) req.campaignId = Number(rawCampaign);
    else throw CliError.of('stats.badCampaign', { value: rawCampaign });
  }
  try {
    statisticsDays(req);
  } catch {
    throw CliError.of('stats.tooLong', { max: MAX_STATISTICS_DAYS });
  }
  return withWorkspace(args, (ws) => {
    const rawAccount = args.values.get('account');
    let accountName: string | null = null;
    if (rawAccount !== undefined) {
      // An id is taken as it is: the statistics of a removed account stay, under its id.
      if (/^[1-9]\d{0,14}$/.test(rawAccount)) req.accountId = Number(rawAccount);
      else {
        const a = ws.store.accounts.findByName(rawAccount);
        if (!a) throw CliError.of('query.noAccountName', { name: rawAccount });
        req.accountId = a.id;
      }
      accountName = ws.store.accounts.list().find((a) => a.id === req.accountId)?.name ?? null;
    }
    let campaignName: string | null = null;
    if (req.campaignId) {
      try {
        campaignName = ws.store.campaigns.get(req.campaignId).name;
      } catch {
        campaignName = null; // a deleted campaign's statistics stay, under its id
      }
    }
    const result = queryStatistics(ws.store, req);
    out(args.booleans.has('json') ? toJson(result) : statsTable(result, { account: accountName, campaign: campaignName }, texts));
    return 0;
  });
}
