// DELIVERs (MOs and status reports) of every connection of an account, handed to the application's
// one handler. DELIVER_RESP goes out only once the application has kept the message, on the
// connection it came on; a handler that throws or rejects gets no DELIVER_RESP, so the gateway sends
// the DELIVER again rather than the message being lost.
import type { ResolvedAccountConfig } from './account-config.js';
import type { CmppConnection } from './connection.js';
import type { LogLevel } from './pool-events.js';
import type { Counters } from './counters.js';
import type { DeliverInfo } from './outcomes.js';
import type { Deliver } from '../wire/pdu.js';
import { decodeReport } from '../wire/report.js';

/** What the intake needs of its pool. */
export interface DeliverIntakeHost {
  readonly config: Pick<ResolvedAccountConfig, 'name' | 'onDeliver'>;
  readonly counters: Counters;
  log(level: LogLevel, code: string, message: string, conn?: CmppConnection): void;
}

export function takeDeliver(host: DeliverIntakeHost, conn: CmppConnection, d: Deliver): void {
  const info: DeliverInfo = { account: host.config.name, connectionId: conn.id, slot: conn.slot, receivedAt: Date.now() };
  if (d.Registered_Delivery === 1) {
    host.counters.reports++;
    try {
      info.report = decodeReport(d.Msg_Content);
    } catch (e) {
      info.reportError = (e as Error).message;
      host.log('warn', 'report-decode', `status report content did not decode (handed over raw): ${info.reportError}`, conn);
    }
  } else {
    host.counters.mos++;
  }
  let kept: Promise<void> | void;
  try {
    kept = host.config.onDeliver(d, info);
  } catch (e) {
    notAcked(host, conn, d, e);
    return;
  }
  if (kept !== undefined && typeof (kept as Promise<void>).then === 'function') {
    (kept as Promise<void>).then(
      () => ack(host, conn, d),
      (e: unknown) => notAcked(host, conn, d, e),
    );
  } else {
    ack(host, conn, d);
  }
}

function ack(host: DeliverIntakeHost, conn: CmppConnection, d: Deliver): void {
  if (conn.respond({ Command_Id: 'CMPP_DELIVER_RESP', Sequence_Id: d.Sequence_Id, Msg_Id: d.Msg_Id, Result: 0 })) {
    host.counters.deliversAcked++;
  } else {
    host.counters.deliversNotAcked++;
    host.log('info', 'deliver-not-acked', `DELIVER Msg_Id ${d.Msg_Id} was kept but its connection closed before DELIVER_RESP; the gateway will send it again`, conn);
  }
}

function notAcked(host: DeliverIntakeHost, conn: CmppConnection, d: Deliver, e: unknown): void {
  host.counters.deliversNotAcked++;
  host.log('warn', 'deliver-not-acked', `DELIVER Msg_Id ${d.Msg_Id} not acknowledged (the gateway will resend it): the application did not keep it: ${errText(e)}`, conn);
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
