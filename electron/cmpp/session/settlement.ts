// How each request the pool took ends: its response (Result 0, a refusal, Result 8 and the slower
// resend), no response after N sends (in doubt), or the loss of its connection (resubmitted, handed
// back in doubt, or handed back unsent when the account stops or fails). Every job resolves exactly
// once, and a SUBMIT outcome always says whether it was written and whether it is in doubt.
import type { ResolvedAccountConfig } from './account-config.js';
import type { CmppConnection } from './connection.js';
import type { CloseInfo } from './connection-state.js';
import type { Counters } from './counters.js';
import type { Job } from './job.js';
import { isCharged, type StopResult, type SubmitFailure, type SubmitOutcome } from './outcomes.js';
import type { LogLevel, PoolState } from './pool-events.js';
import type { CancelResp, Pdu, QueryResp, SubmitResp } from '../wire/pdu.js';
import { submitResultText } from '../wire/result-codes.js';

/** What settling needs of its pool. */
export interface SettleHost {
  readonly config: ResolvedAccountConfig;
  readonly counters: Counters;
  readonly state: PoolState;
  /** Why the account failed, once it has. */
  readonly failureReason: string | undefined;
  /** The stop in progress, which lists what it hands back. */
  readonly stopResult: StopResult | undefined;
  /** Result 8 from the gateway: send slower. */
  slowDown(conn: CmppConnection): void;
  /** Puts a job back at the front of the line. */
  requeue(job: Job): void;
  log(level: LogLevel, code: string, message: string, conn?: CmppConnection): void;
}

export function failure(code: SubmitFailure['code'], reason: string, written: boolean, sends: number): SubmitFailure {
  return { ok: false, code, reason, written, inDoubt: false, sends };
}

export function invalid(field: string, reason: string): SubmitFailure {
  return { ok: false, code: 'invalid', reason, field, written: false, inDoubt: false, sends: 0 };
}

/** A written request's failure: where and how often it went out. */
function afterWrite(job: Job, conn: CmppConnection, rest: Omit<SubmitFailure, 'ok' | 'written' | 'connectionId' | 'sequenceId' | 'sends'>): SubmitFailure {
  return { ok: false, written: true, connectionId: conn.id, sequenceId: job.seq, sends: job.sends, ...rest };
}

function settle(job: Job, outcome: SubmitFailure): void {
  job.phase = 'done';
  job.resolve(outcome);
}

/** A SUBMIT_RESP / QUERY_RESP / CANCEL_RESP matched to its job. */
export function settleResponse(host: SettleHost, conn: CmppConnection, job: Job, pdu: Pdu): void {
  if (job.kind !== 'submit') {
    job.resolve({ ok: true, value: pdu as QueryResp & CancelResp, connectionId: conn.id });
    return;
  }
  const c = host.counters;
  const r = pdu as SubmitResp;
  const result = r.Result;
  if (result === 0) {
    c.responsesOk++;
    (job.resolve as (o: SubmitOutcome) => void)({ ok: true, msgId: r.Msg_Id, connectionId: conn.id, sequenceId: job.seq, sends: job.sends });
    return;
  }
  c.failed(result);
  if (result === 8) {
    flowControlled(host, conn, job);
    return;
  }
  settle(job, afterWrite(job, conn, { code: 'result', result, msgId: r.Msg_Id, reason: `SUBMIT refused by the gateway: Result ${result} (${submitResultText(result)})`, inDoubt: false }));
}

/** docs/protocol.md "Timers and flow control": Result 8 = send slower and resend; bounded, never a storm. */
function flowControlled(host: SettleHost, conn: CmppConnection, job: Job): void {
  host.slowDown(conn);
  const max = host.config.maxFlowControlResends;
  if (job.flowResends >= max || host.state !== 'ready') {
    const reason =
      host.state !== 'ready' ? 'gateway flow control (Result 8) while the account was stopping' : `gateway flow control (Result 8) persisted after ${max} slower resends`;
    settle(job, afterWrite(job, conn, { code: 'flow-control', result: 8, reason, inDoubt: false }));
    return;
  }
  // Definitely refused, so not in doubt: back to the front of the line with a new Sequence_Id.
  job.flowResends++;
  job.attempts = 0;
  job.phase = 'queued';
  job.connectionId = 0;
  host.counters.requeued++;
  host.requeue(job);
}

