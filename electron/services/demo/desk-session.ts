// The engine as the desktop app holds it: ONE workspace at a time, either the demo gateway's
// (demo.db + the in-process simulator) or the operator's own database, and the bridge from the
// engine's events (live feed, campaign progress, logs) to the renderer's batched event channels.
// main.ts creates it; the browser tests create it the same way with a temp data directory.
//
// Decisions:
// - Mode: the first start opens the demo gateway (a new user can try everything at once); the
//   operator switches to "my gateways" (the real database) in Settings or on the Monitor, and the
//   choice is remembered in <dataDir>/workstation.json. Switching closes one workspace gracefully
//   (pump stopped, in-flight responses collected, TERMINATE) before the other opens, so demo and
//   real traffic never share a process state or a database.
// - On open, every account of the real database is connected: MOs and status reports only arrive
//   over a logged-in connection, and an operator expects them while the desk is open.
// - Reconnecting after sleep re-opens the workspace (close + open): the pump keeps each account's
//   pool for good, so a fresh pool is only picked up by a fresh pump. A close is bounded (pools stop
//   within ~4 s) and loses nothing: whatever was on the wire becomes in_doubt like after a crash.
import { liveFiguresOf } from '../../store/live-figures.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CampaignRow } from '../../../shared/ipc/contract/campaigns.js';
import type { EnqueueEvent } from '../../../shared/ipc/contract/composer.js';
import type { DeskMode, ModeInfo } from '../../../shared/ipc/contract/demo.js';
import type { ReportRow } from '../../../shared/ipc/contract/inbox.js';
import type { LiveCounters } from '../../../shared/ipc/contract/monitor.js';
import { IpcFailure } from '../../../shared/ipc/envelope.js';
import type { EventChannel } from '../../../shared/ipc/channels.js';
import type { PayloadOf } from '../../../shared/ipc/contract.js';
import { DemoGateway, type DemoGatewayOptions } from './demo-gateway.js';
import { campaignRowOf, CampaignRowFeed } from './campaign-rows.js';
import { readMode, writeMode } from './mode-file.js';
import { MonitorFigures } from './monitor-figures.js';
import { SendingWatch } from './sending-watch.js';
import type { FeedBatch, FeedCounters } from '../inbox/live-feed.js';
import type { WorkspaceLogEvent } from '../engine.js';
import { Workspace, type WorkspaceOptions } from '../workspace.js';
import type { Campaign } from '../../store/campaigns.js';
import type { SecretCipher } from '../../store/cipher.js';
import { storeFaultNotices } from '../sending/store-fault-notices.js';

export { HISTORY_SECONDS } from './monitor-figures.js';
export { MODE_FILE, readMode } from './mode-file.js';

/** What the session emits to (EventBatcher satisfies it). */
export interface LiveEmitter {
  emit<E extends EventChannel>(channel: E, payload: PayloadOf<E>): void;
}

export const REAL_DB_FILE = 'cmpp-desk.db';

export interface LiveSessionOptions {
  /** The per-user data directory (app.getPath('userData') in the app). */
  dataDir: string;
  cipher: SecretCipher;
  previousCiphers?: readonly SecretCipher[];
  /** How the cipher protects secrets, shown in Settings. */
  secrets: ModeInfo['secrets'];
  events: LiveEmitter;
  /** Start in this mode instead of the remembered one. */
  mode?: DeskMode;
  /** Default <dataDir>/cmpp-desk.db (the CLI's default database too). */
  realDbPath?: string;
  /** Workspace options for both modes (autoPump in the app; short timers in tests). */
  workspace?: Partial<Omit<WorkspaceOptions, 'dbPath' | 'cipher' | 'previousCiphers'>>;
  demo?: Pick<DemoGatewayOptions, 'behaviour' | 'port' | 'log' | 'connect'>;
  /** Connect every account when the real database opens (default true). */
  connectOnOpen?: boolean;
  /** How often changed campaigns are pushed to the renderer (default 250 ms). */
  campaignFlushMs?: number;
  /** Told when campaigns start or stop running (the app holds a power-save blocker meanwhile). */
  onSendingChange?: (sending: boolean) => void;
  onError?: (error: unknown, context: string) => void;
}

