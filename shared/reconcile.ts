// Reconciliation with the gateway (docs/protocol.md "Gateway counters and reconciliation"): the
// shapes main computes and the CLI and the UI show. Causes are codes with numbers, worded by the
// catalogues (shared/i18n/{zh-CN,en}/reconcile.ts), never sentences from main.
// Browser-safe: no Node builtins, no packages.
import type { QueryCounterName, QueryCounts } from './query-counter.js';

/**
 * The day asked for, as CMPP_QUERY's Time (YYYYMMDD), from YYYY-MM-DD or YYYYMMDD; null when the
 * text is not a calendar day from 2000 on.
 */
export function reconcileDay(text: string): string | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text);
  if (!m || (text.length !== 8 && text.length !== 10)) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (y < 2000 || t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  return `${m[1]}${m[2]}${m[3]}`;
}

/** Our own figures for one account and one day, each counted per segment (PDU x destination) unless named otherwise. */
export interface OurDayFigures {
  /** Messages (recipients) with a segment accepted that day. */
  messages: number;
  /** Segments accepted by the gateway (SUBMIT_RESP Result 0). */
  segments: number;
  /** Billed segments of those messages (what the handsets receive and the operator charges). */
  billed: number;
  /** SUBMIT PDUs answered (accepted or refused); null when not counted (several destinations per PDU). */
  pdus: number | null;
  /** Segments refused for good by a SUBMIT_RESP Result (not 8). */
  refused: number;
  /** Result 8 (flow control) answers: refused, then sent again; null when not counted. */
  flowControlled: number | null;
  /** Segments a status report said were delivered (Stat DELIVRD). */
  delivered: number;
  /** Segments a status report said failed (any other final Stat). */
  failed: number;
  /** Segments with Stat UNKNOWN or no report within the report wait. */
  unknown: number;
  /** Segments accepted, a report requested, none received yet. */
  awaitingReport: number;
  /** Segments accepted with no report requested (Registered_Delivery 0): the outcome stays the gateway's. */
  noReportRequested: number;
  /** Segments sent whose SUBMIT_RESP never came (docs/glossary.md "In doubt"). */
  inDoubt: number;
  /** Status reports received that day that match none of our segments, by outcome. */
  unmatchedDelivered: number;
  unmatchedFailed: number;
  /** MO DELIVERs received (every part of a long MO counts, as the gateway counts them). */
  moReceived: number;
}

/**
 * Why a line differs, each with its number (docs/protocol.md "Gateway counters and reconciliation"):
 *   reports-pending    reports we still wait for (shown beside MT_WT even when it agrees)
 *   reports-in-transit reports the gateway has finished that we have not received yet
 *   in-doubt           segments sent without an answer: the gateway may have counted each (up to `max`)
 *   unmatched-reports  reports of SUBMITs we hold no answer for (in doubt or resent after a lost answer)
 *   no-report          segments sent without a report requested: only the gateway knows their outcome
 *   refusals           refused SUBMITs, which the gateway counts as received and failed (as we do)
 *   flow-control       Result 8 refusals: the gateway counts every one, the message is sent again
 *   uncounted-flow-control  more received and failed at the gateway than we sent, nothing more delivered or
 *                      waiting: most likely Result 8 refusals, which we do not keep (flowControlled null)
 *   other-senders      the gateway counts more than we could have sent: another program on the same SP_Id
 *   mo-in-transit      MOs the gateway has sent that we have not acknowledged yet
 *   mo-refused         MOs we answered with a non-zero Result
 */
export const RECONCILE_CAUSES = [
  'reports-pending',
  'reports-in-transit',
  'in-doubt',
  'unmatched-reports',
  'no-report',
  'refusals',
  'flow-control',
  'uncounted-flow-control',
  'other-senders',
  'mo-in-transit',
  'mo-refused',
] as const;

export type ReconcileCauseCode = (typeof RECONCILE_CAUSES)[number];

export interface ReconcileCause {
  code: ReconcileCauseCode;
  /** The number the cause stands for (segments, reports, MOs). */
  count: number;
  /** in-doubt: at most this many counted by the gateway (each send may have reached it). */
  max?: number;
}

/**
 * equal: the same number; explained: different, and the known causes account for the difference;
 * unexplained: a difference no known cause accounts for; uncounted: we keep no figure for it.
 */
export type ReconcileLineStatus = 'equal' | 'explained' | 'unexplained' | 'uncounted';

export interface ReconcileLine {
  counter: QueryCounterName;
  gateway: number;
  ours: number | null;
  /** gateway - ours; 0 when ours is null. */
  difference: number;
  status: ReconcileLineStatus;
  causes: ReconcileCause[];
}

export interface ReconcileReport {
  accountId: number;
  accountName: string;
  /** YYYYMMDD: the day asked, as the QUERY's Time: China Standard Time's, the gateway's and our statistics' day. */
  date: string;
  /** That day: [start, end) epoch ms. */
  dayStart: number;
  dayEnd: number;
  gateway: QueryCounts;
  ours: OurDayFigures;
  lines: ReconcileLine[];
  /** Every line equal. */
  equal: boolean;
  /** Every difference explained. */
  explained: boolean;
  /** Epoch ms the gateway answered. */
  at: number;
}
