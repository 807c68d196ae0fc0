// `send ...`: a one-shot send over one connection, through the same outbox, pump and report
// handling as campaigns (so it is at-least-once, logged, and its reports are matched the same way).
//
// It works in the app's database like every other command (--db PATH for another), so the opt-out
// list applies and the delivery log keeps what was sent. It never adds an account silently: it uses
// the account whose gateway, SP_Id, secret, Service_Id and Src_Id are the flags' ("using account
// 'X'"), else its own "send <SP_Id>@<host>:<port>", created or updated to the flags (and says so).
// Exit 0 only when every SUBMIT was accepted (Result 0) and, with --wait-reports, every status
// report arrived before --timeout-ms; 1 otherwise; 2 for bad input.
import { resolve } from 'node:path';
import { checkNumberList } from '../../shared/phone.js';
import type { LiveLog } from '../../shared/ipc/contract/monitor.js';
import { msgIdToDecimal } from '../../shared/msg-id.js';
import type { AccountInput } from '../store/accounts.js';
import { StoreError } from '../store/errors.js';
import { CampaignInputError } from '../services/campaigns/campaigns.js';
import { ioOf, type CliIo } from './account.js';
import { intFlag, parseArgs } from './args.js';
import { defaultDbPath, openCliWorkspace, secretFrom, toJson } from './context.js';
import { sendAccount } from './send-account.js';
import { CliError } from './errors.js';
import type { MessageState } from '../../shared/message-state.js';
import { engineEventLine, messageStateText } from './texts.js';
import { reasonText } from '../../shared/i18n/reason-text.js';

export const SEND_USAGE = `usage: send --host H --port P --sp-id S (--secret-env VAR | --secret X) --version 2.0|3.0
            --service-id ID --src-id SRC --to N1,N2 --text T [--wait-reports] [--timeout-ms 60000] [--json] [--db PATH]`;

interface SentRow {
  number: string;
  messageId: number;
  state: MessageState;
  result: number | null;
  stat: string | null;
  reason: string | null;
  msgIds: string[];
  reportsArrived: number;
  segments: number;
}

