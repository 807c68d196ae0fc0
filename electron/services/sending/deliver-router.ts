// Every DELIVER of every account comes here (the pools' onDeliver). Status reports are committed
// in batches, one transaction per event-loop turn; MOs go to the inbox synchronously. The pool
// sends a DELIVER_RESP only when the promise returned here resolves, and that waits for the
// store's durability barrier after the commit (store.durable(): one sync shared by every commit
// of the moment), so Result 0 never acknowledges what a power loss could still take back
// (docs/protocol.md "Message bodies", DELIVER_RESP; docs/architecture.md "Durability").
// A resent DELIVER (same DELIVER Msg_Id from the same account) is recognised by the store and not
// stored twice; it is acknowledged again so the gateway stops resending it.
// A batch the store refuses (another program holds the database, the disk is full) stays in memory
// unacknowledged and is written again after a back-off (StoreFaults); nothing of it is dropped. Past
// MAX_PENDING reports waiting, new ones are refused (not acknowledged): the gateway resends them.
import type { DeliverInfo } from '../../cmpp/session/client.js';
import type { Deliver } from '../../cmpp/wire/pdu.js';
import type { RecordedReport, ReportInput } from '../../store/reports.js';
import { msgIdToDecimal } from '../../../shared/msg-id.js';
import { storedStat } from '../../../shared/stat.js';
import { faultKind } from './store-faults.js';
import type { EngineCore, Emits } from '../engine.js';
import type { AutoReplyService } from '../inbox/auto-reply.js';
import type { InboxService } from '../inbox/inbox.js';
import type { LiveFeed } from '../inbox/live-feed.js';
import type { Pump } from './pump.js';

/** A status report as committed (the 'reports' event, one batch per account and turn), with what the gateway sent. */
export interface RecordedReportEvent extends RecordedReport {
  input: ReportInput;
}

/** What the router needs of the engine (the Workspace is one): MOs go to the inbox, reports to the outbox. */
export type RouterEngine = Pick<EngineCore, 'faults' | 'log' | 'now' | 'store'> & Emits<'reports', [accountId: number, reports: RecordedReportEvent[]]> & {
  readonly feed: LiveFeed;
  readonly inbox: Pick<InboxService, 'acceptMo'>;
  readonly autoReply: Pick<AutoReplyService, 'consider'>;
  readonly pump: Pick<Pump, 'flushAllWith'>;
};

const MAX_BATCH = 256;
const MAX_PENDING = 20_000;

