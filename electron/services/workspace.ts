// The composition root of the engine: one database file with its repositories, the settings, one
// CMPP account pool per gateway account (created lazily), the deliver router (reports -> the
// outbox, MOs -> the inbox), the pump, the campaign service, the inbox, the live feed and the
// import/export service. The app (main.ts) and every CLI command open exactly one Workspace per
// process and close it on quit.
//
// Services take what they need from the workspace and never call ws.pool() from their
// constructors (pools are lazy):
//   new LiveFeed()
//   new InboxService({ store, feed, settings, send: campaigns.sendOne, now, onError }); acceptMo(accountId, deliver, info)
//   new ImportExportService(ws.store)
// Workspace.close() calls inbox.stop(), feed.close() and io.close().
//
// Events (Workspace is an EventEmitter), for the live feed, the IPC layer and tests:
//   'pool'     (accountId, pool)            a pool was created and started
//   'reports'  (accountId, RecordedReportEvent[])   status reports committed (DELIVER_RESPs follow)
//   'progress' (ProgressEvent)              outcomes committed by the pump (per flush)
//   'campaign' (Campaign)                   a campaign changed state
//   'log'      (WorkspaceLogEvent)          something the operator should see (account failed, ...)
//   'store-fault' (StoreFault | null)       the database became unwritable (busy, full) or writable again
// Everything said through log() also goes to the support log (option `log`, a file in the data
// directory), with connection events, logins and campaign starts and ends (support-events.ts).
import { EventEmitter } from 'node:events';
import { accountFailure } from '../../shared/ipc/contract/monitor.js';
import { hostname, userInfo } from 'node:os';
import { CmppAccountPool } from '../cmpp/session/client.js';
import type { AccountConnectionConfig } from '../cmpp/session/client.js';
import type { Campaign } from '../store/campaigns.js';
import type { SecretCipher } from '../store/cipher.js';
import { Store } from '../store/store.js';
import { CampaignService } from './campaigns/campaigns.js';
import { DeliverRouter, type RecordedReportEvent } from './sending/deliver-router.js';
import type { EngineCore, WorkspaceLogEvent, WorkspaceStore } from './engine.js';
import { ImportExportService } from './import-export.js';
import { AutoReplyService } from './inbox/auto-reply.js';
import { InboxService } from './inbox/inbox.js';
import { LiveFeed } from './inbox/live-feed.js';
import { Checkpointer } from '../store/checkpointer.js';
import { capWal, truncateWal } from '../store/database.js';
import { removeUnfinishedDrafts } from './campaigns/unfinished-drafts.js';
import type { ProgressEvent } from './sending/outcome-recorder.js';
import { pauseCampaignsWhenLoginFails } from './campaigns/login-pause.js';
import { Pump, type PumpOptions } from './sending/pump.js';
import { StoreFaults, type StoreFault } from './sending/store-faults.js';
import { WorkspaceSettings } from './settings/settings.js';
import { LogArchiveService, type LogArchiveOptions } from './archive/log-archive-service.js';
import { nullSupportLog, type SupportLog } from './support/support-log.js';
import { logCampaignChanges, logPoolEvents } from './support/support-events.js';

// Importers of the workspace may name the engine's types here; each is defined by its owner.
export type { WorkspaceLogEvent, WorkspaceStore } from './engine.js';
export type { ProgressEvent, RecordedReportEvent };

/** The Workspace's events (see the list above); each payload type is its emitter's. */
export interface WorkspaceEvents {
  pool: [accountId: number, pool: CmppAccountPool];
  reports: [accountId: number, reports: RecordedReportEvent[]];
  progress: [ProgressEvent];
  campaign: [Campaign];
  log: [WorkspaceLogEvent];
  'store-fault': [StoreFault | null];
}

/** Pool settings that are not account columns: tests and benchmarks shorten timers here. */
export type PoolOverrides = Partial<
  Pick<
    AccountConnectionConfig,
    | 'backoff'
    | 'loginTimeoutMs'
    | 'activeTestTimeoutMs'
    | 'activeTestMaxSends'
    | 'closedAfterLoginMs'
    | 'rateGuardMs'
    | 'flowControl'
    | 'maxFlowControlResends'
    | 'requestTimeoutMs'
    | 'maxSends'
    | 'activeTestIntervalMs'
  >
