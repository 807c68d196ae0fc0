// `cmpp-desk reconcile --account ID|NAME [--date YYYY-MM-DD|YYYYMMDD] [--json]`: one day of one
// account, the gateway's CMPP_QUERY counters beside our own figures, the differences marked and
// their known causes (docs/protocol.md "Gateway counters and reconciliation"). Exit 0 when every
// line agrees, 3 when some differ (explained or not: `--json` says which), 1 when the gateway
// cannot be asked, 2 for bad input.
import { GatewayStatsError } from '../services/sending/gateway-stats.js';
import { engineReconciliation, reconcileDate } from '../services/statistics/reconcile.js';
import type { ReconcileCause, ReconcileLine, ReconcileReport } from '../../shared/reconcile.js';
import { intFlag, parseArgs } from './args.js';
import { ioOf, type CliIo } from './account.js';
import { toJson, withWorkspace } from './context.js';
import { CliError } from './errors.js';
import { accountFrom } from './query.js';
import type { Texts } from './texts.js';

export const RECONCILE_USAGE = `usage: reconcile --account ID|NAME [--date YYYY-MM-DD|YYYYMMDD] [--json] [--timeout-ms N] [--db PATH] [--lang zh-CN|en]
  --account      the gateway account (id or name)
  --date         the day (default today), China Standard Time's as the gateway counts: its counters
                 of that day (CMPP_QUERY Time) beside ours of the same day
  --timeout-ms   give up after this long without a connection or an answer (default 30000)
  --json         machine-readable: the gateway's counters, our figures, each line with its status and causes
exit status: 0 every line agrees, 3 some lines differ, 1 the gateway cannot be asked, 2 bad input`;

/** Exit status when the day does not agree (explained or not). */
export const RECONCILE_DIFFERS = 3;

const SPEC = { values: ['db', 'account', 'date', 'timeout-ms'], booleans: ['json', 'help'] } as const;

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

export function causeText(c: ReconcileCause, texts: Texts): string {
  return texts.shared(`reconcile.cause.${c.code}`, { count: c.count, max: c.max ?? c.count });
}

/** Equal lines unmarked; `*` a difference whose causes are known, `!` one that is not, `-` not counted here. */
const MARK: Record<ReconcileLine['status'], string> = { equal: ' ', explained: '*', unexplained: '!', uncounted: '-' };

export function reconcileTable(r: ReconcileReport, texts: Texts): string {
  const summary = texts.shared(r.equal ? 'reconcile.summary.equal' : r.explained ? 'reconcile.summary.explained' : 'reconcile.summary.unexplained');
  const day = `${r.date.slice(0, 4)}-${r.date.slice(4, 6)}-${r.date.slice(6, 8)}`;
  const col = (k: 'counter' | 'gateway' | 'ours' | 'difference') => texts.shared(`reconcile.column.${k}`);
  const out = [
    texts.t('reconcile.head', { account: r.accountName, id: r.accountId, date: day, summary }),
    `    ${col('counter').padEnd(10)} ${col('gateway').padStart(10)} ${col('ours').padStart(10)} ${col('difference').padStart(10)}`,
  ];
  for (const l of r.lines) {
    const ours = l.ours === null ? '-' : String(l.ours);
    const diff = l.status === 'uncounted' ? texts.shared('reconcile.status.uncounted') : l.difference === 0 ? '0' : signed(l.difference);
    out.push(`  ${MARK[l.status]} ${l.counter.padEnd(10)} ${String(l.gateway).padStart(10)} ${ours.padStart(10)} ${diff.padStart(10)}  ${texts.shared(`gatewayCounter.${l.counter}`)}`);
    for (const c of l.causes) out.push(`      - ${causeText(c, texts)}`);
  }
  out.push(texts.shared('reconcile.ours.billed', { messages: r.ours.messages, segments: r.ours.segments, billed: r.ours.billed }));
  return out.join('\n');
}

export async function runReconcileCommand(argv: string[], io: CliIo = {}): Promise<number> {
  const { out, texts } = ioOf(io);
  const args = parseArgs(argv, SPEC);
  if (args.booleans.has('help')) {
    out(RECONCILE_USAGE);
    return 0;
  }
  if (args.positional.length > 0) throw CliError.of('error.unexpectedArgument', { value: args.positional[0]! });
  const timeoutMs = intFlag(args, 'timeout-ms', 30_000, 100, 600_000);
  if (args.values.get('account') === undefined) throw CliError.of('query.needsAccount');
  const rawDate = args.values.get('date');
  // Bad input fails before any database is opened or any connection made.
  let date: string | undefined;
  if (rawDate !== undefined) {
    try {
      date = reconcileDate(rawDate);
    } catch {
      throw CliError.of('reconcile.badDate', { value: rawDate });
    }
  }
  return withWorkspace(args, async (ws) => {
    const accountId = accountFrom(ws, args.values.get('account'));
    let report: ReconcileReport;
    try {
      report = await engineReconciliation(ws, { timeoutMs }).run(accountId, date);
    } catch (e) {
      if (e instanceof GatewayStatsError) {
        const name = ws.store.accounts.get(accountId).name;
        throw CliError.of(e.code === 'invalid-input' ? 'reconcile.refused' : 'reconcile.unreachable', { account: name, reason: e.message }, e.code === 'invalid-input' ? 2 : 1);
      }
      throw e;
    }
    out(args.booleans.has('json') ? toJson(report) : reconcileTable(report, texts));
    return report.equal ? 0 : RECONCILE_DIFFERS;
  });
}
