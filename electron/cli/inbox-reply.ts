// `inbox reply --message ID --text T`: answers an MO through the inbox service the UI's inline reply
// uses (Src_Id = the MO's Dest_Id, its Service_Id and, in CMPP 3.0, its LinkID; audited; the MO is
// marked handled), then sends it from this process and waits for the gateway's answer.
import { InboxError } from '../services/inbox/inbox-ports.js';
import { intFlag, type ParsedArgs } from './args.js';
import { toJson, withWorkspace } from './context.js';
import { CliError } from './errors.js';
import { messageStateText, type Texts } from './texts.js';
import { reasonText } from '../../shared/i18n/reason-text.js';

export async function runInboxReply(args: ParsedArgs, out: (line: string) => void, texts: Texts): Promise<number> {
  const rawId = args.values.get('message');
  if (rawId === undefined || !/^\d+$/.test(rawId)) throw CliError.of('inbox.reply.needsMessage');
  const text = args.values.get('text');
  if (text === undefined || text.trim() === '') throw CliError.of('inbox.reply.needsText');
  const timeoutMs = intFlag(args, 'timeout-ms', 60_000, 1, 86_400_000);
  return withWorkspace(args, async (ws) => {
    let messageId: number;
    try {
      const mo = ws.inbox.get(Number(rawId));
      // Only this reply's account is pumped from here, as `send` does: no lease over the app's work.
      ws.pump.oneShot(mo.accountId);
      messageId = (await ws.inbox.reply(mo.id, text, { actor: ws.actor })).messageId;
    } catch (e) {
      if (e instanceof InboxError) throw CliError.engine(e, e.code === 'not-available' ? 1 : 2);
      throw e;
    }
    const detail = () => ws.store.deliveryLog.detail(messageId).message;
    const deadline = Date.now() + timeoutMs;
    while ((detail().state === 'queued' || detail().state === 'submitting') && Date.now() < deadline) {
      await new Promise((ok) => setTimeout(ok, 50));
    }
    const m = detail();
    const ok = m.state !== 'queued' && m.state !== 'submitting' && m.state !== 'failed' && m.state !== 'skipped';
    if (args.booleans.has('json')) out(toJson({ ok, messageId, number: m.number, state: m.state, reason: m.reason ?? null }));
    else out(texts.t('inbox.reply.done', { id: messageId, number: m.number, state: messageStateText(texts, m.state) }) + (m.reason ? texts.t('inbox.reply.reason', { reason: reasonText(m.reason, texts.shared) }) : ''));
    return ok ? 0 : 1;
  });
}