>;

export interface WorkspaceOptions {
  dbPath: string;
  cipher: SecretCipher;
  /** Ciphers the database's secrets may have been written with before (re-encrypted at open). */
  previousCiphers?: readonly SecretCipher[];
  synchronous?: 'NORMAL' | 'FULL';
  /** See StoreOptions.syncBeforeAck (the benchmark's comparison only). Default true. */
  syncBeforeAck?: boolean;
  /** How long a write waits for another program's lock before the retry path takes over. Default 5000 ms. */
  busyTimeoutMs?: number;
  now?: () => number;
  /** Who acts, for the audit log: default the OS user name. */
  actor?: string;
  pool?: PoolOverrides;
  pump?: PumpOptions;
  /**
   * Start the pump at open, so campaigns left running (e.g. after a crash) resume: the app does
   * this; CLI commands that only read or edit leave it off. Default false.
   */
  autoPump?: boolean;
  /** The support log (default: none). The workspace never closes it: its opener does. */
  log?: SupportLog;
  /** Called once the database is closed (the CLI closes its support log here). */
  onClosed?: () => Promise<void> | void;
  /** Archive the delivery log's old months in the background. Default: as autoPump (the app). */
  autoArchive?: boolean;
  archive?: LogArchiveOptions;
}

export class Workspace extends EventEmitter<WorkspaceEvents> implements EngineCore {
  readonly db: Store['db'];
  readonly store: WorkspaceStore;
  readonly settings: WorkspaceSettings;
  readonly feed: LiveFeed;
  readonly campaigns: CampaignService;
  readonly inbox: InboxService;
  /** Keyword auto-replies, decided after an MO is durably stored (the router calls consider()). */
  readonly autoReply: AutoReplyService;
  readonly io: ImportExportService;
  readonly archive: LogArchiveService;
  readonly router: DeliverRouter;
  readonly pump: Pump;
  /** Writes that failed and wait for their retry; `faults.current` is what the operator is shown. */
  readonly faults: StoreFaults;
  readonly now: () => number;
  readonly actor: string;
  readonly dbPath: string;
  /** Where the services report for support (connection events, errors with stacks, ...). */
  readonly supportLog: SupportLog;

  private readonly pools = new Map<number, CmppAccountPool>();
  private readonly checkpointer: Checkpointer;
  private readonly poolOverrides: PoolOverrides;
  private readonly onClosed: WorkspaceOptions['onClosed'];
  private closing: Promise<void> | undefined;

  private constructor(store: Store, opts: WorkspaceOptions) {
    super();
    this.dbPath = opts.dbPath;
    this.now = opts.now ?? Date.now;
    this.actor = opts.actor ?? defaultActor();
    this.poolOverrides = opts.pool ?? {};
    this.supportLog = opts.log ?? nullSupportLog;
    this.onClosed = opts.onClosed;
    Object.defineProperties(store, {
      optOut: { value: store.optOuts, enumerable: true },
      deliveryLog: { value: store.log, enumerable: true },
    });
    this.store = store as WorkspaceStore;
    this.db = store.db;
    this.checkpointer = new Checkpointer(this.db, opts.dbPath, (message) => this.log({ level: 'warn', code: 'checkpoint', message }));
    this.settings = new WorkspaceSettings(this.db, this.now);
    this.feed = new LiveFeed();
    this.faults = new StoreFaults({
      dbPath: opts.dbPath,
      now: this.now,
      log: (e) => this.log(e),
      faultChanged: (f) => this.emit('store-fault', f),
      // A full disk: copy the WAL into the database file and cut it to zero, which frees its space
      // when the file has room for the new pages (else this fails too, and the retry comes back).
      relieveFullDisk: () => truncateWal(this.db),
      afterFullDisk: (free) => capWal(this.db, free),
    });
    this.router = new DeliverRouter(this);
    this.pump = new Pump(this, opts.pump);
    this.campaigns = new CampaignService(this);
    this.inbox = new InboxService({
      store: this.store,
      feed: this.feed,
      settings: this.settings,
      send: (req) => this.campaigns.sendOne(req),
      now: this.now,
      onError: (err, context) =>
        this.log({ level: 'warn', code: 'inbox', message: `${context}: ${err instanceof Error ? err.message : String(err)}` }, err),
    });
    this.autoReply = new AutoReplyService({
      store: this.store,
      reply: (id, text, o) => this.inbox.reply(id, text, o),
      now: this.now,
      onError: (err, context) =>
        this.log({ level: 'warn', code: 'auto-reply', message: `${context}: ${err instanceof Error ? err.message : String(err)}` }, err),
    });
    this.io = new ImportExportService(this.store);
    this.archive = new LogArchiveService(this, opts.archive);
    logCampaignChanges(this);
  }

