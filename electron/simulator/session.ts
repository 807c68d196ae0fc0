// One client connection on the simulator: framing, batched writes and the per-connection
// counters (sequence numbers, outstanding requests for the window check, link tests).
import type { Socket } from 'node:net';
import { encodePdu } from '../cmpp/wire/codec.js';
import { CmppFramingError } from '../cmpp/wire/errors.js';
import { FrameReader } from '../cmpp/wire/frame-reader.js';
import type { Pdu } from '../cmpp/wire/pdu.js';
import type { CmppVersion } from '../cmpp/wire/version.js';
import type { AccountState, Outgoing, SimConnection } from './account-state.js';
import type { TimerTask } from './timer-queue.js';

/** How long a gracefully ended connection may wait for the peer's FIN. */
const END_GRACE_MS = 2000;

export interface SessionHost {
  onFrames(session: SimSession, frames: Buffer[]): void;
  onFramingError(session: SimSession, err: unknown): void;
  onClose(session: SimSession): void;
  onFlushed(session: SimSession, answered: number): void;
  /** The simulator's time (SimulatorOptions.clock). */
  now(): number;
}

export class SimSession implements SimConnection {
  /** Layout of this connection: decided by the CONNECT's Version (CONNECT itself is the same in both). */
  layout: CmppVersion = '2.0';
  versionByte = 0;
  account: AccountState | undefined;
  loggedIn = false;
  closed = false;
  /** PDUs received on this connection (for disconnectAfter). */
  pdus = 0;
  /** Requests received whose responses are not written yet (docs/protocol.md "Timers and flow control" window W). */
  awaiting = 0;
  /** When the last bytes arrived, on the simulator's clock (for its link tests). */
  lastRx: number;
  unansweredTests = 0;
  linkTimer: TimerTask | undefined;
  /** DELIVERs written here and not acknowledged yet: moved to the account's next connection on close. */
  readonly unacked = new Set<Outgoing>();
  /** Set after TERMINATE (either way) or a refused login: the socket ends once the queue is written. */
  private ending = false;
  private readonly reader = new FrameReader();
  private out: Buffer[] = [];
  private answered = 0;
  private flushScheduled = false;
  private seq = 0;

  constructor(
    readonly id: number,
    readonly socket: Socket,
    private readonly host: SessionHost,
  ) {
    this.lastRx = host.now();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => {}); // 'close' follows; a reset by the peer is not the simulator's error
    socket.on('close', () => {
      if (this.closed) return;
      this.closed = true;
      this.host.onClose(this);
    });
  }

  get spId(): string | undefined {
    return this.account?.account.spId;
  }

  nextSeq(): number {
    this.seq = (this.seq + 1) >>> 0;
    if (this.seq === 0) this.seq = 1;
    return this.seq;
  }

  /** Queues a PDU; everything queued in one tick goes out in one socket write. */
  send(pdu: Pdu): void {
    this.sendRaw(encodePdu(pdu, this.layout));
  }

  /** Queues a response to a request that counted toward the window. */
  answer(pdu: Pdu, counted: boolean): void {
    this.send(pdu);
    if (counted) this.answered++;
  }

  sendRaw(buf: Buffer): void {
    if (this.closed || this.ending) return;
    this.out.push(buf);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(() => this.flush());
    }
  }

  flush(): void {
    this.flushScheduled = false;
    const out = this.out;
    if (out.length && !this.closed && !this.socket.destroyed) {
      this.socket.write(out.length === 1 ? out[0]! : Buffer.concat(out));
    }
    this.out = [];
    const answered = this.answered;
    this.answered = 0;
    if (answered) this.host.onFlushed(this, answered);
    if (this.ending && !this.closed) {
      this.socket.end();
      // A peer that never closes its side must not keep the socket forever.
      setTimeout(() => this.socket.destroy(), END_GRACE_MS).unref();
    }
  }

  /** Writes what is queued, then ends the connection gracefully. */
  endAfterFlush(): void {
    if (this.closed) return;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(() => this.flush());
    }
    this.ending = true;
  }

  get isEnding(): boolean {
    return this.ending;
  }

  destroy(): void {
    if (this.closed) return;
    this.out = [];
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.lastRx = this.host.now();
    let frames: Buffer[];
    try {
      frames = this.reader.push(chunk);
    } catch (err) {
      // Complete frames ahead of the bad length are intact: take them, then reset.
      if (err instanceof CmppFramingError && err.frames.length) this.host.onFrames(this, err.frames);
      this.host.onFramingError(this, err);
      return;
    }
    if (frames.length) this.host.onFrames(this, frames);
  }
}
