// Msg_Ids as an ISMG builds them (docs/protocol.md "Msg_Id"): MMDDHHMMSS of local time, 22-bit ISMG code, 16-bit
// sequence. One sequence counter per simulator; a SUBMIT to N destinations takes N consecutive
// sequence numbers, so Msg_Id + i (low 16 bits wrapping) names its i-th destination.
import { composeMsgId } from '../../shared/msg-id.js';

export class MsgIdSource {
  private seq = 0;
  private prefixSecond = -1;
  private prefix = 0n;

  /** Returns the first id of a range of `count` ids for `ismgCode`. */
  next(ismgCode: number, count = 1, now = Date.now()): bigint {
    const second = Math.floor(now / 1000);
    if (second !== this.prefixSecond) {
      // composeMsgId for the time part only, cached per second: the low 38 bits are added below.
      const d = new Date(now);
      this.prefix = composeMsgId({
        month: d.getMonth() + 1,
        day: d.getDate(),
        hour: d.getHours(),
        minute: d.getMinutes(),
        second: d.getSeconds(),
        ismgCode: 0,
        sequence: 0,
      });
      this.prefixSecond = second;
    }
    const seq = this.seq;
    this.seq = (this.seq + count) & 0xffff;
    // ismgCode < 2^22 and seq < 2^16: the sum stays far below 2^53.
    return this.prefix + BigInt((ismgCode & 0x3fffff) * 0x10000 + seq);
  }
}
