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

export interface InboxCommandIo {
  out?: (line: string) => void;
}

/** A number as the user typed it: a mobile number is validated and normalised; a short service number is taken as is. */
export function conversationNumber(raw: string): string {
  const c = checkPhone(raw);
  if (c.ok) return c.number;
  const digits = raw.replace(/[\s-]/g, '');
  if (/^\d{3,21}$/.test(digits)) return digits;
  throw new CliError(`--number: '${raw}' is not a phone number (${c.problem})`);
}

function idList(raw: string, flag: string): number[] {
  const ids = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (ids.length === 0 || ids.some((s) => !/^\d+$/.test(s) || Number(s) < 1 || !Number.isSafeInteger(Number(s)))) {
    throw new CliError(`--${flag} needs comma-separated MO ids, got '${raw}'`);
  }
  return [...new Set(ids.map(Number))];
}

/** One line of text for a table cell: control characters made visible, long text cut with a mark. */
function oneLine(text: string | null, max = 60): string {
  if (text === null) return '(binary)';
  const flat = text.replace(/[\r\n\t]+/g, ' ');
  const chars = [...flat];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
}

function flags(m: InboxMessage): string {
  const f: string[] = [];
  if (!m.handled) f.push('unhandled');
  if (!m.complete) f.push(`partial ${m.segmentReceived}/${m.segmentTotal}`);
  if (m.optEvent) f.push(m.optEvent === 'opt_out' ? 'opted out' : 'opted in');
  if (m.campaignId !== null) f.push(`campaign ${m.campaignId}`);
  return f.join(', ');
}

function messageLines(messages: InboxMessage[]): string[] {
  if (messages.length === 0) return ['(no messages)'];
  return messages.map((m) => `#${m.id}  ${dateTimeOffsetText(m.receivedAt)}  ${m.number}  -> ${m.destId}  ${oneLine(m.text)}${flags(m) ? `  [${flags(m)}]` : ''}`);
}

function threadLines(ws: Workspace, threads: InboxThreadView[]): string[] {
  if (threads.length === 0) return ['(no conversations)'];
  return threads.map((t) => {
    const last = ws.inbox.get(t.lastMessageId);
    return `${t.number}  ${dateTimeOffsetText(t.lastAt)}  ${t.total} message${t.total === 1 ? '' : 's'}, ${t.unhandled} unhandled  last: ${oneLine(last.text, 40)}`;
  });
}

export async function runInboxCommand(argv: string[], io: InboxCommandIo = {}): Promise<number> {
  const out = io.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const args = parseArgs(argv, SPEC);
  if (args.booleans.has('help')) {
    out(INBOX_USAGE);
    return 0;
  }
  if (args.positional[0] === 'reply' && args.positional.length === 1) return runInboxReply(args, out);
  if (args.positional.length > 0) throw new CliError(`unexpected argument '${args.positional[0]}' (see inbox --help)`);
  for (const f of ['message', 'text', 'timeout-ms']) if (args.values.has(f)) throw new CliError(`--${f} belongs to inbox reply`);
  const json = args.booleans.has('json');
  const limit = intFlag(args, 'limit', 50, 1, 10_000);
  const markHandled = args.values.get('mark-handled');
  const markUnhandled = args.values.get('mark-unhandled');
  const rawNumber = args.values.get('number');
  const number = rawNumber === undefined ? undefined : conversationNumber(rawNumber);
  const unhandled = args.booleans.has('unhandled');
  if (markHandled !== undefined && markUnhandled !== undefined) throw new CliError('give either --mark-handled or --mark-unhandled, not both');
  const mark = markHandled ?? markUnhandled;
  const search = args.values.get('search');
  const campaignRaw = args.values.get('campaign');
  if (campaignRaw !== undefined && !/^[1-9]\d{0,15}$/.test(campaignRaw)) throw new CliError(`--campaign needs a campaign id (see campaign list), got '${campaignRaw}'`);
  if (search !== undefined && search.trim() === '') throw new CliError('--search needs a term (a part of a number or of a text)');
  const searching = search !== undefined || campaignRaw !== undefined;
  if (searching && number !== undefined) throw new CliError('--number shows one conversation; use --search for a part of a number');
  if (mark !== undefined && (number !== undefined || unhandled || searching)) throw new CliError('--mark-handled / --mark-unhandled cannot be combined with a listing filter');
  const ids = mark === undefined ? undefined : idList(mark, markHandled !== undefined ? 'mark-handled' : 'mark-unhandled');

  return withWorkspace(args, (ws) => {
    if (ids !== undefined) {
      for (const id of ids) ws.inbox.get(id); // every id must exist: nothing is half-done
      const changed = ws.inbox.markHandled(ids, markHandled !== undefined, ws.actor);
      out(json ? toJson({ ids, handled: markHandled !== undefined, changed }) : `${changed} of ${ids.length} message${ids.length === 1 ? '' : 's'} marked ${markHandled !== undefined ? 'handled' : 'unhandled'}`);
      return 0;
    }
    if (searching) {
      let messages: InboxMessage[];
      try {
        messages = searchInbox(ws.store, { ...(search !== undefined ? { term: search } : {}), ...(campaignRaw !== undefined ? { campaignId: Number(campaignRaw) } : {}), limit: unhandled ? 10_000 : limit });
      } catch (e) {
        if (e instanceof InboxError) throw new CliError(e.message, 2);
        throw e;
      }
      if (unhandled) messages = messages.filter((m) => !m.handled).slice(0, limit);
      const what = [search !== undefined ? `containing "${search}"` : '', campaignRaw !== undefined ? `answering campaign ${campaignRaw}` : ''].filter((x) => x).join(', ');
      out(json ? toJson({ search: search ?? null, campaignId: campaignRaw === undefined ? null : Number(campaignRaw), messages }) : [`messages ${what}:`, ...messageLines(messages)].join('\n'));
      return 0;
    }
    if (number !== undefined) {
      let messages = ws.inbox.conversation(number, unhandled ? 10_000 : limit);
      if (unhandled) messages = messages.filter((m) => !m.handled).slice(0, limit);
      out(json ? toJson({ number, messages }) : [`conversation with ${number}:`, ...messageLines(messages)].join('\n'));
      return 0;
    }
    if (unhandled) {
      const messages = ws.inbox.unhandled(limit);
      out(json ? toJson({ messages }) : ['unhandled messages:', ...messageLines(messages)].join('\n'));
      return 0;
    }
    const threads = ws.inbox.threads(limit);
    out(json ? toJson({ threads }) : ['conversations:', ...threadLines(ws, threads)].join('\n'));
    return 0;
  });
}
