// A minimal raw CMPP client for the simulator's tests: a socket, a FrameReader and the codec, no
// SP-side client logic, so the tests see exactly what went over the wire.
import net from 'node:net';
import tls from 'node:tls';
import { authenticatorSource } from '../../electron/cmpp/wire/auth.js';
import { decodePdu, encodePdu } from '../../electron/cmpp/wire/codec.js';
import { FrameReader } from '../../electron/cmpp/wire/frame-reader.js';
import type { ConnectResp, Pdu } from '../../electron/cmpp/wire/pdu.js';
import { cmppTimestamp } from '../../electron/cmpp/wire/timestamp.js';
import { layoutOfVersionByte, type CmppVersion } from '../../electron/cmpp/wire/version.js';

export interface Received {
  frame: Buffer;
  pdu?: Pdu;
  error?: unknown;
}

interface Waiter {
  pred: (r: Received) => boolean;
  resolve: (r: Received) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class RawClient {
  layout: CmppVersion = '2.0';
  /** Everything received, in order (never consumed). */
  readonly log: Received[] = [];
  /** Received and not yet taken by next(). */
  private queue: Received[] = [];
  private waiters: Waiter[] = [];
  private readonly reader = new FrameReader();
  private seq = 0;
  /** Answer every DELIVER with DELIVER_RESP Result 0. */
  autoAck = false;
  /** Answer the simulator's ACTIVE_TEST and TERMINATE. */
  autoAnswer = true;
  framingError: unknown;
  readonly closed: Promise<void>;
  isClosed = false;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => {});
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        this.isClosed = true;
        for (const w of this.waiters.splice(0)) {
          clearTimeout(w.timer);
          w.reject(new Error('connection closed'));
        }
        resolve();
      }),
    );
  }

  static connect(port: number, opts: { tls?: tls.ConnectionOptions } = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = opts.tls
        ? tls.connect({ host: '127.0.0.1', port, ...opts.tls }, () => resolve(new RawClient(socket)))
        : net.connect({ host: '127.0.0.1', port }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  nextSeq(): number {
    return ++this.seq;
  }

  send(pdu: Pdu): void {
    this.socket.write(encodePdu(pdu, this.layout));
  }

  sendRaw(buf: Buffer): void {
    this.socket.write(buf);
  }

  /** CONNECT with the right (or a given) authenticator; resolves to the CONNECT_RESP. */
  async login(spId: string, secret: string, version: number, opts: { timestamp?: number; authSource?: Buffer } = {}): Promise<ConnectResp> {
    this.layout = layoutOfVersionByte(version);
    const ts = opts.timestamp ?? cmppTimestamp(new Date());
    const seq = this.nextSeq();
    this.send({
      Command_Id: 'CMPP_CONNECT',
      Sequence_Id: seq,
      Source_Addr: spId,
      AuthenticatorSource: opts.authSource ?? authenticatorSource(spId, secret, ts),
      Version: version,
      Timestamp: ts,
    });
    const r = await this.next((p) => p.Command_Id === 'CMPP_CONNECT_RESP' && p.Sequence_Id === seq);
    return r as ConnectResp;
  }

  /** Sends a request and waits for the response with its Sequence_Id. */
  async request(pdu: Pdu, timeoutMs = 3000): Promise<Pdu> {
    this.send(pdu);
    return this.next((p) => p.Sequence_Id === pdu.Sequence_Id && p.Command_Id === `${pdu.Command_Id}_RESP`, timeoutMs);
  }

  /** The first received PDU (not yet taken) matching pred; it is taken. */
  async next(pred: (p: Pdu) => boolean = () => true, timeoutMs = 3000): Promise<Pdu> {
    const r = await this.nextRaw((x) => x.pdu !== undefined && pred(x.pdu), timeoutMs);
    return r.pdu!;
  }

  nextRaw(pred: (r: Received) => boolean, timeoutMs = 3000): Promise<Received> {
    const i = this.queue.findIndex(pred);
    if (i >= 0) return Promise.resolve(this.queue.splice(i, 1)[0]!);
    if (this.isClosed) return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => {
      const w: Waiter = {
        pred,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for a PDU`));
        }, timeoutMs),
      };
      this.waiters.push(w);
    });
  }

  /**
   * Resolves once everything the simulator wrote to this connection before it read this call's
   * ACTIVE_TEST has arrived: it answers in order on the one socket. (Not under response faults
   * or silence, which hold the answer back.)
   */
  async barrier(): Promise<void> {
    await this.request({ Command_Id: 'CMPP_ACTIVE_TEST', Sequence_Id: this.nextSeq() });
  }

  /** After a barrier(): takes every matching PDU the simulator has written so far. */
  async drained(pred: (p: Pdu) => boolean): Promise<Pdu[]> {
    await this.barrier();
    const out: Pdu[] = [];
    this.queue = this.queue.filter((x) => {
      if (x.pdu && pred(x.pdu)) {
        out.push(x.pdu);
        return false;
      }
      return true;
    });
    return out;
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.reader.push(chunk);
    } catch (e) {
      this.framingError = e;
      this.socket.destroy();
      return;
    }
    for (const frame of frames) {
      const r: Received = { frame: Buffer.from(frame) };
      try {
        r.pdu = decodePdu(r.frame, this.layout);
      } catch (e) {
        r.error = e;
      }
      this.log.push(r);
      const p = r.pdu;
      if (p && this.autoAck && p.Command_Id === 'CMPP_DELIVER') {
        this.send({ Command_Id: 'CMPP_DELIVER_RESP', Sequence_Id: p.Sequence_Id, Msg_Id: p.Msg_Id, Result: 0 });
      }
      if (p && this.autoAnswer && p.Command_Id === 'CMPP_ACTIVE_TEST') {
        this.send({ Command_Id: 'CMPP_ACTIVE_TEST_RESP', Sequence_Id: p.Sequence_Id, Reserved: 0 });
      }
      if (p && this.autoAnswer && p.Command_Id === 'CMPP_TERMINATE') {
        this.send({ Command_Id: 'CMPP_TERMINATE_RESP', Sequence_Id: p.Sequence_Id });
      }
      const w = this.waiters.find((x) => x.pred(r));
      if (w) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.resolve(r);
      } else this.queue.push(r);
    }
  }
}

/** A SUBMIT with sensible defaults for the tests. */
export function submitPdu(seq: number, over: Partial<import('../../electron/cmpp/wire/pdu.js').Submit> = {}): import('../../electron/cmpp/wire/pdu.js').Submit {
  const dests = over.Dest_terminal_Id ?? ['13800000001'];
  const content = over.Msg_Content ?? Buffer.from('hello');
  return {
    Command_Id: 'CMPP_SUBMIT',
    Sequence_Id: seq,
    Msg_Id: 0n,
    Pk_total: 1,
    Pk_number: 1,
    Registered_Delivery: 1,
    Msg_level: 1,
    Service_Id: 'TEST',
    Fee_UserType: 2,
    Fee_terminal_Id: '',
    TP_pId: 0,
    TP_udhi: 0,
    Msg_Fmt: 0,
    Msg_src: '900001',
    FeeType: '01',
    FeeCode: '0',
    ValId_Time: '',
    At_Time: '',
    Src_Id: '900001',
    DestUsr_tl: dests.length,
    Dest_terminal_Id: dests,
    Msg_Length: content.length,
    Msg_Content: content,
    ...over,
  };
}