export async function runSendCommand(argv: string[], io: CliIo = {}): Promise<number> {
  const { out, err, env, texts } = ioOf(io);
  const a = parseArgs(argv, {
    values: ['db', 'host', 'port', 'sp-id', 'secret', 'secret-env', 'version', 'service-id', 'src-id', 'to', 'text', 'timeout-ms'],
    booleans: ['wait-reports', 'json', 'help'],
  });
  if (a.booleans.has('help')) {
    out(SEND_USAGE);
    return 0;
  }
  if (a.positional.length) throw CliError.of('error.unexpectedArgument', { value: a.positional[0]! });
  const need = (n: string) => {
    const v = a.values.get(n);
    if (v === undefined || v === '') throw CliError.of('error.required', { flag: n });
    return v;
  };
  const host = need('host');
  if (!a.values.has('port')) throw CliError.of('error.required', { flag: 'port' });
  const port = intFlag(a, 'port', 0, 1, 65535);
  const spId = need('sp-id');
  const secret = secretFrom(a, env);
  const version = need('version');
  if (version !== '2.0' && version !== '3.0') throw CliError.of('account.badVersion', { value: version });
  const serviceId = need('service-id');
  const srcId = need('src-id');
  const text = need('text');
  const list = checkNumberList(need('to'));
  if (list.invalid.length) {
    throw CliError.of('send.invalidNumbers', { count: list.invalid.length, list: list.invalid.map((i) => `"${i.input}" (${i.problem})`).join(', ') });
  }
  if (list.numbers.length === 0) throw CliError.of('send.noNumbers');
  const timeoutMs = intFlag(a, 'timeout-ms', 60_000, 1, 86_400_000);
  const waitReports = a.booleans.has('wait-reports');

  // The default database from the given environment, as the app finds it.
  const dbPath = a.values.get('db') ?? defaultDbPath(env);
  if (dbPath.trim() === '') throw CliError.of('db.needsPath');
  const ws = openCliWorkspace({ ...a, values: new Map([...a.values, ['db', resolve(dbPath)]]) });
  let code = 1;
  try {
    const settings: AccountInput = {
      name: `send ${spId}@${host}:${port}`, host, port, version, spId, secret, serviceId, srcId,
      // One connection, report wanted, no signature added: the text is sent as typed.
      connections: 1, registeredDelivery: 1, signature: '', destsPerSubmit: 1,
    };
    let used: ReturnType<typeof sendAccount>;
    try {
      used = sendAccount(ws, settings);
    } catch (e) {
      if (e instanceof StoreError) throw CliError.engine(e);
      throw e;
    }
    const account = used.account;
    err(texts.t('note.line', { message: texts.t(`send.account.${used.how}`, { name: account.name }) }));
    // Only this command's own messages go out from here: no lease, no recovery, no other account.
    ws.pump.oneShot(account.id);
    // Engine events as they came: --json carries main's text (language-neutral), the lines the
    // operator reads word them in the operator's language (engineEventLine).
    const failures: LiveLog[] = [];
    // Why the gateway could not be used (framing error, dead peer, refused, ...): said as it
    // happens and again with a timeout, so "timed out" never stands without its cause.
    let lastConnectionFailure: LiveLog | null = null;
    ws.on('log', (e) => {
      if (e.level === 'error') failures.push(e);
      else if (e.code === 'connection-failed') {
        lastConnectionFailure = e;
        err(texts.t('warning.line', { message: engineEventLine(texts, e) }));
      }
    });
    const ids: number[] = [];
    for (const number of list.numbers) {
      try {
        ids.push((await ws.campaigns.sendOne({ accountId: account.id, to: number, text, actor: ws.actor })).messageId);
      } catch (e) {
        if (e instanceof CampaignInputError) throw CliError.engine(e);
        throw e;
      }
    }
    // Wait: every message answered (and, with --wait-reports, every report in), a failure, or the timeout.
    const deadline = Date.now() + timeoutMs;
    const rows = () => ids.map((id) => rowOf(ws, id));
    let timedOut = false;
    for (;;) {
      const r = rows();
      const answered = r.every((x) => x.state !== 'queued' && x.state !== 'submitting');
      const reported = r.every((x) => x.state === 'failed' || x.state === 'skipped' || x.reportsArrived >= x.segments);
      if (answered && (!waitReports || reported)) break;
      if (failures.length > 0) break;
      if (Date.now() > deadline) {
        timedOut = true;
        break;
      }
      await new Promise((res) => setTimeout(res, 50));
    }
    const final = rows();
    const accepted = final.every((x) => x.result === 0 && x.msgIds.length === x.segments);
    const reportsOk = !waitReports || final.every((x) => x.reportsArrived >= x.segments);
    code = accepted && reportsOk && failures.length === 0 ? 0 : 1;
    if (a.booleans.has('json')) {
      out(toJson({ ok: code === 0, timedOut, account: { name: account.name, how: used.how }, errors: failures.map((f) => f.message), ...(lastConnectionFailure ? { connectionFailure: (lastConnectionFailure as LiveLog).message } : {}), messages: final }));
    } else {
      for (const x of final) {
        out(`${x.number}  ${messageStateText(texts, x.state)}${x.msgIds.length ? texts.t('send.row.msgIds', { ids: x.msgIds.join(',') }) : ''}${x.stat ? `  ${x.stat}` : ''}${x.reason && x.state !== 'delivered' ? `  (${reasonText(x.reason, texts.shared)})` : ''}`);
      }
      for (const f of failures) err(texts.t('error.line', { message: engineEventLine(texts, f) }));
      if (timedOut) {
        const cause = lastConnectionFailure ? texts.t('send.lastFailure', { reason: engineEventLine(texts, lastConnectionFailure) }) : '';
        const what = texts.t(waitReports ? 'send.waitReports' : 'send.waitResps');
        err(texts.t('error.line', { message: texts.t('send.timedOut', { ms: timeoutMs, what, cause }) }));
      }
    }
  } finally {
    await ws.close();
  }
  return code;
}

function rowOf(ws: ReturnType<typeof openCliWorkspace>, id: number): SentRow {
  const { message, segments } = ws.store.deliveryLog.detail(id);
  return {
    number: message.number,
    messageId: id,
    state: message.state,
    result: segments.length > 0 && segments.every((s) => s.result === 0) ? 0 : (message.result ?? segments.find((s) => s.result !== null && s.result !== 0)?.result ?? null),
    stat: message.stat,
    reason: message.reason,
    msgIds: segments.filter((s) => s.msgId !== null).map((s) => msgIdToDecimal(s.msgId!)),
    reportsArrived: segments.filter((s) => s.reportAt !== null).length,
    segments: message.segmentCount,
  };
}
