// `cmpp-desk inbox ...`: the MO inbox from a terminal or a script.
//   inbox [--json] [--limit N]                 conversations, most recent first
//   inbox --number N [--json]                  one conversation's messages, newest first
//   inbox --unhandled [--json]                 messages not handled yet (with --number: of that number)
//   inbox --search T [--campaign N] [--json]   MOs whose number or text contains T (and/or of campaign N)
//   inbox --mark-handled ID,... | --mark-unhandled ID,...
import { checkPhone } from '../../shared/phone.js';
import type { InboxMessage } from '../../shared/inbox-message.js';
import type { InboxThreadView } from '../services/inbox/inbox.js';
import type { Workspace } from '../services/workspace.js';
import { intFlag, parseArgs } from './args.js';
import { toJson, withWorkspace } from './context.js';
import { CliError } from './errors.js';
import { ioOf, type CliIo } from './account.js';
import type { Texts } from './texts.js';
import { runInboxReply } from './inbox-reply.js';
import { InboxError } from '../services/inbox/inbox-ports.js';
import { searchInbox } from '../services/inbox/inbox-search.js';
import { dateTimeOffsetText } from '../../shared/time-format.js';

export const INBOX_USAGE = `usage: inbox [--number N] [--unhandled] [--limit N] [--json] [--db PATH]
       inbox --search T [--campaign ID] | --campaign ID [--unhandled] [--limit N] [--json] [--db PATH]
       inbox --mark-handled ID,... | --mark-unhandled ID,... [--db PATH]
       inbox reply --message ID --text T [--timeout-ms N] [--json] [--db PATH]   answer an MO (its LinkID kept), sent from here
  (no filter)        conversations by number, most recent first
  --number N         that number's messages, newest first (86/+86 accepted)
  --unhandled        messages not marked handled (with --number: only that number's)
  --search T         messages whose sender's number or text contains T (+86 138 0013 8000 matches 13800138000)
  --campaign ID      messages that answered campaign ID (sent to its Src_Id extension, campaign create --src-ext)
  --limit N          at most N rows (default 50, at most 10000)
  --mark-handled IDS mark MO messages handled (comma-separated ids); --mark-unhandled undoes it
  --json             machine-readable output`;

const SPEC = { values: ['db', 'number', 'limit', 'mark-handled', 'mark-unhandled', 'message', 'text', 'timeout-ms', 'search', 'campaign'], booleans: ['json', 'unhandled', 'help'] } as const;

export type InboxCommandIo = CliIo;

/** A number as the user typed it: a mobile number is validated and normalised; a short service number is taken as is. */
export function conversationNumber(raw: string): string {
  const c = checkPhone(raw);
  if (c.ok) return c.number;
  const digits = raw.replace(/[\s-]/g, '');
  if (/^\d{3,21}$/.test(digits)) return digits;
  throw CliError.of('inbox.badNumber', { value: raw, problem: c.problem });
}

function idList(raw: string, flag: string): number[] {
  const ids = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (ids.length === 0 || ids.some((s) => !/^\d+$/.test(s) || Number(s) < 1 || !Number.isSafeInteger(Number(s)))) {
    throw CliError.of('inbox.badIds', { flag, value: raw });
  }
  return [...new Set(ids.map(Number))];
}

/** One line of text for a table cell: control characters made visible, long text cut with a mark. */
function oneLine(texts: Texts, text: string | null, max = 60): string {
  if (text === null) return texts.t('inbox.binary');
  const flat = text.replace(/[\r\n\t]+/g, ' ');
  const chars = [...flat];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
}

function flags(texts: Texts, m: InboxMessage): string {
  const f: string[] = [];
  if (!m.handled) f.push(texts.t('inbox.flag.unhandled'));
  if (!m.complete) f.push(texts.t('inbox.flag.partial', { received: m.segmentReceived, total: m.segmentTotal }));
  if (m.optEvent) f.push(texts.t(m.optEvent === 'opt_out' ? 'inbox.flag.optOut' : 'inbox.flag.optIn'));
  if (m.campaignId !== null) f.push(texts.t('inbox.flag.campaign', { id: m.campaignId }));
  return f.join(texts.t('inbox.listSep'));
}

function messageLines(texts: Texts, messages: InboxMessage[]): string[] {
  if (messages.length === 0) return [texts.t('inbox.noMessages')];
  return messages.map((m) => {
    const f = flags(texts, m);
    return `#${m.id}  ${dateTimeOffsetText(m.receivedAt)}  ${m.number}  -> ${m.destId}  ${oneLine(texts, m.text)}${f ? `  [${f}]` : ''}`;
  });
}

