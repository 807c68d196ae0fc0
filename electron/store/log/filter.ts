// The delivery log's one filter planner: a LogFilter (shared/ipc/contract/log.ts, the type the
// window sends, the CLI builds and the services pass on) is checked and normalised once, then
// split into "parts", each a set of WHERE terms that one index returns in (created_at, id) order:
//   - without a number or Msg_Id, one part per state (all states when none is chosen) on
//     messages_by_campaign (with a campaign or direct sends) or messages_by_state; the parts are
//     merged by (created_at, id);
//   - a number reads messages_by_number, a Msg_Id the message ids its segments carry: one part,
//     sorted by SQLite (a handful of rows);
//   - a Stat other than DELIVRD, without a campaign, reads messages_by_failure_stat (Stat, state,
//     created_at): one part per state, like the state parts (a campaign's few rows are read through
//     messages_by_campaign instead; DELIVRD, the Stat of nine messages in ten, and a 3.0 family
//     such as MK: keep the state parts with the Stat as a residual term).
// The other filters are terms of every part (FILTER_TERMS), `+`-prefixed where they must not steer
// the planner off the part's index. queries.ts turns parts into SQL; the views, the search, the
// export pages and the export scan all start here.
import type { LogFilter } from '../../../shared/ipc/contract/log.js';
import type { Codes } from '../../../shared/error-codes.js';
import { isMessageState, MessageStates, type MessageState } from '../../../shared/message-state.js';
import { parseMsgId } from '../../../shared/msg-id.js';
import { requireNumberKey } from '../number-key.js';
import { messageColumnsSql, numberColumnOf } from '../message-columns.js';
import { STATE_CODE } from '../state-codes.js';
import { detail, shownValue, type ErrorDetail } from '../../../shared/error-detail.js';

export type { LogFilter };

export type LogErrorCode = Codes<'invalid-filter' | 'invalid-msg-id' | 'invalid-number' | 'view-expired'>;

/** A filter the log refuses, or a view that is gone: `code` says which, `message` says why. */
export class LogError extends Error {
  override readonly name = 'LogError';
  constructor(
    readonly code: LogErrorCode,
    message: string,
    /** The rule broken, as data (shared/error-detail.ts), for the operator's language. */
    readonly detail?: ErrorDetail,
  ) {
    super(message);
  }
}

export function isLogError(e: unknown): e is LogError {
  return e instanceof LogError;
}

/** Message ids found for one Msg_Id are few; more would mean a gateway reusing ids wildly. */
export const MSG_ID_MATCHES_MAX = 10_000;

/** A filter checked and normalised: states deduplicated, number keyed, Stat upper-cased, Msg_Id as message ids. */
export interface PlannedFilter {
  accountId?: number;
  campaignId?: number;
  directOnly: boolean;
  states: MessageState[];
  stat?: string;
  number?: string;
  /** The messages a Msg_Id filter matched. */
  ids?: number[];
  from?: number;
  to?: number;
  /** No condition at all: the count is the whole table's. */
  unfiltered: boolean;
  /** Conditions no part's index answers (Stat, account): a count must walk the rows. */
  residual: boolean;
  /** Read through messages_by_failure_stat: a part per state, its Stat the index's. */
  byStat: boolean;
}

/** One query of a filter: its WHERE terms and their parameters (the cursor, order and limit are the caller's). */
export interface Part {
  where: readonly string[];
  params: Readonly<Record<string, unknown>>;
  /** The attached archive whose tables it reads (store/archive/archive-reader.ts); the live tables when absent. */
  source?: string;
  /**
   * The index the part must be read through, when SQLite's fixed estimates would choose another:
   * a Stat's part and a day range, read through messages_by_state, would look up every row of the
   * state in the range to test its Stat.
   */
  index?: 'messages_by_failure_stat';
}

/** The message ids whose segments carry a Msg_Id on any account (a Msg_Id is unique per account only). */
export type MsgIdLookup = (msgId: bigint) => Iterable<number>;

