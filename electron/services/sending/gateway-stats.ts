// Gateway statistics on demand via CMPP_QUERY (docs/protocol.md "Message bodies", QUERY / QUERY_RESP): the
// gateway's own counters for one day, in total (Query_Type 0) or for one Service_Id (Query_Type 1).
// The result is JSON-safe with the eight counters under their spec names, so the UI, the CLI's
// --json and a script all read the same thing.
import type { Codes } from '../../../shared/error-codes.js';
import type { QueryOutcome, QueryRequest } from '../../cmpp/session/client.js';
import { statisticsDay } from '../../../shared/statistics.js';
import { QUERY_COUNTERS, type QueryCounterName, type QueryCounts } from '../../cmpp/wire/query.js';
import { detail, shownValue, type ErrorDetail } from '../../../shared/error-detail.js';

/** The eight QUERY_RESP counters (docs/protocol.md "Message bodies"), in wire order. */
export { QUERY_COUNTERS, type QueryCounterName };

export interface GatewayStatsQuery {
  /** YYYYMMDD; default today as the gateway counts days: China Standard Time (shared/statistics.ts). */
  date?: string;
  /** Query_Type 1 for this Service_Id; omitted = totals (Query_Type 0). */
  serviceId?: string;
}

export interface GatewayStatsResult {
  accountId: number;
  /** YYYYMMDD as the gateway answered (QUERY_RESP Time). */
  date: string;
  scope: 'total' | 'service';
  /** The Service_Id asked about; '' for totals. */
  serviceId: string;
  counters: QueryCounts;
  /** Epoch ms the answer arrived. */
  at: number;
}

export type GatewayStatsErrorCode = Codes<'invalid-input' | 'not-connected' | 'timeout' | 'connection-lost' | 'stopped' | 'login-failed'>;

export class GatewayStatsError extends Error {
  constructor(
    readonly code: GatewayStatsErrorCode,
    message: string,
    /** The rule broken, as data (shared/error-detail.ts), for the operator's language. */
    readonly detail?: ErrorDetail,
  ) {
    super(message);
    this.name = 'GatewayStatsError';
  }
}

/** The part of the account pool this service uses (CmppAccountPool satisfies it). */
export interface QueryablePool {
  query(q?: QueryRequest): Promise<QueryOutcome>;
  whenReady(): Promise<void>;
}

export interface GatewayStatsOptions {
  /** The account's started pool (Workspace.pool). */
  pool: (accountId: number) => QueryablePool;
  /** Give up waiting for a connection plus the answer after this long. Default 30,000 ms. */
  timeoutMs?: number;
  now?: () => number;
}

/** Checks a YYYYMMDD string is a real calendar date. */
export function checkQueryDate(date: string): string {
  if (typeof date !== 'string' || !/^\d{8}$/.test(date)) throw new GatewayStatsError('invalid-input', `date must be YYYYMMDD, got "${String(date)}"`, detail('not-a-date', 'date', { value: shownValue(date) }));
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(4, 6));
  const d = Number(date.slice(6, 8));
  const t = new Date(Date.UTC(y, m - 1, d));
  if (y < 2000 || t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) {
    throw new GatewayStatsError('invalid-input', `date ${date} is not a calendar day`, detail('not-a-date', 'date', { value: date }));
  }
  return date;
}

export class GatewayStats {
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(private readonly options: GatewayStatsOptions) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    if (!(this.timeoutMs > 0)) throw new RangeError(`timeoutMs must be > 0, got ${this.timeoutMs}`);
    this.now = options.now ?? Date.now;
  }

  /** One CMPP_QUERY: the day's totals, or one Service_Id's row. Throws GatewayStatsError. */
  async query(accountId: number, q: GatewayStatsQuery = {}): Promise<GatewayStatsResult> {
    if (!Number.isInteger(accountId) || accountId < 1) {
      throw new GatewayStatsError('invalid-input', `account id must be a positive whole number, got ${String(accountId)}`, detail('not-positive-id', 'accountId', { value: shownValue(accountId) }));
    }
    const date = checkQueryDate(q.date ?? String(statisticsDay(this.now())));
    const serviceId = q.serviceId;
    if (serviceId !== undefined) {
      // docs/protocol.md "Message bodies": Query_Code is 10 octets; a Service_Id is printable ASCII.
      if (typeof serviceId !== 'string' || !/^[\x21-\x7e]{1,10}$/.test(serviceId)) {
        throw new GatewayStatsError(
          'invalid-input',
          `Service_Id must be 1 to 10 printable ASCII characters, got "${String(serviceId)}"`,
          typeof serviceId === 'string' && serviceId.length >= 1 && serviceId.length <= 10 ? detail('not-ascii', 'Service_Id') : detail('too-long', 'Service_Id', { max: 10, actual: String(serviceId).length }),
        );
      }
    }
    const pool = this.options.pool(accountId);
    const req: QueryRequest = serviceId === undefined ? { time: date, type: 0 } : { time: date, type: 1, code: serviceId };
    const outcome = await this.withTimeout(pool.whenReady().then(() => pool.query(req)), accountId);
    if (!outcome.ok) {
      const code: GatewayStatsErrorCode =
        outcome.code === 'invalid' ? 'invalid-input' : outcome.code;
      throw new GatewayStatsError(code, `CMPP_QUERY failed: ${outcome.reason}`);
    }
    const v = outcome.value;
    const counters = {} as QueryCounts;
    for (const name of QUERY_COUNTERS) counters[name] = v[name];
    return {
      accountId,
      date: v.Time || date,
      scope: v.Query_Type === 1 ? 'service' : 'total',
      serviceId: v.Query_Type === 1 ? v.Query_Code : '',
      counters,
      at: this.now(),
    };
  }

  /** Totals plus one row per Service_Id (queried one after another: one window slot each). */
  async overview(accountId: number, q: { date?: string; serviceIds: readonly string[] }): Promise<{ total: GatewayStatsResult; services: GatewayStatsResult[] }> {
    const total = await this.query(accountId, { date: q.date });
    const services: GatewayStatsResult[] = [];
    for (const serviceId of [...new Set(q.serviceIds)]) services.push(await this.query(accountId, { date: total.date, serviceId }));
    return { total, services };
  }

  private withTimeout<T>(p: Promise<T>, accountId: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new GatewayStatsError('timeout', `no answer to CMPP_QUERY from account ${accountId} within ${this.timeoutMs} ms (is the gateway reachable?)`)),
        this.timeoutMs,
      );
      p.then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(timer);
          // whenReady() rejects with CmppAccountError: a fatal login (code CMPP_LOGIN_*, CMPP_AUTHENTICATOR) or a stop.
          const msg = e instanceof Error ? e.message : String(e);
          const cmppCode = (e as { code?: unknown }).code;
          const code: GatewayStatsErrorCode = cmppCode === 'CMPP_STOPPED' ? 'stopped' : typeof cmppCode === 'string' && /LOGIN|AUTHENTICATOR/.test(cmppCode) ? 'login-failed' : 'not-connected';
          reject(new GatewayStatsError(code, `account ${accountId} cannot be queried: ${msg}`));
        },
      );
    });
  }
}
