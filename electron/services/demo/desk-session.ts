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
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CampaignRow } from '../../../shared/ipc/contract/campaigns.js';
import type { EnqueueEvent } from '../../../shared/ipc/contract/composer.js';
import type { DeskMode, ModeInfo } from '../../../shared/ipc/contract/demo.js';
import type { ReportRow } from '../../../shared/ipc/contract/inbox.js';
import type { LiveCounters, LiveCounterValues } from '../../../shared/ipc/contract/monitor.js';
import { IpcFailure } from '../../../shared/ipc/envelope.js';
import type { EventChannel } from '../../../shared/ipc/channels.js';
import type { PayloadOf } from '../../../shared/ipc/contract.js';
import type { CounterValues } from '../../cmpp/session/client.js';
import { DemoGateway, type DemoGatewayOptions } from './demo-gateway.js';
import type { FeedBatch, FeedCounters } from '../inbox/live-feed.js';
import type { WorkspaceLogEvent } from '../engine.js';
import { Workspace, type WorkspaceOptions } from '../workspace.js';
import type { Campaign } from '../../store/campaigns.js';
import type { SecretCipher } from '../../store/cipher.js';
import { storeFaultNotices } from '../sending/store-fault-notices.js';

/** What the session emits to (EventBatcher satisfies it). */
export interface LiveEmitter {
  emit<E extends EventChannel>(channel: E, payload: PayloadOf<E>): void;
}

export const MODE_FILE = 'workstation.json';
export const REAL_DB_FILE = 'cmpp-desk.db';
/** Per-second samples kept per account for the monitor's chart after a reload (10 minutes). */
export const HISTORY_SECONDS = 600;

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

interface Tally {
  delivered: number;
  failed: number;
  unknown: number;
}

const ZERO_TALLY: Tally = { delivered: 0, failed: 0, unknown: 0 };

export function readMode(dataDir: string): DeskMode | null {
  try {
    const v = JSON.parse(readFileSync(join(dataDir, MODE_FILE), 'utf8')) as { mode?: unknown };
    return v.mode === 'demo' || v.mode === 'real' ? v.mode : null;
  } catch {
    return null;
  }
}

