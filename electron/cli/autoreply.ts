// `cmpp-desk autoreply ...`: keyword auto-replies to MOs (electron/services/inbox/auto-reply.ts),
// the same rules and switch as the Settings screen. Off by default.
import { AUTO_REPLY_MATCH_KINDS, isAutoReplyMatchKind } from '../../shared/auto-reply.js';
import { InboxError } from '../services/inbox/inbox-ports.js';
import type { AutoReplyConfig } from '../services/inbox/auto-reply.js';
import type { Workspace } from '../services/workspace.js';
import type { AutoReplyRule } from '../store/auto-replies.js';
import { ioOf, table, type CliIo } from './account.js';
import { intFlag, parseArgs, type ParsedArgs } from './args.js';
import { toJson, withWorkspace } from './context.js';
import { CliError } from './errors.js';
import { accountFrom } from './query.js';

export const AUTOREPLY_USAGE = `usage: autoreply list [--json] [--db PATH]              the switch, quiet hours, daily cap and every rule
       autoreply add --match exact|prefix|pattern --keyword K --reply T [--account NAME|ID] [--src-ext EXT] [--json] [--db PATH]
       autoreply delete --id N [--db PATH]
       autoreply on|off [--quiet-hours HH:MM-HH:MM|none] [--daily-cap N] [--json] [--db PATH]
  --match exact      the whole MO is the keyword ("1", "价格"; case, full-width letters and punctuation around it ignored)
  --match prefix     the MO starts with the keyword ("查询" answers "查询 订单")
  --match pattern    a regular expression found in the MO (at most 100 characters; nested repeats such as (a+)+ and
                     backreferences are refused so a pattern can never hang)
  --account          only MOs of this account (default: every account)
  --src-ext EXT      only MOs to the account's Src_Id + EXT ('' = the bare Src_Id; default: any extension)
  --quiet-hours      China Standard Time; in them no auto-reply is sent (skipped, the MO stays unhandled); none = off
  --daily-cap N      at most N auto-replies to one number per day (1-100; default 3)
  Auto-replies go out like replies by hand: Src_Id = the MO's Dest_Id, its Service_Id and LinkID, logged.
  Opt-out and opt-in MOs are never auto-replied (they are handled by the opt-out list).`;

const SPEC = { values: ['db', 'match', 'keyword', 'reply', 'account', 'src-ext', 'id', 'quiet-hours', 'daily-cap'], booleans: ['json', 'help'] } as const;

export async function runAutoreplyCommand(argv: string[], io: CliIo = {}): Promise<number> {
  const { out } = ioOf(io);
  const args = parseArgs(argv, SPEC);
  if (args.booleans.has('help')) {
    out(AUTOREPLY_USAGE);
    return 0;
  }
  const [sub, ...extra] = args.positional;
  if (extra.length > 0) throw new CliError(`unexpected argument '${extra[0]}' (see autoreply --help)`);
  const allowed: Record<string, readonly string[]> = { list: [], add: ['match', 'keyword', 'reply', 'account', 'src-ext'], delete: ['id'], on: ['quiet-hours', 'daily-cap'], off: ['quiet-hours', 'daily-cap'] };
  if (sub === undefined || !(sub in allowed)) throw new CliError(sub ? `unknown autoreply command '${sub}'\n${AUTOREPLY_USAGE}` : AUTOREPLY_USAGE);
  for (const f of args.values.keys()) if (f !== 'db' && !allowed[sub]!.includes(f)) throw new CliError(`--${f} does not belong to autoreply ${sub}`);
  const json = args.booleans.has('json');
  return withWorkspace(args, (ws) => {
    try {
      if (sub === 'list') return list(ws, json, out);
      if (sub === 'add') return add(ws, args, json, out);
      if (sub === 'delete') {
        const id = intFlag(args, 'id', 0, 1, Number.MAX_SAFE_INTEGER);
        if (id === 0) throw new CliError('--id N is required (a rule id from autoreply list)');
        ws.autoReply.deleteRule(id, ws.actor);
        out(json ? toJson({ deleted: id }) : `auto-reply rule ${id} deleted`);
        return 0;
      }
      const patch: Partial<AutoReplyConfig> = { enabled: sub === 'on' };
      const quiet = args.values.get('quiet-hours');
      if (quiet !== undefined) patch.quietHours = quietHoursOf(quiet);
      if (args.values.has('daily-cap')) patch.dailyCap = intFlag(args, 'daily-cap', 3, 1, 100);
      const c = ws.autoReply.setConfig(patch, ws.actor);
      out(json ? toJson(c) : `auto-replies ${configText(c)}`);
      return 0;
    } catch (e) {
      if (e instanceof InboxError) throw CliError.engine(e, e.code === 'not-available' ? 1 : 2);
      throw e;
    }
  });
}

function quietHoursOf(raw: string): AutoReplyConfig['quietHours'] {
  if (raw === 'none' || raw === 'off') return null;
  const m = /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(raw);
  if (!m) throw new CliError(`--quiet-hours takes HH:MM-HH:MM (China Standard Time) or none, got '${raw}'`);
  return { start: m[1]!, end: m[2]! };
}

function configText(c: AutoReplyConfig): string {
  const quiet = c.quietHours ? `quiet hours ${c.quietHours.start}-${c.quietHours.end} China Standard Time` : 'no quiet hours';
  return `${c.enabled ? 'ON' : 'OFF'}, ${quiet}, at most ${c.dailyCap} per number per day`;
}

function scope(ws: Workspace, r: AutoReplyRule): string {
  const account = r.accountId === null ? 'every account' : (ws.store.accounts.list().find((a) => a.id === r.accountId)?.name ?? `account ${r.accountId}`);
  const ext = r.srcExt === null ? 'any extension' : r.srcExt === '' ? 'no extension' : `extension ${r.srcExt}`;
  return `${account}, ${ext}`;
}

function list(ws: Workspace, json: boolean, out: (l: string) => void): number {
  const config = ws.autoReply.config();
  const rules = ws.autoReply.rules();
  if (json) {
    out(toJson({ config, rules }));
    return 0;
  }
  out(`auto-replies ${configText(config)}`);
  if (rules.length === 0) out('no rules yet: autoreply add --match exact --keyword K --reply T');
  else table(['id', 'match', 'keyword', 'reply', 'applies to'], rules.map((r) => [String(r.id), r.matchKind, r.keyword, r.reply.replace(/\s+/g, ' '), scope(ws, r)]), out);
  return 0;
}

function add(ws: Workspace, args: ParsedArgs, json: boolean, out: (l: string) => void): number {
  const match = args.values.get('match');
  if (!isAutoReplyMatchKind(match)) throw new CliError(`--match must be ${AUTO_REPLY_MATCH_KINDS.join(', ')}${match === undefined ? '' : `, got '${match}'`}`);
  const keyword = args.values.get('keyword');
  if (keyword === undefined || keyword.trim() === '') throw new CliError('--keyword is required');
  const reply = args.values.get('reply');
  if (reply === undefined || reply.trim() === '') throw new CliError('--reply is required (the text sent back)');
  const accountRaw = args.values.get('account');
  const accountId = accountRaw === undefined ? null : accountFrom(ws, accountRaw);
  const rule = ws.autoReply.addRule({ matchKind: match, keyword, reply, accountId, srcExt: args.values.get('src-ext') ?? null }, ws.actor);
  out(json ? toJson(rule) : `auto-reply rule ${rule.id} added: ${rule.matchKind} "${rule.keyword}" (${scope(ws, rule)})${ws.autoReply.config().enabled ? '' : '; auto-replies are OFF: autoreply on'}`);
  return 0;
}
