// Stale work the pump settles by itself: segments a crash left `submitting` (once, at start, after
// the lease is taken) and segments that waited too long for their status report (the sweep).
import type Database from 'better-sqlite3';
import { reasons } from '../../../shared/reasons.js';
import type { OutboxRollup } from './rollup.js';
import { sqlState } from '../state-codes.js';

export class OutboxRecovery {
  private readonly s;

  constructor(
    db: Database.Database,
    private readonly rollup: OutboxRollup,
  ) {
    this.s = {
      accounts: db.prepare('SELECT id FROM accounts'),
      inFlight: db.prepare(`SELECT id, message_id, send_count FROM segments WHERE account_id = ? AND state = ${sqlState('submitting')}`),
      crashQueued: db.prepare(`UPDATE segments SET state = ${sqlState('queued')}, reason = NULL WHERE id = ?`),
      crashInDoubt: db.prepare(`UPDATE segments SET state = ${sqlState('in_doubt')}, reason = ? WHERE id = ?`),
      awaiting: db.prepare(`SELECT id, message_id FROM segments
        WHERE account_id = ? AND state = ${sqlState('submitted')} AND report_expected = 1 AND response_at < ? ORDER BY response_at LIMIT ?`),
      expire: db.prepare(`UPDATE segments SET state = ${sqlState('unknown')}, reason = ? WHERE id = ?`),
    };
  }

  /**
   * Run once at start, before the pump: segments left `submitting` by a crash go back to the queue
   * if they were never written (send_count 0) and become in_doubt otherwise.
   */
  recoverAfterCrash(now = Date.now()): { requeued: number; inDoubt: number } {
    return this.rollup.transaction(() => {
      let requeued = 0;
      let inDoubt = 0;
      const touched = new Set<number>();
      for (const { id: accountId } of this.s.accounts.all() as { id: number }[]) {
        for (const s of this.s.inFlight.all(accountId) as { id: number; message_id: number; send_count: number }[]) {
          if (s.send_count === 0) {
            this.s.crashQueued.run(s.id);
            requeued++;
          } else {
            this.s.crashInDoubt.run(reasons.crashInDoubt(), s.id);
            inDoubt++;
          }
          touched.add(s.message_id);
        }
      }
      for (const m of touched) this.rollup.recompute(m, now);
      return { requeued, inDoubt };
    });
  }

  /**
   * Segments of the account still waiting for a report whose SUBMIT_RESP came before `cutoff`
   * become unknown, up to `limit` per call (docs/protocol.md "Message bodies": 48 h by default; a late report still updates).
   */
  expireReports(accountId: number, cutoff: number, limit = 5_000, now = Date.now()): number {
    return this.rollup.transaction(() => {
      const rows = this.s.awaiting.all(accountId, cutoff, limit) as { id: number; message_id: number }[];
      const touched = new Set<number>();
      for (const r of rows) {
        this.s.expire.run(reasons.reportWaitExpired(), r.id);
        touched.add(r.message_id);
      }
      for (const m of touched) this.rollup.recompute(m, now);
      return rows.length;
    });
  }
}
