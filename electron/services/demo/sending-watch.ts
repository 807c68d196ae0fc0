// Whether campaigns are running, for the app's power-save blocker: told on every change, checked
// when a campaign changes state and at most every 2 s otherwise.
import type { WorkspaceStore } from '../engine.js';

export class SendingWatch {
  private sendingNow = false;
  private lastCheck = 0;

  constructor(
    private readonly onChange: (sending: boolean) => void,
    private readonly report: (e: unknown, context: string) => void,
  ) {}

  check(store: Pick<WorkspaceStore, 'campaigns'>, force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastCheck < 2000) return;
    this.lastCheck = now;
    try {
      this.set(store.campaigns.list('running').length > 0);
    } catch (e) {
      this.report(e, 'checking running campaigns');
    }
  }

  set(sending: boolean): void {
    if (sending === this.sendingNow) return;
    this.sendingNow = sending;
    try {
      this.onChange(sending);
    } catch (e) {
      this.report(e, 'power-save blocker');
    }
  }
}