const idOk = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
const timeOk = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Checks and normalises a filter; a Msg_Id is looked up to its messages here. Throws LogError. */
export function planFilter(f: LogFilter, msgIds: MsgIdLookup): PlannedFilter {
  if (typeof f !== 'object' || f === null) throw new LogError('invalid-filter', 'the filter must be an object', detail('expected-object', 'filter'));
  for (const [name, v] of [['account id', f.accountId], ['campaign id', f.campaignId]] as const) {
    if (v !== undefined && !idOk(v)) throw new LogError('invalid-filter', `${name} must be a positive integer, got ${String(v)}`, detail('not-positive-id', name, { value: shownValue(v) }));
  }
  for (const [name, v] of [['from', f.from], ['to', f.to]] as const) {
    if (v !== undefined && !timeOk(v)) throw new LogError('invalid-filter', `${name} must be a time in ms, got ${String(v)}`, detail('out-of-range', name, { min: 0, max: Number.MAX_SAFE_INTEGER, value: shownValue(v) }));
  }
  if (f.directOnly !== undefined && typeof f.directOnly !== 'boolean') throw new LogError('invalid-filter', 'directOnly must be true or false', detail('expected-boolean', 'directOnly'));
  if (f.campaignId !== undefined && f.directOnly) throw new LogError('invalid-filter', 'choose either one campaign or direct sends, not both', detail('filter-campaign-and-direct'));
  if (f.from !== undefined && f.to !== undefined && f.from >= f.to) throw new LogError('invalid-filter', 'the start of the date range must be before its end', detail('date-range'));
  if (f.states !== undefined && !Array.isArray(f.states)) throw new LogError('invalid-filter', 'states must be a list', detail('expected-array', 'states'));
  const states = [...new Set(f.states ?? [])];
  for (const s of states) if (!isMessageState(s)) throw new LogError('invalid-filter', `unknown message state "${String(s)}"`, detail('not-in-set', 'states', { allowed: MessageStates.join(' / '), value: shownValue(s) }));

  const out: PlannedFilter = { directOnly: f.directOnly === true, states, unfiltered: false, residual: false, byStat: false };
  if (f.accountId !== undefined) out.accountId = f.accountId;
  if (f.campaignId !== undefined) out.campaignId = f.campaignId;
  if (f.from !== undefined) out.from = f.from;
  if (f.to !== undefined) out.to = f.to;
  if (f.stat !== undefined) out.stat = statOf(f.stat);
  if (f.number !== undefined) out.number = numberOf(f.number);
  if (f.msgId !== undefined) out.ids = messagesWithMsgId(f.msgId, msgIds);
  out.unfiltered =
    out.accountId === undefined && out.campaignId === undefined && !out.directOnly && states.length === 0 && out.stat === undefined &&
    out.number === undefined && out.ids === undefined && out.from === undefined && out.to === undefined;
  const listed = out.number !== undefined || out.ids !== undefined;
  out.byStat = !listed && out.stat !== undefined && !out.stat.endsWith(':') && out.stat !== 'DELIVRD' && out.campaignId === undefined && !out.directOnly;
  out.residual = out.byStat ? out.accountId !== undefined : (out.stat !== undefined || out.accountId !== undefined) && !listed;
  return out;
}

function statOf(raw: unknown): string {
  const stat = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  if (!/^[\x21-\x7e]{1,7}$/.test(stat)) {
    throw new LogError(
      'invalid-filter',
      `Stat "${String(raw)}" is not a Stat value: up to 7 printable characters such as DELIVRD, UNDELIV or MK:0012 (docs/protocol.md "Result and Status codes")`,
      detail('not-stat', 'Stat', { value: shownValue(raw) }),
    );
  }
  return stat;
}

function numberOf(raw: unknown): string {
  let number: string;
  try {
    number = requireNumberKey(raw as string);
  } catch (e) {
    throw new LogError('invalid-number', e instanceof Error ? e.message : String(e));
  }
  // Messages go only to validated numbers: anything but digits cannot match and is a typo.
  if (!/^\d+$/.test(number)) throw new LogError('invalid-number', `"${String(raw)}" is not a phone number (digits, optionally with +86)`);
  return number;
}

