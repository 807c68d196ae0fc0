// The kinds of message the log benchmark's database holds, and how each one comes to be: through
// the store's real API (enqueue, claim, markSent, recordResponses, status reports, the report-wait
// expiry), exactly as a campaign writes it. The seeder (log-seed.ts) runs each kind once in a
// scratch store and copies the rows it produced, with the per-message values (ids, number, times,
// Msg_Ids) substituted, 10,000,000 times in SQL; test/bench/log-seed.test.ts replays seeded
// messages through this same function and compares the rows column by column.
//
// The mix, per 1,000 messages (a year of a small SP: mostly delivered, failures spread over the
// Stats gateways really send): 810 delivered single-segment, 90 delivered two-segment, 65 failed
// (30 UNDELIV, 15 EXPIRED, 10 MK:0012, 7 REJECTD, 3 DB:0141 by status report, 10 refused by
// SUBMIT_RESP Result 9), 15 unknown (no report within the report wait), 10 skipped (opted out). The newest rows are the last campaign still running: submitted (awaiting
// their reports) and queued.
import type { Store } from '../../electron/store/store.js';
import { reasons } from '../../shared/reasons.js';

export interface Kind {
  name: string;
  /** Share per 1,000 messages; 0: only chosen by position (the newest rows). */
  per1000: number;
  segments: 1 | 2;
  /** How far it gets: a final report's Stat, a refusing Result, the report wait, a rule, or not yet. */
  flow: { report: string } | { result: number } | { expire: true } | { skip: string } | { stop: 'queued' | 'submitted' };
}

export const KINDS: readonly Kind[] = [
  { name: 'delivered', per1000: 810, segments: 1, flow: { report: 'DELIVRD' } },
  { name: 'delivered, two segments', per1000: 90, segments: 2, flow: { report: 'DELIVRD' } },
  { name: 'failed UNDELIV', per1000: 30, segments: 1, flow: { report: 'UNDELIV' } },
  { name: 'failed EXPIRED', per1000: 15, segments: 1, flow: { report: 'EXPIRED' } },
  { name: 'failed MK:0012', per1000: 10, segments: 1, flow: { report: 'MK:0012' } },
  { name: 'failed REJECTD', per1000: 7, segments: 1, flow: { report: 'REJECTD' } },
  { name: 'failed DB:0141', per1000: 3, segments: 1, flow: { report: 'DB:0141' } },
  { name: 'refused, SUBMIT_RESP Result 9', per1000: 10, segments: 1, flow: { result: 9 } },
  { name: 'unknown, no report in time', per1000: 15, segments: 1, flow: { expire: true } },
  { name: 'skipped, opted out', per1000: 10, segments: 1, flow: { skip: reasons.optOut() } },
  { name: 'submitted, awaiting its report', per1000: 0, segments: 1, flow: { stop: 'submitted' } },
  { name: 'queued', per1000: 0, segments: 1, flow: { stop: 'queued' } },
];
export const SUBMITTED_KIND = KINDS.findIndex((k) => 'stop' in k.flow && k.flow.stop === 'submitted');
export const QUEUED_KIND = KINDS.findIndex((k) => 'stop' in k.flow && k.flow.stop === 'queued');

/** Offsets from a message's creation (plus its place in the campaign's sending, `delayMs`). */
export const STEP_MS = { claim: 1_000, sent: 1_010, response: 1_060, report: 6_000, expiry: 2 * 86_400_000 } as const;

/** The values that differ per message; everything else is the kind's. */
export interface MessageValues {
  accountId: number;
  campaignId: number | null;
  number: string;
  createdAt: number;
  /** When the pump got to it after the campaign was created. */
  delayMs: number;
  /** The Msg_Id of segment k (1-based): unique per account. */
  msgId: (pk: number) => bigint;
  /** The DELIVER's own Msg_Id carrying segment k's report. */
  deliverMsgId: (pk: number) => bigint;
}

/** Direct sends carry their own text (the campaign's is on the campaign row). */
export const DIRECT_TEXT = '【测试】您的验证码是 246810，5 分钟内有效。';

/** YYMMDDHHMM at UTC+8, as gateways in China stamp Submit_time and Done_time. */
export function gatewayTime(ms: number): string {
  const d = new Date(ms + 8 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}

/** Writes one message of the kind through the store's API; returns its id. */
export function runKind(store: Store, kind: Kind, v: MessageValues): number {
  const t = v.createdAt + v.delayMs;
  const skip = 'skip' in kind.flow ? kind.flow.skip : null;
  const recipient = { number: v.number, skipReason: skip, ...(v.campaignId === null ? { text: DIRECT_TEXT } : {}) };
  const progress = drain(store.outbox.enqueue({ accountId: v.accountId, campaignId: v.campaignId, segmentCount: kind.segments }, [recipient], { now: v.createdAt }));
  const messageId = progress.firstId;
  if (skip !== null || ('stop' in kind.flow && kind.flow.stop === 'queued')) return messageId;
  const [claimed] = store.outbox.claim({ accountId: v.accountId, campaignId: v.campaignId, limit: 1, reportExpected: true, now: t + STEP_MS.claim });
  if (!claimed || claimed.messageId !== messageId) throw new Error(`kind ${kind.name}: the claim did not return message ${messageId}`);
  const segs = claimed.segments;
  store.outbox.markSent(segs.map((s, i) => ({ segmentIds: [s.segmentId], sequenceId: i + 1, connection: 'c0', at: t + STEP_MS.sent })));
  const result = 'result' in kind.flow ? kind.flow.result : 0;
  store.outbox.recordResponses(
    segs.map((s, i) => ({ segmentIds: [s.segmentId], msgId: v.msgId(s.pkNumber), result, at: t + STEP_MS.response, sequenceId: i + 1, connection: 'c0' })),
  );
  if ('expire' in kind.flow) store.outbox.expireReports(v.accountId, t + STEP_MS.response + 1, 5_000, t + STEP_MS.expiry);
  if ('report' in kind.flow) {
    const stat = kind.flow.report;
    store.reports.recordMany(
      segs.map((s, i) => ({
        accountId: v.accountId,
        deliverMsgId: v.deliverMsgId(s.pkNumber),
        msgId: v.msgId(s.pkNumber),
        stat,
        submitTime: gatewayTime(t + STEP_MS.sent),
        doneTime: gatewayTime(t + STEP_MS.report),
        destTerminalId: v.number,
        smscSequence: i + 1,
        receivedAt: t + STEP_MS.report,
        connection: 'c0',
      })),
    );
  }
  return messageId;
}

function drain<T, R>(gen: Generator<T, R>): R {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}
