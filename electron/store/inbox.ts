// MO inbox: raw MO segments (kept so long-message reassembly survives a restart), the reassembled
// messages, and conversations by number. Reassembly itself (UDH parsing, decoding by Msg_Fmt) is
// done by the caller; this module persists each step atomically.
import type Database from 'better-sqlite3';
import type { MoMessageFields, OptEvent } from '../../shared/inbox-message.js';
import { conflict, invalid, notFound } from './errors.js';
import { msgIdFromColumn, msgIdToColumn } from './msg-id-column.js';
import { requireNumberKey } from './number-key.js';
import { checkInt } from './validate.js';
import { writeTransaction } from './transactions.js';

export interface ConcatInfo {
  /** Reference from the UDH (8- or 16-bit), total parts and this part's index (docs/protocol.md "Long messages and encodings"). */
  ref: number;
  total: number;
  index: number;
}

export interface MoSegmentInput {
  accountId: number;
  /** The DELIVER's Msg_Id: with sender and content it recognises a resent DELIVER. */
  deliverMsgId: bigint;
  srcTerminalId: string;
  destId: string;
  serviceId: string;
  tpPid: number;
  tpUdhi: number;
  msgFmt: number;
  /** Raw Msg_Content, UDH included. */
  content: Uint8Array;
  linkId?: string;
  concat?: ConcatInfo | null;
  receivedAt?: number;
}

export interface MoSegment extends Omit<MoSegmentInput, 'content' | 'concat' | 'receivedAt' | 'linkId'> {
  id: number;
  number: string;
  content: Buffer;
  linkId: string;
  concat: ConcatInfo | null;
  receivedAt: number;
  moMessageId: number | null;
}

/** A reassembled MO to store: the message's fields but its id and handled marks, the raw bytes as given. */
export interface MoMessageInput
  extends Pick<MoMessageFields, 'accountId' | 'srcTerminalId' | 'destId' | 'serviceId' | 'msgFmt' | 'text' | 'complete' | 'segmentTotal' | 'segmentReceived'>,
    Partial<Pick<MoMessageFields, 'linkId' | 'campaignId' | 'optEvent' | 'receivedAt'>> {
  /** Reassembled user data without UDH. */
  content: Uint8Array;
}

/** A stored MO message with its raw bytes (reassembled user data without UDH). */
export interface MoMessage extends MoMessageFields {
  content: Buffer;
}

export interface MoThread {
  number: string;
  lastMessageId: number;
  lastAt: number;
  total: number;
  unhandled: number;
}

export interface InboxOptions {
  /** How far back a resent DELIVER is looked for (Msg_Ids repeat yearly). Default 7 days. */
  duplicateWindowMs?: number;
}

type SegRow = Record<string, bigint | string | Buffer | null>;

function segFromRow(r: SegRow): MoSegment {
  const n = (v: unknown) => Number(v as bigint);
  return {
    id: n(r.id),
    accountId: n(r.account_id),
    receivedAt: n(r.received_at),
    deliverMsgId: msgIdFromColumn(r.deliver_msg_id as bigint),
    number: r.number as string,
    srcTerminalId: r.src_terminal_id as string,
    destId: r.dest_id as string,
    serviceId: r.service_id as string,
    tpPid: n(r.tp_pid),
    tpUdhi: n(r.tp_udhi),
    msgFmt: n(r.msg_fmt),
    content: r.content as Buffer,
    linkId: r.link_id as string,
    concat: r.concat_ref === null ? null : { ref: n(r.concat_ref), total: n(r.concat_total), index: n(r.concat_index) },
    moMessageId: r.mo_message_id === null ? null : n(r.mo_message_id),
  };
}

interface MsgRow {
  id: number;
  account_id: number;
  number: string;
  src_terminal_id: string;
  dest_id: string;
  service_id: string;
  link_id: string;
  msg_fmt: number;
  text: string | null;
  content: Buffer;
  complete: number;
  segment_total: number;
  segment_received: number;
  campaign_id: number | null;
  received_at: number;
  handled: number;
  handled_at: number | null;
  opt_event: OptEvent | null;
}