  /** Opens (creating and migrating) the database and builds the services. */
  static open(opts: WorkspaceOptions): Workspace {
    const store = Store.open({
      path: opts.dbPath,
      cipher: opts.cipher,
      ...(opts.previousCiphers ? { previousCiphers: opts.previousCiphers } : {}),
      ...(opts.synchronous ? { synchronous: opts.synchronous } : {}),
      ...(opts.syncBeforeAck === false ? { syncBeforeAck: false } : {}),
      ...(opts.busyTimeoutMs !== undefined ? { busyTimeoutMs: opts.busyTimeoutMs } : {}),
    });
    let ws: Workspace;
    try {
      ws = new Workspace(store, opts);
    } catch (e) {
      store.close();
      throw e;
    }
    ws.supportLog.info('database-open', { path: opts.dbPath, autoPump: opts.autoPump === true });
    ws.checkpointer.start();
    // Whichever command runs first after a creation that did not finish removes its partial draft;
    // if that fails too (the disk still full), the next start tries again.
    removeUnfinishedDrafts(ws).catch((e: unknown) =>
      ws.log({ level: 'warn', code: 'campaign-unfinished', message: `unfinished campaign drafts could not be removed yet: ${(e as Error).message}` }),
    );
    // The same for contact imports that stopped half-way (their journal lease names a dead process).
    ws.io.recoverInterruptedImports().catch((e: unknown) =>
      ws.log({ level: 'warn', code: 'import-unfinished', message: `unfinished contact imports could not be rolled back yet: ${(e as Error).message}` }),
    );
    ws.inbox.start();
    if (opts.autoArchive ?? opts.autoPump) ws.archive.start();
    if (opts.autoPump) ws.pump.start().catch((e: unknown) => ws.log({ level: 'error', code: 'pump', message: `the pump could not start: ${(e as Error).message}` }, e));
    return ws;
  }

  /** A WAL checkpoint on the checkpointer's thread now (the log archive's deletes wait for it after each batch). */
  checkpointWal(): Promise<void> {
    return this.checkpointer.checkpointNow();
  }

