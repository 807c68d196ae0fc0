// MO traffic of the built-in ISMG: an MO as one DELIVER or as UDH segments when it is long
// (docs/protocol.md "Long messages and encodings"), optionally shuffled or with a duplicate segment,
// sent at once or on a schedule. The outbox holds it until the account has a connection.
import type { AccountState, Outgoing } from './account-state.js';
import { defaultMoFormat, splitMo } from './mo-split.js';
import type { MsgIdSource } from './msg-id-source.js';
import type { Outbox } from './outbox.js';
import { bump } from './query-counters.js';
import type { TimerQueue, TimerTask } from './timer-queue.js';
import type { MoRequest } from './types.js';

export interface MoHost {
  readonly ids: MsgIdSource;
  readonly outbox: Outbox;
  readonly timers: TimerQueue;
  /** The account of `spId`, or the first one; throws for an unknown SP_Id. */
  accountFor(spId: string | undefined): AccountState;
  log(line: string): void;
}

export class MoTraffic {
  private readonly schedules = new Set<() => void>();
  private moRef = Math.floor(Math.random() * 0x10000);

  constructor(private readonly host: MoHost) {}

  /**
   * Sends an MO as one DELIVER, or as UDH segments when it is long (docs/protocol.md "Long messages and encodings"), on a live connection
   * of the account; with none, it waits for the account's next login like on a real ISMG.
   */
  async sendMo(mo: MoRequest): Promise<void> {
    const acc = this.host.accountFor(mo.spId);
    checkField('from (Src_terminal_Id)', mo.from, 21);
    checkField('to (Dest_Id)', mo.to, 21);
    checkField('serviceId', mo.serviceId ?? '', 10, true);
    checkField('linkId', mo.linkId ?? '', 20, true);
    if (typeof mo.text !== 'string' || mo.text === '') throw new RangeError('MO text must be a non-empty string');
    const msgFmt = mo.msgFmt ?? defaultMoFormat(mo.text);
    if (msgFmt !== 0 && msgFmt !== 8 && msgFmt !== 15) throw new RangeError(`MO msgFmt must be 0, 8 or 15, got ${String(msgFmt)}`);
    const udhLength = mo.udhLength ?? 6;
    if (udhLength !== 6 && udhLength !== 7) throw new RangeError(`MO udhLength must be 6 or 7, got ${String(udhLength)}`);
    const tpUdhi = mo.tpUdhi ?? 1;
    if (tpUdhi !== 1 && tpUdhi !== 0x40) throw new RangeError(`MO tpUdhi must be 1 or 0x40, got ${String(tpUdhi)}`);
    this.moRef = (this.moRef + 1) & 0xffff;
    const segments = splitMo(mo.text, { msgFmt, udhLength, tpUdhi, reference: udhLength === 6 ? this.moRef & 0xff : this.moRef });
    const order = segments.map((_, i) => i);
    if (mo.shuffle && order.length > 1) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      // "Shuffled" must really be out of order, or the test proves nothing.
      if (order.every((v, i) => v === i)) order.reverse();
    }
    if (mo.duplicate) order.splice(Math.floor(Math.random() * (order.length + 1)), 0, order[Math.floor(Math.random() * order.length)]!);
    const serviceId = mo.serviceId ?? '';
    const now = this.host.timers.now();
    const counters = acc.counters.pair(serviceId, now);
    for (const i of order) {
      const seg = segments[i]!;
      bump(counters, 'MO_WT');
      const out: Outgoing = {
        msgId: this.host.ids.next(acc.ismgCode, 1, now),
        account: acc,
        kind: 'mo',
        destId: mo.to,
        serviceId,
        srcTerminalId: mo.from,
        tpUdhi: seg.tpUdhi,
        msgFmt: seg.msgFmt,
        linkId: mo.linkId ?? '',
        content: seg.content,
        seq: 0,
        sendsHere: 0,
        sent: false,
        acked: false,
        counters,
      };
      this.host.outbox.deliver(out);
    }
    // Resolve once the DELIVERs are on the socket (writes are batched per tick).
    await new Promise((r) => setImmediate(r));
  }

  /** Sends `mo` every `everyMs` until the returned function is called (or stop()). */
  scheduleMo(mo: MoRequest, everyMs: number): () => void {
    if (!(everyMs > 0)) throw new RangeError(`scheduleMo: everyMs must be > 0, got ${everyMs}`);
    this.host.accountFor(mo.spId); // fail now, not in a timer
    let task: TimerTask | undefined;
    let cancelled = false;
    const cancel = () => {
      cancelled = true;
      this.host.timers.cancel(task);
      this.schedules.delete(cancel);
    };
    const tick = () => {
      if (cancelled) return;
      this.sendMo(mo).catch((err: unknown) => this.host.log(`scheduled MO failed: ${String(err)}`));
      task = this.host.timers.after(everyMs, tick);
    };
    task = this.host.timers.after(everyMs, tick);
    this.schedules.add(cancel);
    return cancel;
  }

  /** Ends every schedule (the simulator stops). */
  cancelAll(): void {
    for (const cancel of this.schedules) cancel();
  }
}

function checkField(what: string, value: string, max: number, mayBeEmpty = false): void {
  if (typeof value !== 'string' || (!mayBeEmpty && value === '') || value.length > max || !/^[\x20-\x7e]*$/.test(value)) {
    throw new RangeError(`MO ${what} must be ${mayBeEmpty ? 'up to' : '1 to'} ${max} ASCII characters, got '${String(value)}'`);
  }
}