interface Attached {
  ws: Workspace;
  demo: DemoGateway | null;
  detach: () => void;
}


export class LiveSession {
  private current: Attached | null = null;
  private modeNow: DeskMode;
  private switching: Promise<ModeInfo> | null = null;
  private closed = false;
  /** Enqueue jobs (composer.send) that can be cancelled, by the renderer's job id. */
  readonly jobs = new Map<string, { cancelled: boolean }>();
  private readonly figures = new MonitorFigures();
  private readonly campaignRows = new CampaignRowFeed();
  private readonly sending = new SendingWatch((sending) => this.opts.onSendingChange?.(sending), (e, context) => this.report(e, context));
  private flushTimer: NodeJS.Timeout | undefined;

  private constructor(private readonly opts: LiveSessionOptions) {
    this.modeNow = opts.mode ?? readMode(opts.dataDir) ?? 'demo';
  }

  /** Opens the remembered (or given) mode's workspace. */
  static async open(opts: LiveSessionOptions): Promise<LiveSession> {
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    const s = new LiveSession(opts);
    s.current = await s.openMode(s.modeNow);
    s.startFlushTimer();
    return s;
  }

  get mode(): DeskMode {
    return this.modeNow;
  }

  /** The workspace in use; undefined while switching or after close. */
  get workspace(): Workspace | undefined {
    return this.switching || this.closed ? undefined : this.current?.ws;
  }

  get demo(): DemoGateway | undefined {
    return this.switching || this.closed ? undefined : (this.current?.demo ?? undefined);
  }

  get realDbPath(): string {
    return this.opts.realDbPath ?? join(this.opts.dataDir, REAL_DB_FILE);
  }

  /** The workspace, or a clear failure the renderer shows (e.g. while switching modes). */
  requireWorkspace(): Workspace {
    const ws = this.workspace;
    if (ws) return ws;
    if (this.switching) throw new IpcFailure('switching', 'the workstation is switching between the demo gateway and your gateways; try again in a moment');
    throw new IpcFailure('no-workspace', 'the sending engine is not running; restart CMPP Desk');
  }

  info(): ModeInfo {
    const cur = this.current;
    return {
      mode: this.modeNow,
      dbPath: cur?.ws.dbPath ?? (this.modeNow === 'demo' ? join(this.opts.dataDir, 'demo.db') : this.realDbPath),
      demo: cur?.demo && cur.demo.running ? cur.demo.status() : null,
      secrets: this.opts.secrets,
    };
  }

  /** Switches between the demo gateway and the real database (remembered for the next start). */
  setMode(mode: DeskMode): Promise<ModeInfo> {
    if (this.closed) return Promise.reject(new IpcFailure('no-workspace', 'the workstation is closing'));
    if (this.switching) return this.switching;
    if (mode === this.modeNow && this.current) return Promise.resolve(this.info());
    if ([...this.jobs.values()].some((j) => !j.cancelled)) {
      return Promise.reject(new IpcFailure('busy', 'a campaign is still being queued; wait for it (or cancel it) before switching'));
    }
    this.switching = this.reopen(mode).finally(() => {
      this.switching = null;
    });
    return this.switching;
  }

  /**
   * Closes and re-opens the current mode's workspace: fresh pools and a fresh pump (after the
   * machine resumed from sleep, or to retry an account that failed to log in).
   */
  reconnect(): Promise<ModeInfo> {
    if (this.closed) return Promise.reject(new IpcFailure('no-workspace', 'the workstation is closing'));
    if (this.switching) return this.switching;
    this.switching = this.reopen(this.modeNow).finally(() => {
      this.switching = null;
    });
    return this.switching;
  }

