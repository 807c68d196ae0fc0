// Statistics: reconciliation of one day and account with the gateway's CMPP_QUERY counters
// (docs/protocol.md "Gateway counters and reconciliation"). Channel names: ../channels/statistics.ts.
// Values are JSON-safe (../contract.ts says what that means).
import { reconcileDay, type ReconcileReport } from '../../reconcile.js';
import { type } from '../spec.js';
import { object, optional, string, ValidationError, type Validator } from '../validate.js';
import { id, invoke } from './fields.js';

/** A calendar day as YYYY-MM-DD (or CMPP's YYYYMMDD), passed on as given. */
function calendarDay(): Validator<string> {
  return {
    check(value, path) {
      const s = string({ min: 8, max: 10 }).check(value, path);
      if (reconcileDay(s) === null) throw new ValidationError(path, 'a calendar day as YYYY-MM-DD', 'not-a-day', { value: s });
      return s;
    },
  };
}

export const statisticsContract = {
  // ---- reconciliation with the gateway ----
  /** One account's day (default today) beside the gateway's counters; asks the gateway over the account's connection. */
  'statistics.reconcile': invoke(object({ accountId: id(), date: optional(calendarDay()) }), type<ReconcileReport>()),
} as const;
