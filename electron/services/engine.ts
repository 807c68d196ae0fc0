// What the services need from the composition root (workspace.ts), as narrow views the services
// own: the store with its aliases, the engine core every service picks from (CampaignEngine,
// PumpEngine, RouterEngine, RulesEngine are Picks of EngineCore), and the one event each part
// emits or listens to (Emits, Listens). An event's payload type lives with the part that emits it
// (ProgressEvent: sending/outcome-recorder.ts, RecordedReportEvent: sending/deliver-router.ts,
// StoreFault: sending/store-faults.ts, Campaign: the store); the whole event map is the
// Workspace's (workspace.ts). The Workspace implements EngineCore; no service imports the
// Workspace itself, so the services and the root that builds them never import each other.
import type { CmppAccountPool } from '../cmpp/session/client.js';
import type { DeliveryLog } from '../store/log/delivery-log.js';
import type { OptOuts } from '../store/opt-out.js';
import type { Store } from '../store/store.js';
import type { LiveLog } from '../../shared/ipc/contract/monitor.js';
import type { StoreFaults } from './sending/store-faults.js';
import type { WorkspaceSettings } from './settings/settings.js';
import type { SupportLog } from './support/support-log.js';

/** The store's repositories, with the names the services use (`optOut`, `deliveryLog`) as aliases. */
export type WorkspaceStore = Store & { readonly optOut: OptOuts; readonly deliveryLog: DeliveryLog };

/** The engine's 'log' event: what the monitor's live.log carries, as it is. */
export type WorkspaceLogEvent = LiveLog;

/** A part that emits the engine event `K` with the arguments `A` (the Workspace emits them all). */
export interface Emits<K extends string, A extends unknown[]> {
  emit(event: K, ...args: A): boolean;
}

/** A part that listens to the engine event `K` with the arguments `A`. */
export interface Listens<K extends string, A extends unknown[]> {
  on(event: K, listener: (...args: A) => void): unknown;
  off(event: K, listener: (...args: A) => void): unknown;
}

/** The engine as the services see it; the Workspace is one. */
export interface EngineCore {
  readonly db: Store['db'];
  readonly store: WorkspaceStore;
  readonly settings: WorkspaceSettings;
  readonly now: () => number;
  /** Who acts, for the audit log. */
  readonly actor: string;
  readonly supportLog: SupportLog;
  /** The database's write faults (busy, disk full): the pump and the router stop and resume on them. */
  readonly faults: StoreFaults;
  /** The account's pool, created and started on first use. */
  pool(accountId: number): CmppAccountPool;
  existingPool(accountId: number): CmppAccountPool | undefined;
  /** Something the operator should see (the 'log' event), also written to the support log. */
  log(e: Omit<WorkspaceLogEvent, 'at'>, error?: unknown): void;
}
