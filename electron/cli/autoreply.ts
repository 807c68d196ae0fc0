// `cmpp-desk autoreply ...`: keyword auto-replies to MOs (electron/services/inbox/auto-reply.ts),
// the same rules and switch as the Settings screen. Off by default.
import { isAutoReplyMatchKind } from '../../shared/auto-reply.js';
import { InboxError } from '../services/inbox/inbox-ports.js';
import type { AutoReplyConfig } from '../services/inbox/auto-reply.js';
import type { Workspace } from '../services/workspace.js';
import type { AutoReplyRule } from '../store/auto-replies.js';
import { ioOf, table, type CliIo } from './account.js';
import { intFlag, parseArgs, type ParsedArgs } from './args.js';
import { toJson, withWorkspace } from './context.js';
import { CliError } from './errors.js';
import { accountFrom } from './query.js';
import type { Texts } from './texts.js';

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
  const { out, texts } = ioOf(io);
  const { t } = texts;
  const args = parseArgs(argv, SPEC);
  if (args.booleans.has('help')) {
    out(AUTOREPLY_USAGE);
    return 0;
  }
  const [sub, ...extra] = args.positional;
  if (extra.length > 0) throw CliError.of('error.unexpectedArgument', { value: extra[0]! });
  const allowed: Record<string, readonly string[]> = { list: [], add: ['match', 'keyword', 'reply', 'account', 'src-ext'], delete: ['id'], on: ['quiet-hours', 'daily-cap'], off: ['quiet-hours', 'daily-cap'] };
  const known = Object.keys(allowed).join(', ');
  if (sub === undefined) throw CliError.of('error.missingSubcommand', { command: 'autoreply', known });
  if (!(sub in allowed)) throw CliError.of('error.unknownSubcommand', { command: 'autoreply', sub, known });
  for (const f of args.values.keys()) if (f !== 'db' && !allowed[sub]!.includes(f)) throw CliError.of('autoreply.flagNotFor', { flag: f, sub });
  const json = args.booleans.has('json');
  return withWorkspace(args, (ws) => {
    try {
      if (sub === 'list') return list(ws, json, out, texts);
      if (sub === 'add') return add(ws, args, json, out, texts);
      if (sub === 'delete') {
        const id = intFlag(args, 'id', 0, 1, Number.MAX_SAFE_INTEGER);
        if (id === 0) throw CliError.of('autoreply.idRequired');
        ws.autoReply.deleteRule(id, ws.actor);
        out(json ? toJson({ deleted: id }) : t('autoreply.deleted', { id }));
        return 0;
      }
      const patch: Partial<AutoReplyConfig> = { enabled: sub === 'on' };
      const quiet = args.values.get('quiet-hours');
      if (quiet !== undefined) patch.quietHours = quietHoursOf(quiet);
      if (args.values.has('daily-cap')) patch.dailyCap = intFlag(args, 'daily-cap', 3, 1, 100);
      const c = ws.autoReply.setConfig(patch, ws.actor);
      out(json ? toJson(c) : configText(c, texts));
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
  if (!m) throw CliError.of('autoreply.badQuietHours', { value: raw });
  return { start: m[1]!, end: m[2]! };
}

function configText(c: AutoReplyConfig, { t }: Texts): string {
  const quiet = c.quietHours ? t('autoreply.quiet', { start: c.quietHours.start, end: c.quietHours.end }) : t('autoreply.noQuiet');
  return t('autoreply.config', { state: t(c.enabled ? 'autoreply.on' : 'autoreply.off'), quiet, cap: c.dailyCap });
}

function scope(ws: Workspace, r: AutoReplyRule, { t }: Texts): string {
  const account = r.accountId === null ? t('autoreply.everyAccount') : (ws.store.accounts.list().find((a) => a.id === r.accountId)?.name ?? t('autoreply.account', { id: r.accountId }));
  const ext = r.srcExt === null ? t('autoreply.anyExt') : r.srcExt === '' ? t('autoreply.noExt') : t('autoreply.ext', { ext: r.srcExt });
  return t('autoreply.scope', { account, ext });
}

function list(ws: Workspace, json: boolean, out: (l: string) => void, texts: Texts): number {
  const { t } = texts;
  const config = ws.autoReply.config();
  const rules = ws.autoReply.rules();
  if (json) {
    out(toJson({ config, rules }));
    return 0;
  }
  out(configText(config, texts));
  if (rules.length === 0) out(t('autoreply.none'));
  else {
    const head = [t('autoreply.col.id'), t('autoreply.col.match'), t('autoreply.col.keyword'), t('autoreply.col.reply'), t('autoreply.col.scope')];
    table(head, rules.map((r) => [String(r.id), t(`autoreply.kind.${r.matchKind}`), r.keyword, r.reply.replace(/\s+/g, ' '), scope(ws, r, texts)]), out);
  }
  return 0;
}

function add(ws: Workspace, args: ParsedArgs, json: boolean, out: (l: string) => void, texts: Texts): number {
  const match = args.values.get('match');
  if (!isAutoReplyMatchKind(match)) throw match === undefined ? CliError.of('autoreply.matchRequired') : CliError.of('autoreply.badMatch', { value: match });
  const keyword = args.values.get('keyword');
  if (keyword === undefined || keyword.trim() === '') throw CliError.of('error.required', { flag: 'keyword' });
  const reply = args.values.get('reply');
  if (reply === undefined || reply.trim() === '') throw CliError.of('error.required', { flag: 'reply' });
  const accountRaw = args.values.get('account');
  const accountId = accountRaw === undefined ? null : accountFrom(ws, accountRaw);
  const rule = ws.autoReply.addRule({ matchKind: match, keyword, reply, accountId, srcExt: args.values.get('src-ext') ?? null }, ws.actor);
  const said = { id: rule.id, kind: texts.t(`autoreply.kind.${rule.matchKind}`), keyword: rule.keyword, scope: scope(ws, rule, texts) };
  out(json ? toJson(rule) : texts.t(ws.autoReply.config().enabled ? 'autoreply.added' : 'autoreply.addedOff', said));
  return 0;
}
