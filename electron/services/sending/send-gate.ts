// When the pump may hand work over, by the clock: never inside the quiet hours (work waits for
// their end), and a campaign only once its schedule is due. Read at every refresh, against the
// engine's clock, so a test moves time instead of waiting for it.
import type { Campaign } from '../../store/campaigns.js';
import { quietHoursEnd, type QuietHours } from '../settings/settings.js';

export class SendGate {
  private quietUntil: number | null = null;

  /** Reads the quiet hours in force at `now` (the settings may have changed since the last refresh). */
  update(quietHours: QuietHours | null, now: number): void {
    this.quietUntil = quietHoursEnd(quietHours, now);
  }

  /** When the quiet hours holding sends back end; null when none hold them at `now`. */
  heldUntil(now: number): number | null {
    return this.quietUntil !== null && this.quietUntil > now ? this.quietUntil : null;
  }
}

/** Running campaigns whose schedule is due at `now`, by account, in the order given. */
export function dueByAccount(running: readonly Campaign[], now: number): Map<number, Campaign[]> {
  const byAccount = new Map<number, Campaign[]>();
  for (const c of running) {
    if (c.scheduleAt !== null && c.scheduleAt > now) continue;
    let l = byAccount.get(c.accountId);
    if (!l) byAccount.set(c.accountId, (l = []));
    l.push(c);
  }
  return byAccount;
}