  /**
   * The account's pool: created and started on first use from the account row (secret decrypted
   * through the cipher). A pool that failed (wrong secret, ...) is returned as is, so nothing
   * loops on logins; after the operator fixes the account, resetPool() makes the next call retry.
   */
  pool(accountId: number): CmppAccountPool {
    const existing = this.pools.get(accountId);
    if (existing && existing.state !== 'stopped' && existing.state !== 'stopping') return existing;
    if (this.closing) throw new Error('the workspace is closing');
    const a = this.store.accounts.get(accountId);
    const secret = this.store.accounts.getSecret(accountId);
    const pool = new CmppAccountPool({
      name: a.name,
      host: a.host,
      port: a.port,
      tls: a.tls,
      version: a.version,
      spId: a.spId,
      secret,
      strictAuthenticator: a.strictAuthenticator,
      connections: a.connections,
      window: a.window,
      rate: a.rate,
      maxDestinations: a.destsPerSubmit,
      requestTimeoutMs: a.responseTimeoutMs,
      maxSends: a.maxSends,
      activeTestIntervalMs: a.activeTestIntervalMs,
      ...this.poolOverrides,
      onDeliver: (deliver, info) => this.router.onDeliver(accountId, deliver, info),
      // Every SUBMIT lost with its connection comes back to the pump, which records it in_doubt:
      // free ones are resent from the outbox (flagged as possible duplicates), charged ones wait
      // for the operator. One policy, one place, and the database always says what happened.
      onInFlightLost: () => 'hand-back',
    });
    this.feed.attachPool(accountId, pool, () => this.pump.storeFigures(accountId));
    // Every connection failure reaches the operator once per distinct reason (a reconnect loop
    // against a dead gateway would otherwise repeat the same line every back-off).
    let lastFailure = '';
    pool.on('state', (e) => {
      if (e.state === 'ready') lastFailure = '';
      if (e.code === undefined || e.code === 'stopped') return;
      const message = `account ${a.name}, connection ${e.connectionId || e.slot + 1}: ${e.code}: ${e.reason ?? ''}${e.retryInMs !== undefined ? ` (reconnecting in ${e.retryInMs} ms)` : ''}`;
      const key = `${e.code}: ${e.reason ?? ''}`;
      if (key === lastFailure) return;
      lastFailure = key;
      const connection = String(e.connectionId || e.slot + 1);
      const close = {
        code: e.code,
        account: a.name,
        connection,
        ...(e.retryInMs !== undefined ? { retryInMs: e.retryInMs } : {}),
        ...(e.status !== undefined ? { status: e.status } : {}),
      };
      this.log({ level: 'warn', code: 'connection-failed', message, accountId, close });
    });
    logPoolEvents(this.supportLog, accountId, pool);
    pauseCampaignsWhenLoginFails(this, accountId, a.name, pool);
    pool.on('pool-state', (e) => {
      if (e.state === 'ready') this.pump.kick();
      if (e.state !== 'failed') return;
      const info = pool.failureInfo;
      const message = `account ${a.name}: ${e.reason ?? 'failed'}`;
      this.log({ level: 'error', code: 'account-failed', message, accountId, params: { account: a.name }, ...(info ? { failure: accountFailure(info) } : {}) });
    });
    this.pools.set(accountId, pool);
    pool.start();
    this.emit('pool', accountId, pool);
    return pool;
  }

  /** The pool if one was created (without creating it). */
  existingPool(accountId: number): CmppAccountPool | undefined {
    return this.pools.get(accountId);
  }

  /** Stops the account's pool (bounded) so the next pool() call builds a fresh one from the row. */
  async resetPool(accountId: number): Promise<void> {
    const p = this.pools.get(accountId);
    if (!p) return;
    this.pools.delete(accountId);
    await p.stop({ timeoutMs: 3000, terminateTimeoutMs: 1000 });
  }

  /** Tells the operator (the 'log' event) and the support log; `error` adds its stack there. */
  log(e: Omit<WorkspaceLogEvent, 'at'>, error?: unknown): void {
    const fields: Record<string, unknown> = { message: e.message };
    if (e.accountId !== undefined) fields.accountId = e.accountId;
    if (e.campaignId !== undefined) fields.campaignId = e.campaignId;
    this.supportLog[e.level](e.code, fields, error);
    this.emit('log', { at: this.now(), ...e });
  }

  /** Stops the pump (its lease released), stops the pools gracefully (bounded), closes the DB. */
  close(): Promise<void> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<void> {
    await this.archive.stop();
    await this.pump.stop();
    // Hand-overs waiting for their sync reach the pools before these stop (their outcomes are
    // then recorded below like any other); a failed sync was already handled by its waiter.
    await this.store.durable().catch(() => undefined);
    await Promise.all([...this.pools.values()].map((p) => p.stop({ timeoutMs: 3000, terminateTimeoutMs: 1000 })));
    // Outcomes that arrived while the pools stopped are recorded before the database closes.
    this.pump.flushAll();
    await this.router.flush();
    this.pump.releaseLease();
    this.pools.clear();
    await this.inbox.stop();
    this.feed.close();
    await this.io.close();
    await this.checkpointer.stop();
    this.store.close();
    this.supportLog.info('database-closed', { path: this.dbPath });
    await this.onClosed?.();
  }
}

function defaultActor(): string {
  try {
    return `${userInfo().username}@${hostname()}`;
  } catch {
    return `pid ${process.pid}`;
  }
}