function messagesWithMsgId(text: unknown, lookup: MsgIdLookup): number[] {
  let msgId: bigint;
  try {
    if (typeof text !== 'string') throw new Error('a Msg_Id must be text');
    msgId = parseMsgId(text);
  } catch (e) {
    throw new LogError('invalid-msg-id', e instanceof Error ? e.message : String(e));
  }
  const found = new Set(lookup(msgId));
  if (found.size > MSG_ID_MATCHES_MAX) {
    throw new LogError('invalid-filter', `Msg_Id ${String(text)} matches more than ${MSG_ID_MATCHES_MAX} messages; add a date range or a campaign`, detail('msg-id-too-common', 'msgId', { value: String(text), max: MSG_ID_MATCHES_MAX }));
  }
  return [...found];
}

/** The message's Stat as stored: a delivered message's DELIVRD is implied (message-columns.ts). */
const M = messageColumnsSql('m');

/**
 * A Stat part's terms: the index's own WHERE (migrations 12 and 15), written as it is there so
 * that SQLite sees the part implies it and may read the partial index.
 */
const BY_STAT: readonly string[] = ['m.stat = @stat', "m.stat <> 'DELIVRD'"];

/**
 * The terms every part carries, by filter. `listed`: the part reads a number's or a Msg_Id's rows,
 * so a campaign term gets `+` (else messages_by_campaign could be chosen and the rows sorted).
 * The Stat parts (`byStat`) take their Stat terms from BY_STAT.
 */
const FILTER_TERMS: readonly ((f: PlannedFilter, listed: boolean) => [sql: string, params: Record<string, unknown>] | null)[] = [
  (f, listed) => (f.campaignId === undefined ? null : [`${listed ? '+' : ''}m.campaign_id = @campaignId`, { campaignId: f.campaignId }]),
  (f, listed) => (f.directOnly ? [`${listed ? '+' : ''}m.campaign_id IS NULL`, {}] : null),
  (f) => (f.accountId === undefined ? null : ['+m.account_id = @accountId', { accountId: f.accountId }]),
  // A 3.0 family (MK:, MA:, ...) compares the prefix.
  (f) =>
    f.stat === undefined || f.byStat ? null : f.stat.endsWith(':') ? [`substr(${M.stat}, 1, @statLength) = @stat`, { stat: f.stat, statLength: f.stat.length }] : [`${M.stat} = @stat`, { stat: f.stat }],
  (f) => (f.from === undefined ? null : ['m.created_at >= @from', { from: f.from }]),
  (f) => (f.to === undefined ? null : ['m.created_at < @to', { to: f.to }]),
];

/** The parts of a planned filter: one per state, or one for a number's or a Msg_Id's rows. */
export function partsOf(f: PlannedFilter): Part[] {
  const listed = f.ids !== undefined || f.number !== undefined;
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  for (const term of FILTER_TERMS) {
    const t = term(f, listed);
    if (t) {
      where.push(t[0]);
      Object.assign(params, t[1]);
    }
  }
  if (listed) {
    const lead: string[] = [];
    if (f.ids !== undefined) {
      lead.push('m.id IN (SELECT value FROM json_each(@ids))');
      params.ids = JSON.stringify(f.ids);
      if (f.number !== undefined) lead.push(`+m.number = ${numberColumnOf('@number')}`);
    } else lead.push(`m.number = ${numberColumnOf('@number')}`);
    if (f.number !== undefined) params.number = f.number;
    if (f.states.length > 0) {
      where.push('+m.state IN (SELECT value FROM json_each(@states))');
      params.states = JSON.stringify(f.states.map((s) => STATE_CODE[s]));
    }
    return [{ where: [...lead, ...where], params }];
  }
  if (f.byStat) params.stat = f.stat;
  const lead = f.byStat ? BY_STAT : [];
  const index = f.byStat ? { index: 'messages_by_failure_stat' as const } : {};
  return (f.states.length > 0 ? f.states : MessageStates).map((state) => ({ where: [...lead, 'm.state = @state', ...where], params: { ...params, state: STATE_CODE[state] }, ...index }));
}