/** A request sent maxSends times without a response: its outcome is unknown. */
export function settleGiveUp(host: SettleHost, conn: CmppConnection, job: Job): void {
  const what = job.kind === 'submit' ? 'SUBMIT_RESP' : job.kind === 'query' ? 'QUERY_RESP' : 'CANCEL_RESP';
  const reason = `no ${what} after ${job.sends} sends (${host.config.requestTimeoutMs} ms each): outcome unknown`;
  if (job.kind === 'submit') {
    host.counters.timeouts++;
    settle(job, afterWrite(job, conn, { code: 'timeout', reason, inDoubt: true }));
  } else {
    job.resolve({ ok: false, code: 'timeout', reason });
  }
}

/** A request that was in the window of a connection that closed; resubmissions go to `requeue`. */
export function handBack(host: SettleHost, job: Job, conn: CmppConnection, info: CloseInfo, requeue: Job[]): void {
  const st = host.state;
  job.connectionId = 0;
  if (job.phase === 'done') return;
  job.phase = 'queued';
  if (!job.written) {
    // Never reached a socket: it simply waits for the next connection.
    if (st === 'stopping' || st === 'stopped') handBackStopped(host, job, false);
    else if (st === 'failed') settleRefused(job, 'login-failed', host.failureReason ?? info.reason);
    else requeue.push(job);
    return;
  }
  if (st === 'stopping' || st === 'stopped') {
    handBackStopped(host, job, true);
    return;
  }
  const lost = `connection ${conn.id} lost (${info.reason}) after the request was written, before its response`;
  if (st !== 'failed' && job.attempts < host.config.maxSends) {
    let decision: 'resubmit' | 'hand-back' = 'resubmit';
    if (job.kind === 'submit') {
      const req = job.request!;
      const charged = isCharged(req);
      const policy = host.config.onInFlightLost;
      decision = policy ? policy(req, { connectionId: conn.id, sends: job.sends, charged }) : charged ? 'hand-back' : 'resubmit';
    }
    if (decision === 'resubmit') {
      host.counters.requeued++;
      requeue.push(job);
      return;
    }
    settle(job, afterWrite(job, conn, { code: 'connection-lost', reason: `${lost}; handed back (charged message), outcome unknown`, inDoubt: true }));
    return;
  }
  const reason = `${lost}; ${job.attempts} sends without an answer, outcome unknown`;
  if (job.kind === 'submit') settle(job, afterWrite(job, conn, { code: 'connection-lost', reason, inDoubt: true }));
  else job.resolve({ ok: false, code: 'connection-lost', reason });
}

/** Work the stopping pool hands back: never written, or written without a response (in doubt). */
export function handBackStopped(host: SettleHost, job: Job, written: boolean): void {
  const reason = written ? 'stopped before the response arrived: outcome unknown' : 'stopped before it was sent';
  if (job.kind === 'submit') {
    settle(job, { ok: false, code: 'stopped', reason, written, inDoubt: written, sends: job.sends, ...(written ? { sequenceId: job.seq } : {}) });
    const result = host.stopResult;
    if (result) (written ? result.inDoubt : result.notSent).push(job.request!);
  } else {
    job.resolve({ ok: false, code: 'stopped', reason });
  }
}

export function settleRefused(job: Job, code: 'login-failed' | 'stopped', reason: string): void {
  if (job.kind === 'submit') settle(job, failure(code, reason, false, job.sends));
  else job.resolve({ ok: false, code, reason });
}
