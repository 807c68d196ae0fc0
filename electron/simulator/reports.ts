// Status reports (docs/protocol.md "Result and Status codes"): one per (SUBMIT, destination), Msg_Id = the SUBMIT_RESP Msg_Id + i for
// the i-th destination (16-bit sequence wrapping, docs/protocol.md "Msg_Id"), sent after the configured delay as a
// DELIVER with Registered_Delivery 1 whose Src_terminal_Id is that destination.
import { addToMsgId } from '../../shared/msg-id.js';
import type { StatusReport } from '../cmpp/wire/report.js';
import type { AccountState, Outgoing, ReportGroup, ReportTask, SimConnection } from './account-state.js';
import type { Outbox } from './outbox.js';
import { bump, type CounterPair } from './query-counters.js';
import type { ReportPolicy } from './report-behaviour.js';
import type { TimerQueue } from './timer-queue.js';
import { reportTimeText } from '../../shared/time-format.js';

export interface ReportHost {
  readonly timers: TimerQueue;
  readonly outbox: Outbox;
  policy(): ReportPolicy;
  deliverId(acc: AccountState): bigint;
}

// The text only changes once a minute; at 20,000 reports/s a Date per report is measurable.
let cachedSecond = -1;
let cachedText = '';
function reportTimeNow(now: number): string {
  const second = Math.floor(now / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedText = reportTimeText(new Date(now));
  }
  return cachedText;
}

export class ReportScheduler {
  private smscSeq = 0;

  constructor(private readonly host: ReportHost) {}

  /**
   * Plans the reports of an accepted SUBMIT. Reports due "before the response" are handed to the
   * outbox at once, so they are queued ahead of the SUBMIT_RESP the caller queues next.
   */
  schedule(acc: AccountState, session: SimConnection, base: bigint, dests: string[], srcId: string, serviceId: string, counters: CounterPair, withReport: boolean): void {
    const policy = this.host.policy();
    const group: ReportGroup = {
      submitMsgId: base,
      account: acc,
      pending: new Set(),
      submitTime: reportTimeNow(this.host.timers.now()),
      srcId,
      serviceId,
      session,
      counters,
    };
    for (let i = 0; i < dests.length; i++) {
      const d = policy.decide(dests[i]);
      // Registered_Delivery 0 (or 2, billing only): the outcome is counted, nothing is sent.
      if (!withReport || d.never) {
        this.count(counters, d.stat);
        continue;
      }
      const task: ReportTask = { group, msgId: i === 0 ? base : addToMsgId(base, i), dest: dests[i]!, stat: d.stat, duplicate: d.duplicate };
      if (d.beforeResponse) {
        this.fire(task);
        continue;
      }
      group.pending.add(task);
      task.timer = this.host.timers.after(d.delayMs, () => this.fire(task));
    }
    if (group.pending.size) acc.pendingReports.set(base, group);
  }

  /** CANCEL (docs/protocol.md "Message bodies"): drops the still-pending reports of the SUBMIT whose SUBMIT_RESP carried msgId. */
  cancel(acc: AccountState, msgId: bigint): boolean {
    const group = acc.pendingReports.get(msgId);
    if (!group || !group.pending.size) return false;
    for (const task of group.pending) {
      this.host.timers.cancel(task.timer);
      bump(group.counters, 'MT_WT', -1);
      bump(group.counters, 'MT_FL');
    }
    group.pending.clear();
    acc.pendingReports.delete(msgId);
    return true;
  }

  private count(c: CounterPair, stat: string): void {
    bump(c, 'MT_WT', -1);
    bump(c, stat === 'DELIVRD' ? 'MT_Scs' : 'MT_FL');
  }

  private fire(task: ReportTask): void {
    const g = task.group;
    if (g.pending.delete(task) && !g.pending.size && g.account.pendingReports.get(g.submitMsgId) === g) {
      g.account.pendingReports.delete(g.submitMsgId);
    }
    this.count(g.counters, task.stat);
    this.smscSeq = (this.smscSeq + 1) >>> 0;
    const report: StatusReport = {
      Msg_Id: task.msgId,
      Stat: task.stat,
      Submit_time: g.submitTime,
      Done_time: reportTimeNow(this.host.timers.now()),
      Dest_terminal_Id: task.dest,
      SMSC_sequence: this.smscSeq,
    };
    this.send(g, task, report);
    // A duplicate is a second DELIVER with its own Msg_Id (not a resend).
    if (task.duplicate) this.send(g, task, report);
  }

  private send(g: ReportGroup, task: ReportTask, report: StatusReport): void {
    const policy = this.host.policy();
    const out: Outgoing = {
      msgId: this.host.deliverId(g.account),
      account: g.account,
      kind: 'report',
      destId: g.srcId,
      serviceId: g.serviceId,
      srcTerminalId: task.dest,
      tpUdhi: 0,
      msgFmt: 0,
      linkId: '',
      report,
      reportForm: (layout) => policy.form(layout),
      preferred: g.session,
      seq: 0,
      sendsHere: 0,
      sent: false,
      acked: false,
    };
    this.host.outbox.deliver(out);
  }
}
