// Our figures for one account and one day, as reconciliation sets them beside the gateway's counters
// (docs/protocol.md "Gateway counters and reconciliation"): the daily statistics (docs/glossary.md
// "Statistics": each message under its current state, on the day it was first handed over) give the
// segments by outcome; the few facts they do not hold (reports still awaited, reports matching
// nothing, MO parts) come from the store's indexes (electron/store/reconcile-facts.ts).
import type { ReconcileFacts } from '../../store/reconcile-facts.js';
import type { ReasonCode } from '../../../shared/reasons.js';
import type { OurDayFigures } from '../../../shared/reconcile.js';
import type { StatisticsGroup } from '../../../shared/statistics.js';

/** Failed messages that were sent without an answer: the gateway may have counted them, as those in doubt. */
const IN_DOUBT_CODES: ReadonlySet<string> = new Set<ReasonCode>(['in-doubt', 'crash-in-doubt', 'dropped-in-doubt']);
/** Failed messages the gateway never accepted (never written, or refused before the wire). */
const UNSENT_CODES: ReadonlySet<string> = new Set<ReasonCode>(['connection-unavailable', 'not-sent', 'no-text', 'replanned', 'unsendable']);

/**
 * The figures from one day's statistics grouped `by: 'reason'` (each group one outcome and its
 * Result, Stat or reason code, keyed `outcome/kind/code`) and the store's facts. Counts are of
 * segments, as the gateway counts; a long message counts all its segments under its one state.
 */
export function ourDayFigures(groups: readonly StatisticsGroup[], facts: ReconcileFacts, destsPerSubmit: number): OurDayFigures {
  let messages = 0;
  let segments = 0;
  let billed = 0;
  let refused = 0;
  let delivered = 0;
  let failed = 0;
  let unknown = 0;
  let inDoubt = 0;
  let waiting = 0;
  for (const g of groups) {
    const [outcome, kind] = g.key.split('/', 2) as [string, string];
    const code = g.key.slice(outcome.length + kind.length + 2);
    const sent = g.segmentsSubmitted;
    // Accepted by the gateway (SUBMIT_RESP Result 0), whatever became of it since.
    const accepted = () => {
      messages += g.submitted;
      segments += sent;
      billed += g.billed;
    };
    switch (outcome) {
      case 'delivered':
        accepted();
        delivered += sent;
        break;
      case 'submitted':
        accepted();
        waiting += sent;
        break;
      case 'unknown':
        accepted();
        unknown += sent;
        break;
      case 'in_doubt':
        inDoubt += sent;
        break;
      case 'failed':
        if (kind === 'result') refused += sent;
        else if (IN_DOUBT_CODES.has(code)) inDoubt += sent;
        else if (!UNSENT_CODES.has(code)) {
          accepted();
          failed += sent;
        }
        break;
      // Sent, then withdrawn or cancelled: the gateway closes those as not delivered.
      case 'cancelled':
        accepted();
        failed += sent;
        break;
      // queued / submitting again after a Result 8 or on the wire now, skipped, MO: not the gateway's MT counters.
    }
  }
  return {
    messages,
    segments,
    billed,
    // One destination per SUBMIT: a PDU per segment; with several, the statistics cannot tell PDUs apart.
    pdus: destsPerSubmit === 1 ? segments + refused : null,
    refused,
    // Result 8 answers are not kept once the segment goes out again.
    flowControlled: null,
    delivered,
    failed,
    unknown,
    awaitingReport: facts.awaitingReport,
    noReportRequested: Math.max(0, waiting - facts.awaitingReport),
    inDoubt,
    unmatchedDelivered: facts.unmatchedDelivered,
    unmatchedFailed: facts.unmatchedFailed,
    moReceived: facts.moParts,
  };
}
