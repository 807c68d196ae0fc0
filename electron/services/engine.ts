// What the services need from the composition root (workspace.ts), as types the services own: the
// store with its aliases, the events the engine emits, and the narrow view of the engine each
// service takes (CampaignEngine, PumpEngine, RouterEngine, RulesEngine are Picks of EngineCore).
// The Workspace implements EngineCore; no service imports the Workspace itself, so the services
// and the root that builds them never import each other.
import type { EventEmitter } from 'node:events';
import type { CmppAccountPool } from '../cmpp/session/client.js';
import type { Campaign } from '../store/campaigns.js';
import type { DeliveryLog } from '../store/log/delivery-log.js';
import type { OptOuts } from '../store/opt-out.js';
import type { RecordedReport, ReportInput } from '../store/reports.js';
import type { Store } from '../store/store.js';
import type { StoreFault, StoreFaults } from './sending/store-faults.js';
import type { WorkspaceSettings } from './settings/settings.js';
import type { SupportLog } from './support/support-log.js';

/** The store's repositories, with the names the services use (`optOut`, `deliveryLog`) as aliases. */
export type WorkspaceStore = Store & { readonly optOut: OptOuts; readonly deliveryLog: DeliveryLog };

export interface RecordedReportEvent extends RecordedReport {
  input: ReportInput;
}

export interface ProgressEvent {
  accountId: number;
  /** Campaigns whose messages changed in this flush (null = direct sends). */
  campaignIds: (number | null)[];
  submitted: number;
  failed: number;
  requeued: number;
  inDoubt: number;
}

export interface WorkspaceLogEvent {
  at: number;
  level: 'info' | 'warn' | 'error';
  code: string;
  message: string;
  accountId?: number;
  campaignId?: number;
}

export interface WorkspaceEvents {
  pool: [accountId: number, pool: CmppAccountPool];
  reports: [accountId: number, reports: RecordedReportEvent[]];
  progress: [ProgressEvent];
  campaign: [Campaign];
  log: [WorkspaceLogEvent];
  'store-fault': [StoreFault | null];
}

/** The engine as the services see it; the Workspace is one. */
export interface EngineCore extends Pick<EventEmitter<WorkspaceEvents>, 'emit' | 'on' | 'off'> {
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
