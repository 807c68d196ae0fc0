// `cmpp-desk query --account N [--service-id ID] [--date YYYYMMDD] [--json]`: the gateway's own
// counters via CMPP_QUERY (docs/protocol.md "Message bodies"), over the account's connection. Exit 0 with the counters, 1 when
// the gateway cannot be reached or refuses, 2 for bad input.
import { checkQueryDate, GatewayStats, GatewayStatsError, QUERY_COUNTER_LABELS, QUERY_COUNTERS, type GatewayStatsResult } from '../services/sending/gateway-stats.js';
import type { Workspace } from '../services/workspace.js';
import { intFlag, parseArgs } from './args.js';
import { toJson, withWorkspace } from './context.js';
import { CliError } from './errors.js';

export const QUERY_USAGE = `usage: query --account ID|NAME [--service-id ID] [--date YYYYMMDD] [--json] [--timeout-ms N] [--db PATH]
  --account      the gateway account (id or name)
  --service-id   counters of this Service_Id (Query_Type 1); default: totals (Query_Type 0)
  --date         the day, YYYYMMDD (default today)
  --timeout-ms   give up after this long without a connection or an answer (default 30000)
  --json         machine-readable output: the eight counters under their CMPP names`;

const SPEC = { values: ['db', 'account', 'service-id', 'date', 'timeout-ms'], booleans: ['json', 'help'] } as const;

export interface QueryCommandIo {
  out?: (line: string) => void;
}

/** `--account` as an id or a name. */
export function accountFrom(ws: Workspace, raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') throw new CliError('--account is required (an account id or name; see account list)');
  if (/^\d+$/.test(raw)) {
    const id = Number(raw);
    if (!ws.store.accounts.list().some((a) => a.id === id)) throw new CliError(`account ${raw} does not exist (see account list)`, 2);
    return id;
  }
  const a = ws.store.accounts.findByName(raw);
  if (!a) throw new CliError(`no account named '${raw}' (see account list)`, 2);
  return a.id;
}

function table(r: GatewayStatsResult, accountName: string): string {
  const head = `${accountName} (account ${r.accountId}), ${r.date}, ${r.scope === 'total' ? 'totals' : `Service_Id ${r.serviceId}`}:`;
  const rows = QUERY_COUNTERS.map((k) => `  ${k.padEnd(9)} ${String(r.counters[k]).padStart(10)}  ${QUERY_COUNTER_LABELS[k]}`);
  return [head, ...rows].join('\n');
}

export async function runQueryCommand(argv: string[], io: QueryCommandIo = {}): Promise<number> {
  const out = io.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const args = parseArgs(argv, SPEC);
  if (args.booleans.has('help')) {
    out(QUERY_USAGE);
    return 0;
  }
  if (args.positional.length > 0) throw new CliError(`unexpected argument '${args.positional[0]}' (see query --help)`);
  const timeoutMs = intFlag(args, 'timeout-ms', 30_000, 100, 600_000);
  const date = args.values.get('date');
  const serviceId = args.values.get('service-id');
  if (args.values.get('account') === undefined) throw new CliError('--account is required (an account id or name; see account list)');
  // Bad input fails before any database is opened or any connection made.
  if (date !== undefined) {
    try {
      checkQueryDate(date);
    } catch (e) {
      throw new CliError(`--date: ${(e as Error).message}`);
    }
  }
  if (serviceId !== undefined && !/^[\x21-\x7e]{1,10}$/.test(serviceId)) throw new CliError(`--service-id must be 1 to 10 printable ASCII characters, got '${serviceId}'`);

  return withWorkspace(args, async (ws) => {
    const accountId = accountFrom(ws, args.values.get('account'));
    const stats = new GatewayStats({ pool: (id) => ws.pool(id), timeoutMs, now: ws.now });
    let r: GatewayStatsResult;
    try {
      r = await stats.query(accountId, { ...(date !== undefined ? { date } : {}), ...(serviceId !== undefined ? { serviceId } : {}) });
    } catch (e) {
      if (e instanceof GatewayStatsError) throw new CliError(e.message, e.code === 'invalid-input' ? 2 : 1);
      throw e;
    }
    out(args.booleans.has('json') ? toJson(r) : table(r, ws.store.accounts.get(accountId).name));
    return 0;
  });
}
