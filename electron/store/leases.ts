// Leases held in the database (only one pump per database, so the app and a scheduled
// CLI run never send twice). A holder renews well within the TTL; an expired lease can be taken.
import type Database from 'better-sqlite3';
import { checkInt, checkText } from './validate.js';

export interface Lease {
  name: string;
  holder: string;
  acquiredAt: number;
  expiresAt: number;
}

export class Leases {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      // One statement, so two processes cannot both win: the row is taken only when free, expired or ours.
      acquire: db.prepare(`INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES (@name, @holder, @now, @expires)
        ON CONFLICT (name) DO UPDATE SET
          acquired_at = CASE WHEN holder = excluded.holder THEN acquired_at ELSE excluded.acquired_at END,
          holder = excluded.holder, expires_at = excluded.expires_at
        WHERE holder = excluded.holder OR expires_at <= @now`),
      release: db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?'),
      // Compare-and-set on the holder: only the lease of that (dead) holder is taken.
      takeOver: db.prepare(`UPDATE leases SET holder = @holder, acquired_at = @now, expires_at = @expires
        WHERE name = @name AND holder = @from`),
      get: db.prepare('SELECT name, holder, acquired_at AS acquiredAt, expires_at AS expiresAt FROM leases WHERE name = ?'),
    };
  }

  /** Takes or renews the lease; false while another holder's lease is unexpired. */
  acquire(name: string, holder: string, ttlMs: number, now = Date.now()): boolean {
    checkText(name, 'lease name', 1, 100);
    checkText(holder, 'lease holder', 1, 200);
    checkInt(ttlMs, 'lease TTL', 1, 86_400_000);
    return this.s.acquire.run({ name, holder, now, expires: now + ttlMs }).changes === 1;
  }

  /**
   * Takes the lease from `fromHolder` before it expires, e.g. when the caller has proved that
   * holder's process is gone (same host, pid no longer running). Fails if anyone else holds it now.
   */
  takeOver(name: string, fromHolder: string, holder: string, ttlMs: number, now = Date.now()): boolean {
    checkText(holder, 'lease holder', 1, 200);
    checkInt(ttlMs, 'lease TTL', 1, 86_400_000);
    return this.s.takeOver.run({ name, from: fromHolder, holder, now, expires: now + ttlMs }).changes === 1;
  }

  /** Gives the lease up if we hold it. */
  release(name: string, holder: string): boolean {
    return this.s.release.run(name, holder).changes === 1;
  }

  get(name: string): Lease | null {
    return (this.s.get.get(name) as Lease | undefined) ?? null;
  }
}
