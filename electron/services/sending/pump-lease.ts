// One pump per database: a lease row ('pump') with expiry, renewed every ttl/3. A holder whose
// process is gone (same host, pid not running) is taken over at once, so a restart after a kill
// does not wait for the expiry. Who holds it is said to the operator once per holder.
import { describeHolder, holderIsDead, type LeaseHolder } from './lease-holder.js';
import type { EngineCore } from '../engine.js';
import { dateTimeText } from '../../../shared/time-format.js';

export const PUMP_LEASE = 'pump';

/** What the lease needs of the engine. */
export type LeaseEngine = Pick<EngineCore, 'log' | 'now' | 'store' | 'supportLog'>;

export class PumpLease {
  private lastRenew = 0;
  /** The other lease holder last reported (said once per holder). */
  private reportedHolder: string | null = null;

  constructor(
    private readonly ws: LeaseEngine,
    readonly holder: string,
    readonly ttl: number,
  ) {}

  /** Who holds the pump lease now (null: nobody, or an expired holder). */
  current(): LeaseHolder | null {
    const cur = this.ws.store.leases.get(PUMP_LEASE);
    if (!cur || cur.expiresAt <= this.ws.now()) return null;
    return describeHolder(cur.holder, cur.acquiredAt);
  }

  /** Takes the lease, or finds another live holder and says who. May throw (a locked database). */
  take(now: number): boolean {
    const leases = this.ws.store.leases;
    let ok = leases.acquire(PUMP_LEASE, this.holder, this.ttl, now);
    if (!ok) {
      const cur = leases.get(PUMP_LEASE);
      if (cur && holderIsDead(cur.holder)) {
        ok = leases.takeOver(PUMP_LEASE, cur.holder, this.holder, this.ttl, now);
        const gone = describeHolder(cur.holder, cur.acquiredAt);
        const params = { host: gone.host, pid: gone.pid ?? cur.holder };
        if (ok) this.ws.log({ level: 'warn', code: 'lease-taken-over', message: `pump lease taken over from ${cur.holder} (process gone)`, params });
      }
      if (!ok && cur && cur.holder !== this.reportedHolder) {
        this.reportedHolder = cur.holder;
        const h = describeHolder(cur.holder, cur.acquiredAt);
        const params = { host: h.host, pid: h.pid ?? cur.holder, since: dateTimeText(h.since) };
        this.ws.log({ level: 'info', code: 'lease-held', message: `${h.text} holds the pump lease and sends; this process waits for it`, params });
      }
    }
    if (ok) this.lastRenew = now;
    return ok;
  }

  /** The lease is ours and the pump runs: said to the operator after a wait, to support every time. */
  announce(): void {
    if (this.reportedHolder !== null) this.ws.log({ level: 'info', code: 'lease-acquired', message: 'this process now holds the pump lease and sends' });
    else this.ws.supportLog.info('lease-acquired', { lease: PUMP_LEASE, holder: this.holder });
    this.reportedHolder = null;
  }

  /** Renews the lease when a third of its time has passed; false when another process took it. */
  renew(now: number): boolean {
    if (now - this.lastRenew < this.ttl / 3) return true;
    if (!this.ws.store.leases.acquire(PUMP_LEASE, this.holder, this.ttl, now)) return false;
    this.lastRenew = now;
    return true;
  }

  /**
   * Whether the last renewal is within the TTL: one that is not (renewals refused by a locked
   * database) may be another process's by now.
   */
  fresh(now: number): boolean {
    return now - this.lastRenew <= this.ttl;
  }

  /** Gives the lease up; a closing database lets it expire by itself. */
  release(): void {
    try {
      this.ws.store.leases.release(PUMP_LEASE, this.holder);
      this.ws.supportLog.info('lease-released', { lease: PUMP_LEASE, holder: this.holder });
    } catch {
      // closing database: the lease expires by itself
    }
  }
}
