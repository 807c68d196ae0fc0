// The MO's parts: a received DELIVER as the segment the store keeps, a stored segment as the
// reassembler's input and its user data without the UDH.
import type { Deliver } from '../../cmpp/wire/pdu.js';
import { concatOf, hasUdh, splitUdh, type MoSegment as RawPart } from '../../sms/index.js';
import type { MoSegment, MoSegmentInput } from '../../store/inbox.js';

/** Decision: an MO with an empty Src_terminal_Id is still stored and acknowledged (never resent forever), under this placeholder. */
export const UNKNOWN_SENDER = '(none)';

/** The user data of a stored part, without its UDH. */
export function payloadOf(p: MoSegment): Buffer {
  if (hasUdh(p.tpUdhi)) {
    const split = splitUdh(p.content);
    if (split) return Buffer.from(split.payload);
  }
  return p.content;
}

export function toRawPart(p: MoSegment): RawPart {
  return { id: String(p.id), sender: p.number, receiver: p.destId, msgFmt: p.msgFmt, tpUdhi: p.tpUdhi, content: p.content, receivedAt: p.receivedAt };
}

/** A received DELIVER as the segment the store keeps (its concatenation read from the UDH). */
export function segmentInputOf(accountId: number, d: Deliver, at: number): MoSegmentInput {
  const content = d.Msg_Content ?? Buffer.alloc(0);
  let concat: MoSegmentInput['concat'] = null;
  // docs/protocol.md "Long messages and encodings": (TP_udhi & 0x41) != 0 means a UDH; the UDH (not Pk_total/Pk_number) defines the set.
  if (hasUdh(d.TP_udhi)) {
    const split = splitUdh(content);
    const c = split ? concatOf(split) : null;
    if (c && c.total > 1) concat = { ref: c.ref, total: c.total, index: c.index };
  }
  const sender = d.Src_terminal_Id.replace(/\0/g, '').trim();
  return {
    accountId,
    deliverMsgId: d.Msg_Id,
    srcTerminalId: sender === '' ? UNKNOWN_SENDER : sender,
    destId: d.Dest_Id,
    serviceId: d.Service_Id,
    tpPid: d.TP_pid,
    tpUdhi: d.TP_udhi,
    msgFmt: d.Msg_Fmt,
    content,
    linkId: d.LinkID ?? '',
    concat,
    receivedAt: at,
  };
}