function writeMode(dataDir: string, mode: DeskMode): void {
  const file = join(dataDir, MODE_FILE);
  // Write-then-rename: a crash mid-write never leaves a half file behind.
  writeFileSync(`${file}.tmp`, `${JSON.stringify({ mode }, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

function liveValues(c: CounterValues, t: Tally): LiveCounterValues {
  return {
    submits: c.submits,
    messages: c.messages,
    responsesOk: c.responsesOk,
    responsesFailed: c.responsesFailed,
    flowControl: c.flowControl,
    timeouts: c.timeouts,
    resends: c.resends,
    reports: c.reports,
    delivered: t.delivered,
    failed: t.failed,
    unknown: t.unknown,
    mos: c.mos,
  };
}

export class LiveSession {
  private current: Attached | null = null;
  private modeNow: DeskMode;
  private switching: Promise<ModeInfo> | null = null;
  private closed = false;
  private sendingNow = false;
  /** Enqueue jobs (composer.send) that can be cancelled, by the renderer's job id. */
  readonly jobs = new Map<string, { cancelled: boolean }>();
  private readonly tallies = new Map<number, Tally>();
  private readonly lastTallies = new Map<number, Tally>();
  private readonly history = new Map<number, LiveCounters[]>();
  private readonly failures = new Map<number, string>();
  private readonly dirty = new Set<number>();
  private readonly lastRows = new Map<number, string>();
  private flushTimer: NodeJS.Timeout | undefined;
  private lastSendingCheck = 0;

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
    this.setSending(false);
  }

  /** Per-second samples since the workspace opened (oldest first, at most HISTORY_SECONDS per account). */
  historyOf(accountId?: number): LiveCounters[] {
    if (accountId !== undefined) return [...(this.history.get(accountId) ?? [])];
    return [...this.history.values()].flat().sort((a, b) => a.at - b.at);
  }

  latestOf(accountId: number): LiveCounters | null {
    const h = this.history.get(accountId);
    return h && h.length > 0 ? h[h.length - 1]! : null;
  }

  failureOf(accountId: number): string | null {
    return this.failures.get(accountId) ?? null;
  }

  /** Progress of a campaign being queued (composer.send). */
  emitEnqueue(e: EnqueueEvent): void {
    this.opts.events.emit('live.enqueue', e);
  }

  /** Marks a campaign changed so its row is pushed with the next flush. */
  touchCampaign(id: number): void {
    this.dirty.add(id);
  }

  /** A campaign as the renderer lists it (counts from the trigger-kept table: cheap). */
  campaignRow(c: Campaign, ws: Workspace = this.requireWorkspace()): CampaignRow {
    let accountName = `#${c.accountId}`;
    try {
      accountName = ws.store.accounts.get(c.accountId).name;
    } catch {
      // account removed: keep the id
    }
    return {
      id: c.id,
      name: c.name,
      accountId: c.accountId,
      accountName,
      state: c.state,
      charged: c.charged,
      text: c.text,
      counts: ws.store.campaigns.counts(c.id),
      createdAt: c.createdAt,
      startedAt: c.startedAt,
      finishedAt: c.finishedAt,
      scheduleAt: c.scheduleAt,
    };
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
          this.failures.set(a.id, e instanceof Error ? e.message : String(e));
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
    this.tallies.clear();
    this.lastTallies.clear();
    this.history.clear();
    this.failures.clear();
    this.dirty.clear();
    this.lastRows.clear();
  }

  /** Wires a workspace's events to the renderer's channels; returns the undo. */
  private attach(ws: Workspace): () => void {
    const events = this.opts.events;
    const unsubscribe = ws.feed.subscribe((batch) => this.onFeed(ws, batch));
    const onProgress = (e: { campaignIds: (number | null)[] }) => {
      for (const id of e.campaignIds) if (id !== null) this.dirty.add(id);
    };
    const onCampaign = (c: Campaign) => {
      this.dirty.add(c.id);
      this.checkSending(ws, true);
    };
    const onLog = (e: WorkspaceLogEvent) => {
      if (e.code === 'account-failed' && e.accountId !== undefined) this.failures.set(e.accountId, e.message);
      events.emit('live.log', { ...e });
    };
    ws.on('progress', onProgress);
    ws.on('campaign', onCampaign);
    ws.on('log', onLog);
    const stopNotices = storeFaultNotices(ws, (n) => events.emit('app.notice', n));
    this.checkSending(ws, true);
    // Campaigns left running by the last session are resumed by the pump: show them as such.
    for (const c of ws.store.campaigns.list('running')) this.dirty.add(c.id);
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
      if (r.campaignId !== null) this.dirty.add(r.campaignId);
      // A resent DELIVER changes nothing in the store, and a late match is a report counted
      // when it arrived: count each report once.
      if (!r.duplicate && !r.late) {
        const t = this.tallies.get(r.accountId) ?? { ...ZERO_TALLY };
        if (r.outcome === 'delivered') t.delivered++;
        else if (r.outcome === 'failed') t.failed++;
        else if (r.outcome === 'unknown') t.unknown++;
        this.tallies.set(r.accountId, t);
      }
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
      if (m.campaignId !== null) this.dirty.add(m.campaignId);
    }
    for (const c of batch.counters) {
      const live = this.counters(ws, c);
      let h = this.history.get(c.accountId);
      if (!h) this.history.set(c.accountId, (h = []));
      h.push(live);
      if (h.length > HISTORY_SECONDS) h.splice(0, h.length - HISTORY_SECONDS);
      events.emit('live.counters', live);
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
    const total = this.tallies.get(c.accountId) ?? ZERO_TALLY;
    const last = this.lastTallies.get(c.accountId) ?? ZERO_TALLY;
    this.lastTallies.set(c.accountId, { ...total });
    const delta: Tally = { delivered: total.delivered - last.delivered, failed: total.failed - last.failed, unknown: total.unknown - last.unknown };
    let figures = { queued: 0, inDoubt: 0 };
    try {
      figures = this.accountFigures(c.accountId, ws);
    } catch (e) {
      this.report(e, 'reading queue figures');
    }
    const pool = ws.existingPool(c.accountId);
    return {
      at: c.at,
      accountId: c.accountId,
      intervalMs: Math.round(c.intervalMs),
      interval: liveValues(c.interval, delta),
      totals: liveValues(c.totals, total),
      queued: figures.queued,
      inDoubt: figures.inDoubt,
      inFlight: c.store?.inFlight ?? 0,
      poolQueueDepth: c.poolQueueDepth,
      rate: c.rate,
      linkState: pool ? pool.state : 'not-connected',
      connections: c.connections.map((x) => ({ slot: x.slot, connectionId: x.connectionId, state: x.state, inFlight: x.inFlight, window: x.window })),
    };
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
      for (const c of ws.store.campaigns.list('running')) this.dirty.add(c.id);
      const ids = [...this.dirty];
      this.dirty.clear();
      for (const id of ids) {
        let row: CampaignRow;
        try {
          row = this.campaignRow(ws.store.campaigns.get(id), ws);
        } catch {
          continue; // removed (a discarded draft)
        }
        const key = JSON.stringify(row);
        if (this.lastRows.get(id) === key) continue;
        this.lastRows.set(id, key);
        this.opts.events.emit('live.campaign', row);
      }
      this.checkSending(ws, false);
    } catch (e) {
      this.report(e, 'pushing campaign progress');
    }
  }

  private checkSending(ws: Workspace, force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastSendingCheck < 2000) return;
    this.lastSendingCheck = now;
    try {
      this.setSending(ws.store.campaigns.list('running').length > 0);
    } catch (e) {
      this.report(e, 'checking running campaigns');
    }
  }

  private setSending(sending: boolean): void {
    if (sending === this.sendingNow) return;
    this.sendingNow = sending;
    try {
      this.opts.onSendingChange?.(sending);
    } catch (e) {
      this.report(e, 'power-save blocker');
    }
  }

  private report(e: unknown, context: string): void {
    this.opts.onError?.(e, context);
  }
}