  /** Stops everything: pumps, pools (bounded, TERMINATE), simulator, database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.flushTimer);
    for (const j of this.jobs.values()) j.cancelled = true;
    await this.switching?.catch(() => {});
    const cur = this.current;
    this.current = null;
    if (cur) await this.closeAttached(cur);
    this.sending.set(false);
  }

  /** Per-second samples since the workspace opened (oldest first, at most HISTORY_SECONDS per account). */
  historyOf(accountId?: number): LiveCounters[] {
    return this.figures.historyOf(accountId);
  }

  latestOf(accountId: number): LiveCounters | null {
    return this.figures.latestOf(accountId);
  }

  /** Progress of a campaign being queued (composer.send). */
  emitEnqueue(e: EnqueueEvent): void {
    this.opts.events.emit('live.enqueue', e);
  }

  /** Marks a campaign changed so its row is pushed with the next flush. */
  touchCampaign(id: number): void {
    this.campaignRows.mark(id);
  }

  /** A campaign as the renderer lists it (counts from the trigger-kept table: cheap). */
  campaignRow(c: Campaign, ws: Workspace = this.requireWorkspace()): CampaignRow {
    return campaignRowOf(ws.store, c);
  }

  /** Outbox figures of one account for the monitor: queued and in-doubt messages. */
  accountFigures(accountId: number, ws: Workspace = this.requireWorkspace()): { queued: number; inDoubt: number } {
    return liveFiguresOf(ws.db).accountBacklog(accountId);
  }

  // ---- internals ------------------------------------------------------------------------------

  private async reopen(mode: DeskMode): Promise<ModeInfo> {
    const previous = this.modeNow;
    const cur = this.current;
    this.current = null;
    if (cur) await this.closeAttached(cur);
    this.resetLiveState();
    try {
      this.current = await this.openMode(mode);
      this.modeNow = mode;
    } catch (e) {
      // Fall back to where we were, so the desk is never left without an engine.
      this.report(e, `opening the ${mode === 'demo' ? 'demo gateway' : 'real gateway database'}`);
      try {
        this.current = await this.openMode(previous);
      } catch (again) {
        this.report(again, 'reopening the previous workspace');
      }
      this.emitMode();
      throw new IpcFailure('open-failed', `could not open ${mode === 'demo' ? 'the demo gateway' : this.realDbPath}: ${e instanceof Error ? e.message : String(e)}`);
    }
    try {
      writeMode(this.opts.dataDir, mode);
    } catch (e) {
      this.report(e, 'remembering the mode');
    }
    this.emitMode();
    return this.info();
  }

  private emitMode(): void {
    this.opts.events.emit('live.mode', this.info());
  }

  private async openMode(mode: DeskMode): Promise<Attached> {
    const { dataDir, cipher, previousCiphers } = this.opts;
    if (mode === 'demo') {
      const demo = await DemoGateway.start({
        dataDir,
        cipher,
        ...(previousCiphers ? { previousCiphers } : {}),
        ...(this.opts.workspace ? { workspace: this.opts.workspace } : {}),
        ...this.opts.demo,
      });
      return { ws: demo.workspace, demo, detach: this.attach(demo.workspace) };
    }
    const ws = Workspace.open({ ...this.opts.workspace, dbPath: this.realDbPath, cipher, ...(previousCiphers ? { previousCiphers } : {}) });
    const detach = this.attach(ws);
    if (this.opts.connectOnOpen !== false) {
      for (const a of ws.store.accounts.list()) {
        try {
          ws.pool(a.id);
        } catch (e) {
          this.report(e, `connecting account ${a.name}`);
        }
      }
    }
    return { ws, demo: null, detach };
  }

  private async closeAttached(a: Attached): Promise<void> {
    a.detach();
    try {
      if (a.demo) await a.demo.close();
      else await a.ws.close();
    } catch (e) {
      this.report(e, 'closing the workspace');
    }
  }

