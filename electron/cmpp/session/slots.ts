// The account's connection slots (the `connections` setting): each slot holds at most one connection,
// opens it, and after a loss opens the next one after its own back-off. A slot's state changes are
// the 'state' events of the pool.
import type { ResolvedAccountConfig } from './account-config.js';
import { Backoff } from './backoff.js';
import { CmppConnection, type ConnectionHost } from './connection.js';
import type { CloseInfo } from './connection-state.js';
import type { ConnectionLoad, ConnectionStateEvent, SlotState } from './pool-events.js';

interface Slot {
  index: number;
  state: SlotState;
  conn: CmppConnection | undefined;
  backoff: Backoff;
  timer: NodeJS.Timeout | undefined;
}

export class ConnectionSlots {
  private readonly slots: Slot[];

  constructor(
    private readonly config: ResolvedAccountConfig,
    private readonly host: ConnectionHost,
    /** Receives every state change; undefined when nobody listens (nothing is built then). */
    private readonly onState: () => ((e: ConnectionStateEvent) => void) | undefined,
  ) {
    this.slots = Array.from({ length: config.connections }, (_, index) => ({
      index,
      state: 'idle' as SlotState,
      conn: undefined,
      backoff: new Backoff(config.backoff),
      timer: undefined,
    }));
  }

  /** Per-slot state and window occupancy. */
  loads(): ConnectionLoad[] {
    return this.slots.map((s) => ({
      slot: s.index,
      connectionId: s.conn?.id ?? 0,
      state: s.state,
      inFlight: s.conn?.inFlight ?? 0,
      window: this.config.window,
    }));
  }

  /** The open connections, logged in or not. */
  open(): CmppConnection[] {
    return this.slots.map((s) => s.conn).filter((c): c is CmppConnection => c !== undefined);
  }

  /** Requests of the application awaiting responses on every connection. */
  pendingRequests(): number {
    let n = 0;
    for (const s of this.slots) if (s.conn !== undefined) n += s.conn.pendingRequests;
    return n;
  }

  /** Connects the first slot: one login first, so a wrong secret costs the gateway one CONNECT. */
  openFirst(): void {
    this.connect(this.slots[0]!);
  }

  /** Connects every slot still idle (once the account has logged in). */
  openIdle(): void {
    for (const s of this.slots) if (s.state === 'idle') this.connect(s);
  }

  set(conn: CmppConnection, state: SlotState, info?: CloseInfo): void {
    this.setState(this.slots[conn.slot]!, state, conn, info);
  }

  /** The slot's connection closed: it no longer holds it (returns the slot's state before). */
  release(conn: CmppConnection): SlotState {
    const slot = this.slots[conn.slot]!;
    if (slot.conn === conn) slot.conn = undefined;
    return slot.state;
  }

  /** After a loss: wait the slot's back-off, then connect again while `stillWanted()`. */
  reconnect(conn: CmppConnection, info: CloseInfo, stillWanted: () => boolean): void {
    const slot = this.slots[conn.slot]!;
    if (conn.readyAt > 0 && performance.now() - conn.readyAt >= this.config.backoff.resetAfterMs) slot.backoff.reset();
    const delay = slot.backoff.next();
    this.setState(slot, 'backing-off', conn, info, delay);
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      if (stillWanted()) this.connect(slot);
    }, delay);
  }

  /**
   * No more reconnects. A connection still logging in (or, with `all`, any connection) is closed with
   * `reason`; a slot without one says 'stopped' (a failed slot keeps saying 'failed').
   */
  stopAll(reason: string, all: boolean, info?: CloseInfo): void {
    for (const s of this.slots) {
      clearTimeout(s.timer);
      s.timer = undefined;
      const c = s.conn;
      if (c !== undefined && (all || c.state !== 'ready')) c.fail({ code: 'stopped', reason, fatal: false });
      if (c === undefined && s.state !== 'failed') this.setState(s, 'stopped', undefined, info);
    }
  }

  private connect(slot: Slot): void {
    const conn = new CmppConnection(this.config, slot.index, this.host);
    slot.conn = conn;
    this.setState(slot, 'connecting', conn);
    conn.open();
  }

  private setState(slot: Slot, state: SlotState, conn: CmppConnection | undefined, info?: CloseInfo, retryInMs?: number): void {
    slot.state = state;
    const emit = this.onState();
    if (emit === undefined) return;
    const e: ConnectionStateEvent = { at: Date.now(), account: this.config.name, slot: slot.index, connectionId: conn?.id ?? 0, state };
    if (info) {
      e.code = info.code;
      e.reason = info.reason;
      if (info.status !== undefined) e.status = info.status;
    }
    if (retryInMs !== undefined) e.retryInMs = retryInMs;
    emit(e);
  }
}