interface Waiting {
  input: ReportInput;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class DeliverRouter {
  private pending: Waiting[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  /** Set while a refused batch waits for its retry. */
  private retryTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly ws: RouterEngine) {}

  onDeliver(accountId: number, d: Deliver, info: DeliverInfo): Promise<void> | void {
    if (d.Registered_Delivery !== 1) {
      // MO: stored (and reassembled) synchronously by the inbox; a throw means no DELIVER_RESP.
      const accepted = this.ws.inbox.acceptMo(accountId, d, info);
      const durable = this.ws.store.durable();
      // Auto-replies are decided once the MO is on disk, beside the DELIVER_RESP, never before it
      // (consider() never rejects; its failures are logged).
      if (accepted.messages.length > 0) void durable.then(() => this.ws.autoReply.consider(accepted.messages), () => undefined);
      return durable;
    }
    const r = info.report;
    if (!r) {
      // Decision: a status report whose content does not decode can never be matched, and
      // refusing it would make the gateway resend it forever. It is acknowledged and kept in the
      // audit log with its raw bytes, so it is shown, not dropped.
      this.ws.store.audit.append({
        actor: 'gateway',
        action: 'report.undecodable',
        accountId,
        details: { deliverMsgId: msgIdToDecimal(d.Msg_Id), error: info.reportError ?? 'no report', contentHex: d.Msg_Content.toString('hex') },
        at: info.receivedAt,
      });
      const message = `undecodable status report from account ${accountId}: ${info.reportError ?? ''}`;
      this.ws.log({ level: 'warn', code: 'report-undecodable', message, accountId, params: { account: accountId } });
      return this.ws.store.durable();
    }
    const input: ReportInput = {
      accountId,
      deliverMsgId: d.Msg_Id,
      msgId: r.Msg_Id,
      stat: storedStat(r.Stat),
      submitTime: r.Submit_time,
      doneTime: r.Done_time,
      destTerminalId: r.Dest_terminal_Id,
      smscSequence: r.SMSC_sequence,
      destId: d.Dest_Id,
      serviceId: d.Service_Id,
      connection: String(info.connectionId),
      receivedAt: info.receivedAt,
    };
    if (this.pending.length >= MAX_PENDING) throw new Error(`${this.pending.length} status reports wait for the database; this one is not acknowledged (the gateway resends it)`);
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      this.schedule();
    });
  }

  /** Commits whatever is waiting now (close() calls it before the database closes). */
  async flush(): Promise<void> {
    if (this.scheduled || this.retryTimer) {
      clearImmediate(this.scheduled);
      clearTimeout(this.retryTimer);
      this.scheduled = undefined;
      this.retryTimer = undefined;
      this.runCommit();
    }
    await this.flushing;
  }

  /** A commit in the next turn, unless one is due already (or waits for its retry). */
  private schedule(): void {
    if (this.scheduled || this.retryTimer) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = undefined;
      this.runCommit();
    });
  }

  private runCommit(): void {
    this.flushing = this.flushing
      .then(() => this.commit())
      .catch((e: unknown) => this.ws.log({ level: 'error', code: 'reports', message: `storing status reports failed: ${e instanceof Error ? e.message : String(e)}` }, e));
  }

  private commit(): void {
    // At most MAX_BATCH reports per transaction and per turn, so a burst never stalls the loop;
    // the rest is committed in the next turn (their DELIVER_RESPs wait that long).
    const batch = this.pending.length > MAX_BATCH ? this.pending.splice(0, MAX_BATCH) : this.pending;
    if (batch === this.pending) this.pending = [];
    if (this.pending.length > 0) this.schedule();
    if (batch.length === 0) return;
    // SUBMIT_RESPs read before these reports (docs/protocol.md "Gateway quirks tolerated": the gateway may send a report right behind
    // its response) are recorded first, in the same transaction, so the reports match their
    // segments at once instead of being stored unmatched and linked when the response is written.
    const reports = this.ws.store.reports;
    let recorded;
    try {
      recorded = this.ws.pump.flushAllWith(() => reports.recordMany(batch.map((w) => w.input)));
      this.ws.faults.ok('reports');
    } catch (e) {
      if (faultKind(e) !== 'other') {
        // The database refused the write as such: keep the batch, unacknowledged, and retry it.
        this.pending.unshift(...batch);
        clearImmediate(this.scheduled);
        this.scheduled = undefined;
        this.retryTimer ??= setTimeout(() => {
          this.retryTimer = undefined;
          this.runCommit();
        }, this.ws.faults.failed('reports', e));
        return;
      }
      // One bad report must not hold the others back: record one by one, and leave only the
      // failing ones unacknowledged (the gateway resends them).
      recorded = batch.map((w) => {
        try {
          return reports.record(w.input);
        } catch (e) {
          w.reject(e);
          return null;
        }
      });
    }
    const byAccount = new Map<number, RecordedReportEvent[]>();
    const stored: Waiting[] = [];
    batch.forEach((w, i) => {
      const rec = recorded[i];
      if (!rec) return;
      stored.push(w);
      let list = byAccount.get(w.input.accountId);
      if (!list) byAccount.set(w.input.accountId, (list = []));
      list.push({ ...rec, input: w.input });
    });
    // DELIVER_RESPs only once the commit is on disk; the screens may show the reports now.
    if (stored.length > 0) {
      this.ws.store.durable().then(
        () => stored.forEach((w) => w.resolve()),
        (e: unknown) => stored.forEach((w) => w.reject(e)),
      );
    }
    try {
      for (const [accountId, list] of byAccount) {
        this.publish(accountId, list);
        this.ws.emit('reports', accountId, list);
      }
    } catch (e) {
      // Stored already (acknowledged once synced): a failed live update costs only the screen's row.
      this.ws.log({ level: 'warn', code: 'reports-not-live', message: `status reports stored but not shown live: ${(e as Error).message}` }, e);
    }
  }

  /**
   * Reports stored unmatched (they came before their SUBMIT_RESP, docs/protocol.md "Gateway quirks tolerated") that matched when the
   * response was recorded: shown again, matched, replacing their earlier row.
   */
  publishLate(accountId: number, matches: readonly { reportId: number; segmentId: number }[]): void {
    const feed = this.ws.feed;
    if (feed.stats().subscribers === 0) return;
    for (const m of matches) {
      const r = this.ws.store.reports.get(m.reportId);
      const owner = this.ws.store.outbox.segmentOwner(m.segmentId);
      if (!r || !owner) continue;
      feed.publishReport({
        at: r.receivedAt,
        accountId,
        msgId: r.msgId.toString(),
        number: owner.number,
        stat: r.stat,
        outcome: r.outcome,
        messageId: owner.messageId,
        campaignId: owner.campaignId,
        messageState: owner.messageState,
        late: true,
      });
    }
  }

  private publish(accountId: number, list: RecordedReportEvent[]): void {
    const feed = this.ws.feed;
    if (feed.stats().subscribers === 0) return;
    const outbox = this.ws.store.outbox;
    for (const r of list) {
      const owner = r.segmentId === null ? null : outbox.segmentOwner(r.segmentId);
      feed.publishReport({
        at: r.input.receivedAt ?? this.ws.now(),
        accountId,
        msgId: r.input.msgId.toString(),
        number: owner?.number ?? r.input.destTerminalId,
        stat: r.input.stat,
        outcome: r.outcome,
        messageId: owner?.messageId ?? null,
        campaignId: owner?.campaignId ?? null,
        messageState: owner?.messageState ?? null,
        duplicate: r.duplicate,
      });
    }
  }
}