  private resetLiveState(): void {
    this.figures.clear();
    this.campaignRows.clear();
  }

  /** Wires a workspace's events to the renderer's channels; returns the undo. */
  private attach(ws: Workspace): () => void {
    const events = this.opts.events;
    const unsubscribe = ws.feed.subscribe((batch) => this.onFeed(ws, batch));
    const onProgress = (e: { campaignIds: (number | null)[] }) => {
      for (const id of e.campaignIds) if (id !== null) this.campaignRows.mark(id);
    };
    const onCampaign = (c: Campaign) => {
      this.campaignRows.mark(c.id);
      this.sending.check(ws.store, true);
    };
    const onLog = (e: WorkspaceLogEvent) => {
      events.emit('live.log', { ...e });
    };
    ws.on('progress', onProgress);
    ws.on('campaign', onCampaign);
    ws.on('log', onLog);
    const stopNotices = storeFaultNotices(ws, (n) => events.emit('app.notice', n));
    this.sending.check(ws.store, true);
    // Campaigns left running by the last session are resumed by the pump: show them as such.
    for (const c of ws.store.campaigns.list('running')) this.campaignRows.mark(c.id);
    return () => {
      unsubscribe();
      ws.off('progress', onProgress);
      ws.off('campaign', onCampaign);
      ws.off('log', onLog);
      stopNotices();
    };
  }

  private onFeed(ws: Workspace, batch: FeedBatch): void {
    const events = this.opts.events;
    for (const r of batch.reports) {
      if (r.campaignId !== null) this.campaignRows.mark(r.campaignId);
      // A resent DELIVER changes nothing in the store, and a late match is a report counted
      // when it arrived: count each report once.
      if (!r.duplicate && !r.late) this.figures.countReport(r.accountId, r.outcome);
      const row: ReportRow = {
        at: r.at,
        accountId: r.accountId,
        msgId: r.msgId,
        number: r.number,
        stat: r.stat,
        outcome: r.outcome,
        messageId: r.messageId,
        campaignId: r.campaignId,
        ...(r.late ? { late: true } : {}),
      };
      events.emit('live.reports', row);
    }
    for (const m of batch.mos) {
      events.emit('live.mos', { ...m });
      if (m.campaignId !== null) this.campaignRows.mark(m.campaignId);
    }
    for (const c of batch.counters) {
      events.emit('live.counters', this.counters(ws, c));
    }
    if (batch.dropped.reports + batch.dropped.mos + batch.dropped.counters > 0) {
      events.emit('live.log', {
        at: batch.at,
        level: 'warn',
        code: 'feed-dropped',
        message: `live updates were too many to show: ${batch.dropped.reports} reports, ${batch.dropped.mos} MOs skipped in the live view (all are stored)`,
      });
    }
  }

  private counters(ws: Workspace, c: FeedCounters): LiveCounters {
    let figures = { queued: 0, inDoubt: 0 };
    try {
      figures = this.accountFigures(c.accountId, ws);
    } catch (e) {
      this.report(e, 'reading queue figures');
    }
    const pool = ws.existingPool(c.accountId);
    return this.figures.sample(c, figures, pool ? pool.state : 'not-connected');
  }

  private startFlushTimer(): void {
    this.flushTimer = setInterval(() => this.flushCampaigns(), this.opts.campaignFlushMs ?? 250);
    this.flushTimer.unref();
  }

  /** Pushes changed campaigns (coalesced: a campaign at most once per flush, only when its row changed). */
  private flushCampaigns(): void {
    const ws = this.workspace;
    if (!ws) return;
    try {
      for (const row of this.campaignRows.changed(ws.store)) this.opts.events.emit('live.campaign', row);
      this.sending.check(ws.store, false);
    } catch (e) {
      this.report(e, 'pushing campaign progress');
    }
  }

  private report(e: unknown, context: string): void {
    this.opts.onError?.(e, context);
  }
}