function threadLines(texts: Texts, ws: Workspace, threads: InboxThreadView[]): string[] {
  if (threads.length === 0) return [texts.t('inbox.noConversations')];
  return threads.map((t) => {
    const last = ws.inbox.get(t.lastMessageId);
    return texts.t('inbox.thread', { number: t.number, time: dateTimeOffsetText(t.lastAt), total: t.total, unhandled: t.unhandled, last: oneLine(texts, last.text, 40) });
  });
}

export async function runInboxCommand(argv: string[], io: InboxCommandIo = {}): Promise<number> {
  const { out, texts } = ioOf(io);
  const args = parseArgs(argv, SPEC);
  if (args.booleans.has('help')) {
    out(INBOX_USAGE);
    return 0;
  }
  if (args.positional[0] === 'reply' && args.positional.length === 1) return runInboxReply(args, out, texts);
  if (args.positional.length > 0) throw new CliError(`unexpected argument '${args.positional[0]}' (see inbox --help)`, 2, { key: 'error.unexpectedArgument', params: { value: args.positional[0]! } });
  for (const f of ['message', 'text', 'timeout-ms']) if (args.values.has(f)) throw CliError.of('inbox.replyOnly', { flag: f });
  const json = args.booleans.has('json');
  const limit = intFlag(args, 'limit', 50, 1, 10_000);
  const markHandled = args.values.get('mark-handled');
  const markUnhandled = args.values.get('mark-unhandled');
  const rawNumber = args.values.get('number');
  const number = rawNumber === undefined ? undefined : conversationNumber(rawNumber);
  const unhandled = args.booleans.has('unhandled');
  if (markHandled !== undefined && markUnhandled !== undefined) throw CliError.of('inbox.markBoth');
  const mark = markHandled ?? markUnhandled;
  const search = args.values.get('search');
  const campaignRaw = args.values.get('campaign');
  if (campaignRaw !== undefined && !/^[1-9]\d{0,15}$/.test(campaignRaw)) throw CliError.of('inbox.badCampaign', { value: campaignRaw });
  if (search !== undefined && search.trim() === '') throw CliError.of('inbox.emptySearch');
  const searching = search !== undefined || campaignRaw !== undefined;
  if (searching && number !== undefined) throw CliError.of('inbox.numberAndSearch');
  if (mark !== undefined && (number !== undefined || unhandled || searching)) throw CliError.of('inbox.markWithFilter');
  const ids = mark === undefined ? undefined : idList(mark, markHandled !== undefined ? 'mark-handled' : 'mark-unhandled');

  return withWorkspace(args, (ws) => {
    if (ids !== undefined) {
      for (const id of ids) ws.inbox.get(id); // every id must exist: nothing is half-done
      const changed = ws.inbox.markHandled(ids, markHandled !== undefined, ws.actor);
      out(json ? toJson({ ids, handled: markHandled !== undefined, changed }) : texts.t(markHandled !== undefined ? 'inbox.marked.handled' : 'inbox.marked.unhandled', { changed, total: ids.length }));
      return 0;
    }
    if (searching) {
      let messages: InboxMessage[];
      try {
        messages = searchInbox(ws.store, { ...(search !== undefined ? { term: search } : {}), ...(campaignRaw !== undefined ? { campaignId: Number(campaignRaw) } : {}), limit: unhandled ? 10_000 : limit });
      } catch (e) {
        if (e instanceof InboxError) throw CliError.engine(e, 2);
        throw e;
      }
      if (unhandled) messages = messages.filter((m) => !m.handled).slice(0, limit);
      const what = [search !== undefined ? texts.t('inbox.search.containing', { term: search }) : '', campaignRaw !== undefined ? texts.t('inbox.search.campaign', { id: campaignRaw }) : ''].filter((x) => x).join(texts.t('inbox.listSep'));
      out(json ? toJson({ search: search ?? null, campaignId: campaignRaw === undefined ? null : Number(campaignRaw), messages }) : [texts.t('inbox.search.title', { what }), ...messageLines(texts, messages)].join('\n'));
      return 0;
    }
    if (number !== undefined) {
      let messages = ws.inbox.conversation(number, unhandled ? 10_000 : limit);
      if (unhandled) messages = messages.filter((m) => !m.handled).slice(0, limit);
      out(json ? toJson({ number, messages }) : [texts.t('inbox.conversation', { number }), ...messageLines(texts, messages)].join('\n'));
      return 0;
    }
    if (unhandled) {
      const messages = ws.inbox.unhandled(limit);
      out(json ? toJson({ messages }) : [texts.t('inbox.unhandled'), ...messageLines(texts, messages)].join('\n'));
      return 0;
    }
    const threads = ws.inbox.threads(limit);
    out(json ? toJson({ threads }) : [texts.t('inbox.conversations'), ...threadLines(texts, ws, threads)].join('\n'));
    return 0;
  });
}
