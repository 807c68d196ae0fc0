// `cmpp-desk query --account N [--service-id ID] [--date YYYYMMDD] [--json]`: the gateway's own
// counters via CMPP_QUERY (docs/protocol.md "Message bodies"), over the account's connection. Exit 0 with the counters, 1 when
// the gateway cannot be reached or refuses, 2 for bad input.
import { checkQueryDate, GatewayStats, GatewayStatsError, QUERY_COUNTERS, type GatewayStatsResult } from '../services/sending/gateway-stats.js';
import type { Workspace } from '../services/workspace.js';
import { intFlag, parseArgs } from './args.js';
import { toJson, withWorkspace } from './context.js';
import { CliError } from './errors.js';
import { ioOf, type CliIo } from './account.js';
import type { Texts } from './texts.js';

export const QUERY_USAGE = `usage: query --account ID|NAME [--service-id ID] [--date YYYYMMDD] [--json] [--timeout-ms N] [--db PATH]
  --account      the gateway account (id or name)
  --service-id   counters of this Service_Id (Query_Type 1); default: totals (Query_Type 0)
  --date         the day, YYYYMMDD (default today in China Standard Time, the gateway's day)
  --timeout-ms   give up after this long without a connection or an answer (default 30000)
  --json         machine-readable output: the eight counters under their CMPP names`;

const SPEC = { values: ['db', 'account', 'service-id', 'date', 'timeout-ms'], booleans: ['json', 'help'] } as const;

export type QueryCommandIo = CliIo;

/** `--account` as an id or a name. */
export function accountFrom(ws: Workspace, raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') throw CliError.of('query.needsAccount');
  if (/^\d+$/.test(raw)) {
    const id = Number(raw);
    if (!ws.store.accounts.list().some((a) => a.id === id)) throw CliError.of('query.noAccountId', { id: raw });
    return id;
  }
  const a = ws.store.accounts.findByName(raw);
  if (!a) throw CliError.of('query.noAccountName', { name: raw });
  return a.id;
}

function table(r: GatewayStatsResult, accountName: string, texts: Texts): string {
  const params = { account: accountName, id: r.accountId, date: r.date, serviceId: r.serviceId ?? '' };
  const head = texts.t(r.scope === 'total' ? 'query.head.total' : 'query.head.service', params);
  const rows = QUERY_COUNTERS.map((k) => `  ${k.padEnd(9)} ${String(r.counters[k]).padStart(10)}  ${texts.shared(`gatewayCounter.${k}`)}`);
  return [head, ...rows].join('\n');
}

export async function runQueryCommand(argv: string[], io: QueryCommandIo = {}): Promise<number> {
  const { out, texts } = ioOf(io);
  const args = parseArgs(argv, SPEC);
  if (args.booleans.has('help')) {
    out(QUERY_USAGE);
    return 0;
  }
  if (args.positional.length > 0) throw new CliError(`unexpected argument '${args.positional[0]}' (see query --help)`, 2, { key: 'error.unexpectedArgument', params: { value: args.positional[0]! } });
  const timeoutMs = intFlag(args, 'timeout-ms', 30_000, 100, 600_000);
  const date = args.values.get('date');
  const serviceId = args.values.get('service-id');
  if (args.values.get('account') === undefined) throw CliError.of('query.needsAccount');
  // Bad input fails before any database is opened or any connection made.
  if (date !== undefined) {
    try {
      checkQueryDate(date);
    } catch (e) {
      throw CliError.of('query.badDate', { reason: (e as Error).message });
    }
  }
  if (serviceId !== undefined && !/^[\x21-\x7e]{1,10}$/.test(serviceId)) throw CliError.of('query.badServiceId', { value: serviceId });

  return withWorkspace(args, async (ws) => {
    const accountId = accountFrom(ws, args.values.get('account'));
    const stats = new GatewayStats({ pool: (id) => ws.pool(id), timeoutMs, now: ws.now });
    let r: GatewayStatsResult;
    try {
      r = await stats.query(accountId, { ...(date !== undefined ? { date } : {}), ...(serviceId !== undefined ? { serviceId } : {}) });
    } catch (e) {
      if (e instanceof GatewayStatsError) throw CliError.engine(e, e.code === 'invalid-input' ? 2 : 1);
      throw e;
    }
    out(args.booleans.has('json') ? toJson(r) : table(r, ws.store.accounts.get(accountId).name, texts));
    return 0;
  });
}