const msgFromRow = (r: MsgRow): MoMessage => ({
  id: r.id,
  accountId: r.account_id,
  number: r.number,
  srcTerminalId: r.src_terminal_id,
  destId: r.dest_id,
  serviceId: r.service_id,
  linkId: r.link_id,
  msgFmt: r.msg_fmt,
  text: r.text,
  content: r.content,
  complete: r.complete === 1,
  segmentTotal: r.segment_total,
  segmentReceived: r.segment_received,
  campaignId: r.campaign_id,
  receivedAt: r.received_at,
  handled: r.handled === 1,
  handledAt: r.handled_at,
  optEvent: r.opt_event,
});

const segColumns = `id, account_id, received_at, deliver_msg_id, number, src_terminal_id, dest_id, service_id, tp_pid,
  tp_udhi, msg_fmt, content, link_id, concat_ref, concat_total, concat_index, mo_message_id`;
const msgSelect = 'SELECT * FROM mo_messages';

export class Inbox {
  private readonly s;
  private readonly window: number;

  constructor(
    private readonly db: Database.Database,
    options: InboxOptions = {},
  ) {
    this.window = options.duplicateWindowMs ?? 7 * 86_400_000;
    this.s = {
      duplicate: db.prepare(`SELECT id FROM mo_segments WHERE account_id = ? AND deliver_msg_id = ? AND number = ?
        AND content = ? AND received_at >= ? LIMIT 1`),
      insertSeg: db.prepare(`INSERT INTO mo_segments (account_id, received_at, deliver_msg_id, number, src_terminal_id,
        dest_id, service_id, tp_pid, tp_udhi, msg_fmt, content, link_id, concat_ref, concat_total, concat_index)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      seg: db.prepare(`SELECT ${segColumns} FROM mo_segments WHERE id = ?`).safeIntegers(true),
      pending: db.prepare(`SELECT ${segColumns} FROM mo_segments WHERE account_id = ? AND number = ? AND dest_id = ?
        AND concat_ref = ? AND concat_total = ? AND mo_message_id IS NULL ORDER BY concat_index, id`).safeIntegers(true),
      // INDEXED BY: the planner would take mo_segments_by_message for "IS NULL" and sort.
      stale: db.prepare(`SELECT ${segColumns} FROM mo_segments INDEXED BY mo_segments_pending_time
        WHERE mo_message_id IS NULL AND received_at < ?
        ORDER BY received_at LIMIT ?`).safeIntegers(true),
      ofMessage: db.prepare(`SELECT ${segColumns} FROM mo_segments WHERE mo_message_id = ? ORDER BY concat_index, id`).safeIntegers(true),
      linkSeg: db.prepare('UPDATE mo_segments SET mo_message_id = ? WHERE id = ? AND mo_message_id IS NULL'),
      insertMsg: db.prepare(`INSERT INTO mo_messages (account_id, number, src_terminal_id, dest_id, service_id, link_id,
        msg_fmt, text, content, complete, segment_total, segment_received, campaign_id, received_at, opt_event)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      thread: db.prepare(`INSERT INTO mo_threads (number, last_message_id, last_at, total, unhandled) VALUES (?, ?, ?, 1, 1)
        ON CONFLICT (number) DO UPDATE SET total = total + 1, unhandled = unhandled + 1,
          last_message_id = CASE WHEN excluded.last_at >= last_at THEN excluded.last_message_id ELSE last_message_id END,
          last_at = max(last_at, excluded.last_at)`),
      threadHandled: db.prepare('UPDATE mo_threads SET unhandled = unhandled + ? WHERE number = ?'),
      msg: db.prepare(`${msgSelect} WHERE id = ?`),
      conversation: db.prepare(`${msgSelect} WHERE number = ? AND received_at <= ? ORDER BY received_at DESC, id DESC LIMIT ?`),
      unhandled: db.prepare(`${msgSelect} WHERE handled = 0 AND received_at <= ? ORDER BY received_at DESC LIMIT ?`),
      recent: db.prepare(`${msgSelect} WHERE received_at <= ? ORDER BY received_at DESC LIMIT ?`),
      threads: db.prepare(`SELECT number, last_message_id AS lastMessageId, last_at AS lastAt, total, unhandled
        FROM mo_threads WHERE last_at <= ? ORDER BY last_at DESC LIMIT ?`),
      setHandled: db.prepare(`UPDATE mo_messages SET handled = ?, handled_at = ? WHERE id = ? AND handled <> ? RETURNING number`),
      setOpt: db.prepare('UPDATE mo_messages SET opt_event = ? WHERE id = ?'),
      setCampaign: db.prepare('UPDATE mo_messages SET campaign_id = ? WHERE id = ?'),
    };
  }

  /**
   * Stores one MO DELIVER as received. A resent DELIVER (same account, DELIVER Msg_Id, sender and
   * content within the window) is recognised: nothing is stored and `duplicate` is true.
   */
  recordSegment(input: MoSegmentInput): { segmentId: number; duplicate: boolean } {
    const number = requireNumberKey(input.srcTerminalId, 'MO sender');
    const at = input.receivedAt ?? Date.now();
    const deliverMsgId = msgIdToColumn(input.deliverMsgId);
    const content = Buffer.from(input.content);
    checkInt(input.msgFmt, 'Msg_Fmt', 0, 255);
    checkInt(input.tpPid, 'TP_pid', 0, 255);
    checkInt(input.tpUdhi, 'TP_udhi', 0, 255);
    const c = input.concat ?? null;
    if (c) {
      checkInt(c.total, 'concatenation total', 1, 255);
      checkInt(c.index, 'concatenation index', 1, c.total);
      checkInt(c.ref, 'concatenation reference', 0, 0xffff);
    }
    return writeTransaction(this.db, () => {
      const dup = this.s.duplicate.get(input.accountId, deliverMsgId, number, content, at - this.window) as { id: number } | undefined;
      if (dup) return { segmentId: dup.id, duplicate: true };
      const id = this.s.insertSeg.run(
        input.accountId,
        at,
        deliverMsgId,
        number,
        input.srcTerminalId,
        input.destId,
        input.serviceId,
        input.tpPid,
        input.tpUdhi,
        input.msgFmt,
        content,
        input.linkId ?? '',
        c?.ref ?? null,
        c?.total ?? null,
        c?.index ?? null,
      ).lastInsertRowid;
      return { segmentId: Number(id), duplicate: false };
    });
  }

  segment(id: number): MoSegment {
    const r = this.s.seg.get(id) as SegRow | undefined;
    if (!r) throw notFound(`MO segment ${id} does not exist`);
    return segFromRow(r);
  }

  /** Unassembled parts of one long MO, keyed as docs/protocol.md "Long messages and encodings" says: (sender, receiver, reference, total). */
  pendingParts(accountId: number, sender: string, destId: string, ref: number, total: number): MoSegment[] {
    return (this.s.pending.all(accountId, requireNumberKey(sender, 'MO sender'), destId, ref, total) as SegRow[]).map(segFromRow);
  }

  /** Unassembled parts received before `cutoff`: incomplete sets to time out into partial messages. */
  staleParts(cutoff: number, limit = 1000): MoSegment[] {
    return (this.s.stale.all(cutoff, limit) as SegRow[]).map(segFromRow);
  }

  partsOf(moMessageId: number): MoSegment[] {
    return (this.s.ofMessage.all(moMessageId) as SegRow[]).map(segFromRow);
  }

  /**
   * Stores a (re)assembled message and links its raw segments to it, in one transaction. Refuses
   * (conflict) if a segment already belongs to a message, so a set is never assembled twice.
   */
  saveMessage(input: MoMessageInput, segmentIds: readonly number[]): MoMessage {
    const number = requireNumberKey(input.srcTerminalId, 'MO sender');
    checkInt(input.segmentTotal, 'segment total', 1, 255);
    checkInt(input.segmentReceived, 'segments received', 1, input.segmentTotal);
    if (input.text !== null && typeof input.text !== 'string') throw invalid('MO text must be text or null');
    const at = input.receivedAt ?? Date.now();
    return writeTransaction(this.db, () => {
      const id = Number(
        this.s.insertMsg.run(
          input.accountId,
          number,
          input.srcTerminalId,
          input.destId,
          input.serviceId,
          input.linkId ?? '',
          input.msgFmt,
          input.text,
          Buffer.from(input.content),
          input.complete ? 1 : 0,
          input.segmentTotal,
          input.segmentReceived,
          input.campaignId ?? null,
          at,
          input.optEvent ?? null,
        ).lastInsertRowid,
      );
      for (const sid of segmentIds) {
        if (this.s.linkSeg.run(id, sid).changes === 0) throw conflict(`MO segment ${sid} is missing or already assembled`);
      }
      this.s.thread.run(number, id, at);
      return this.get(id);
    });
  }

  get(id: number): MoMessage {
    const r = this.s.msg.get(id) as MsgRow | undefined;
    if (!r) throw notFound(`MO message ${id} does not exist`);
    return msgFromRow(r);
  }

  /** Conversations, most recent first; page with `lastAtOrBefore`. */
  threads(limit = 100, lastAtOrBefore = Number.MAX_SAFE_INTEGER): MoThread[] {
    return this.s.threads.all(lastAtOrBefore, limit) as MoThread[];
  }

  /** One number's MOs, newest first. */
  conversation(number: string, limit = 100, receivedAtOrBefore = Number.MAX_SAFE_INTEGER): MoMessage[] {
    return (this.s.conversation.all(requireNumberKey(number), receivedAtOrBefore, limit) as MsgRow[]).map(msgFromRow);
  }

  unhandled(limit = 100, receivedAtOrBefore = Number.MAX_SAFE_INTEGER): MoMessage[] {
    return (this.s.unhandled.all(receivedAtOrBefore, limit) as MsgRow[]).map(msgFromRow);
  }

  recent(limit = 100, receivedAtOrBefore = Number.MAX_SAFE_INTEGER): MoMessage[] {
    return (this.s.recent.all(receivedAtOrBefore, limit) as MsgRow[]).map(msgFromRow);
  }

  /** Marks messages handled (or not); returns how many changed. Thread counters follow. */
  markHandled(ids: readonly number[], handled = true, now = Date.now()): number {
    return writeTransaction(this.db, () => {
      let n = 0;
      for (const id of ids) {
        const r = this.s.setHandled.get(handled ? 1 : 0, handled ? now : null, id, handled ? 1 : 0) as { number: string } | undefined;
        if (!r) continue;
        this.s.threadHandled.run(handled ? -1 : 1, r.number);
        n++;
      }
      return n;
    });
  }

  /**
   * Links a part received again under a fresh DELIVER Msg_Id (same part, same bytes, after its
   * set was assembled) to the message it already belongs to, so it is neither shown twice nor
   * timed out later as a partial message. Refuses (conflict) a segment already linked.
   */
  linkDuplicate(segmentId: number, moMessageId: number): void {
    this.get(moMessageId);
    if (this.s.linkSeg.run(moMessageId, segmentId).changes === 0) throw conflict(`MO segment ${segmentId} is missing or already assembled`);
  }

  setOptEvent(id: number, event: OptEvent | null): void {
    if (this.s.setOpt.run(event, id).changes === 0) throw notFound(`MO message ${id} does not exist`);
  }

  linkCampaign(id: number, campaignId: number | null): void {
    if (this.s.setCampaign.run(campaignId, id).changes === 0) throw notFound(`MO message ${id} does not exist`);
  }
}
