// One day's reconciliation, line by line (docs/protocol.md "Gateway counters and reconciliation"):
// each CMPP_QUERY counter beside the figure of ours that means the same thing, the difference, and
// the known causes with their numbers. Pure: the figures in, the lines out, so every rule is
// tested without a gateway.
import { QUERY_COUNTERS, type QueryCounterName, type QueryCounts } from '../../../shared/query-counter.js';
import type { OurDayFigures, ReconcileCause, ReconcileLine, ReconcileLineStatus } from '../../../shared/reconcile.js';

export interface ReconcileContext {
  /** The account's sends per PDU (docs/protocol.md "Timers and flow control"): a PDU in doubt may have reached the gateway this many times. */
  maxSends: number;
}

/** Our figure for each counter; null where we keep none. */
export function oursFor(counter: QueryCounterName, o: OurDayFigures): number | null {
  const fc = o.flowControlled ?? 0;
  switch (counter) {
    case 'MT_TLMsg':
      return o.pdus === null ? null : o.pdus + fc;
    case 'MT_Tlusr':
      return o.segments + o.refused + fc;
    case 'MT_Scs':
      return o.delivered;
    case 'MT_WT':
      return o.awaitingReport;
    case 'MT_FL':
      return o.refused + fc + o.failed + o.unknown;
    case 'MO_Scs':
      return o.moReceived;
    // We acknowledge every MO we store at once and refuse none we can store: nothing of ours waits or fails.
    case 'MO_WT':
    case 'MO_FL':
      return 0;
  }
}

/** What the known causes can account for on one line: a difference within [lo, hi] is explained. */
interface Span {
  lo: number;
  hi: number;
  causes: ReconcileCause[];
}

const cause = (code: ReconcileCause['code'], count: number, max?: number): ReconcileCause => (max === undefined ? { code, count } : { code, count, max });

function spanFor(counter: QueryCounterName, gw: QueryCounts, o: OurDayFigures, ctx: ReconcileContext): Span {
  const causes: ReconcileCause[] = [];
  let lo = 0;
  let hi = 0;
  const inDoubtMax = o.inDoubt * Math.max(1, ctx.maxSends);
  const unmatched = o.unmatchedDelivered + o.unmatchedFailed;
  const inTransit = Math.max(0, o.awaitingReport - gw.MT_WT);
  const fc = o.flowControlled ?? 0;
  // Adds a cause that can account for up to `count` more at the gateway.
  const more = (code: ReconcileCause['code'], count: number, max?: number) => {
    if (count <= 0) return;
    causes.push(cause(code, count, max));
    hi += max ?? count;
  };
  // Refusals are in our figure as the gateway counts them: shown, they explain nothing left over.
  const shown = (code: ReconcileCause['code'], count: number) => {
    if (count > 0) causes.push(cause(code, count));
  };
  switch (counter) {
    case 'MT_TLMsg':
    case 'MT_Tlusr':
      more('in-doubt', o.inDoubt, inDoubtMax);
      // A report we cannot match stands for a SUBMIT the gateway accepted and we hold no answer for.
      more('unmatched-reports', unmatched);
      shown('refusals', o.refused);
      shown('flow-control', fc);
      break;
    case 'MT_Scs':
    case 'MT_FL':
      more('unmatched-reports', counter === 'MT_Scs' ? o.unmatchedDelivered : o.unmatchedFailed);
      more('reports-in-transit', inTransit);
      more('no-report', o.noReportRequested);
      if (counter === 'MT_FL') {
        shown('refusals', o.refused);
        shown('flow-control', fc);
      }
      break;
    case 'MT_WT':
      shown('reports-pending', o.awaitingReport);
      if (inTransit > 0) {
        causes.push(cause('reports-in-transit', inTransit));
        lo -= inTransit;
      }
      // SUBMITs in doubt that the gateway accepted wait for their reports there, not here.
      more('in-doubt', o.inDoubt, inDoubtMax);
      break;
    case 'MO_Scs':
      // An MO we stored whose DELIVER_RESP has not reached the gateway yet still waits there.
      if (gw.MO_WT > 0) {
        causes.push(cause('mo-in-transit', gw.MO_WT));
        lo -= gw.MO_WT;
      }
      break;
    case 'MO_WT':
      more('mo-in-transit', gw.MO_WT);
      break;
    case 'MO_FL':
      more('mo-refused', gw.MO_FL);
      break;
  }
  return { lo, hi, causes };
}

const statusOf = (difference: number, span: Span): ReconcileLineStatus =>
  difference === 0 ? 'equal' : difference >= span.lo && difference <= span.hi ? 'explained' : 'unexplained';

/** The eight lines. */
export function reconcileLines(gw: QueryCounts, o: OurDayFigures, ctx: ReconcileContext): ReconcileLine[] {
  const spans = new Map<QueryCounterName, Span>();
  const lines: ReconcileLine[] = QUERY_COUNTERS.map((counter) => {
    const ours = oursFor(counter, o);
    if (ours === null) return { counter, gateway: gw[counter], ours, difference: 0, status: 'uncounted', causes: [] };
    const difference = gw[counter] - ours;
    const span = spanFor(counter, gw, o, ctx);
    spans.set(counter, span);
    // On an equal line only what stays open (reports still pending) is worth a word.
    const causes = difference === 0 ? span.causes.filter((c) => c.code === 'reports-pending') : span.causes;
    return { counter, gateway: gw[counter], ours, difference, status: statusOf(difference, span), causes };
  });
  // More SUBMITs at the gateway than we could have sent. Where we keep no Result 8 answers and the
  // whole excess is received-and-failed (MT_FL by as much, nothing more delivered or waiting), those
  // are most likely flow-control refusals; otherwise another program sends on the same SP_Id, and
  // its outcomes account for what is left over on the outcome lines, up to that many.
  const excessOf = (l: ReconcileLine) => (l.status === 'unexplained' ? l.difference - spans.get(l.counter)!.hi : 0);
  const byCounter = new Map(lines.map((l) => [l.counter, l]));
  const others = excessOf(byCounter.get('MT_Tlusr')!);
  if (others > 0) {
    const refusedOnly =
      o.flowControlled === null && excessOf(byCounter.get('MT_FL')!) === others && excessOf(byCounter.get('MT_Scs')!) <= 0 && excessOf(byCounter.get('MT_WT')!) <= 0;
    const code = refusedOnly ? 'uncounted-flow-control' : 'other-senders';
    for (const l of lines) {
      if (l.status !== 'unexplained' || l.counter.startsWith('MO_')) continue;
      const excess = excessOf(l);
      const cap = l.counter === 'MT_TLMsg' || l.counter === 'MT_Tlusr' ? Infinity : others;
      if (excess > 0 && excess <= cap) {
        l.causes.push(cause(code, excess));
        l.status = 'explained';
      }
    }
  }
  return lines;
}
