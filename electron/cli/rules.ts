// `rules show [--json]` and `rules set ...`: the sending rules of Settings (quiet hours, frequency
// cap, the signature requirement, sensitive words, opt-out/opt-in keywords and replies, the MO
// reassembly wait, the report sweep), changed through the same service as the Settings screen
// (validated whole, audited, the opt-out keywords never emptied).
import type { SendingSettings } from '../services/settings/settings.js';
import { SettingsError } from '../services/settings/settings.js';
import { updateSendingRules } from '../services/settings/rules-update.js';
import { ioOf, table, type CliIo } from './account.js';
import { noPositional, parseArgs, type ParsedArgs } from './args.js';
import { toJson, withWorkspace } from './context.js';
import { CliError } from './errors.js';
import type { CliTextKey, Texts } from './texts.js';

export const RULES_USAGE = `usage:
  rules show [--json] [--db PATH]          the sending rules (Settings)
  rules set [--quiet-hours HH:MM-HH:MM|off] [--frequency-cap COUNT/DURATION|off] [--require-signature on|off]
            [--sensitive-words W1,W2] [--opt-out-keywords W1,W2] [--opt-in-keywords W1,W2]
            [--opt-out-confirmation TEXT] [--opt-in-confirmation TEXT]
            [--mo-reassembly-timeout DURATION] [--report-sweep-interval DURATION] [--json] [--db PATH]
  quiet hours are China Standard Time (22:00-08:00 wraps past midnight); a DURATION is 500ms, 90s, 30m, 6h or 1d;
  an empty list ('') clears sensitive words, opt-in keywords or a reply; opt-out keywords cannot be emptied`;

const SET_FLAGS = [
  'quiet-hours', 'frequency-cap', 'require-signature', 'sensitive-words', 'opt-out-keywords', 'opt-in-keywords',
  'opt-out-confirmation', 'opt-in-confirmation', 'mo-reassembly-timeout', 'report-sweep-interval',
] as const;

export async function runRulesCommand(argv: string[], io: CliIo = {}): Promise<number> {
  const { out, texts } = ioOf(io);
  const [sub, ...rest] = argv;
  if (sub === 'show') return show(rest, out, texts);
  if (sub === 'set') return set(rest, out, texts);
  if (sub === undefined) throw CliError.of('error.missingSubcommand', { command: 'rules', known: 'show, set' });
  throw CliError.of('error.unknownSubcommand', { command: 'rules', sub, known: 'show, set' });
}

async function show(argv: string[], out: (l: string) => void, texts: Texts): Promise<number> {
  const a = parseArgs(argv, { values: ['db'], booleans: ['json'] });
  noPositional(a);
  return withWorkspace(a, (ws) => {
    print(ws.settings.snapshot(), a.booleans.has('json'), out, texts);
    return 0;
  });
}

async function set(argv: string[], out: (l: string) => void, texts: Texts): Promise<number> {
  const a = parseArgs(argv, { values: ['db', ...SET_FLAGS], booleans: ['json'] });
  noPositional(a);
  const patch = patchOf(a);
  if (Object.keys(patch).length === 0) throw CliError.of('rules.nothingToSet', { flags: SET_FLAGS.map((f) => `--${f}`).join(', ') });
  return withWorkspace(a, (ws) => {
    let next: SendingSettings;
    try {
      next = updateSendingRules(ws, patch);
    } catch (e) {
      if (e instanceof SettingsError) throw CliError.engine(e, 2, 'rules.invalid');
      throw e;
    }
    if (!a.booleans.has('json')) out(texts.t('rules.saved'));
    print(next, a.booleans.has('json'), out, texts);
    return 0;
  });
}

/** What `rules set` changes: only the flags given, each checked before the database is opened. */
export function patchOf(a: ParsedArgs): Partial<SendingSettings> {
  const patch: Partial<SendingSettings> = {};
  const v = (f: (typeof SET_FLAGS)[number]) => a.values.get(f);
  const quiet = v('quiet-hours');
  if (quiet !== undefined) {
    const m = /^\s*(\d\d:\d\d)\s*-\s*(\d\d:\d\d)\s*$/.exec(quiet);
    if (quiet.trim().toLowerCase() === 'off') patch.quietHours = null;
    else if (m && validHhmm(m[1]!) && validHhmm(m[2]!)) patch.quietHours = { start: m[1]!, end: m[2]! };
    else throw CliError.of('rules.badQuietHours', { value: quiet });
  }
  const cap = v('frequency-cap');
  if (cap !== undefined) {
    const m = /^\s*(\d+)\s*\/\s*(\S+)\s*$/.exec(cap);
    const windowMs = m ? durationMs(m[2]!) : null;
    if (cap.trim().toLowerCase() === 'off') patch.frequencyCap = null;
    else if (m && windowMs !== null && Number(m[1]) >= 1) patch.frequencyCap = { max: Number(m[1]), windowMs };
    else throw CliError.of('rules.badCap', { value: cap });
  }
  const sig = v('require-signature');
  if (sig !== undefined) patch.requireSignature = onOff('require-signature', sig);
  const list = (raw: string | undefined) => (raw === undefined ? undefined : raw.split(/[,，]/).map((w) => w.trim()).filter((w) => w !== ''));
  const sensitive = list(v('sensitive-words'));
  if (sensitive) patch.sensitiveWords = sensitive;
  const optOut = list(v('opt-out-keywords'));
  if (optOut) patch.optOutKeywords = optOut;
  const optIn = list(v('opt-in-keywords'));
  if (optIn) patch.optInKeywords = optIn;
  const outReply = v('opt-out-confirmation');
  if (outReply !== undefined) patch.optOutConfirmation = outReply;
  const inReply = v('opt-in-confirmation');
  if (inReply !== undefined) patch.optInConfirmation = inReply;
  for (const [flag, key] of [['mo-reassembly-timeout', 'moReassemblyTimeoutMs'], ['report-sweep-interval', 'reportSweepIntervalMs']] as const) {
    const raw = v(flag);
    if (raw === undefined) continue;
    const ms = durationMs(raw);
    if (ms === null) throw CliError.of('rules.badDuration', { flag, value: raw });
    patch[key] = ms;
  }
  return patch;
}

const validHhmm = (s: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(s);

function onOff(flag: string, raw: string): boolean {
  const s = raw.trim().toLowerCase();
  if (s === 'on' || s === 'yes' || s === 'true') return true;
  if (s === 'off' || s === 'no' || s === 'false') return false;
  throw CliError.of('rules.badSwitch', { flag, value: raw });
}

const UNITS: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];

/** "90s", "6h", "1d", "500ms" -> milliseconds; null when not a positive duration. */
export function durationMs(raw: string): number | null {
  const m = /^\s*(\d+)\s*(ms|s|m|h|d)\s*$/.exec(raw);
  if (!m || Number(m[1]) === 0) return null;
  return Number(m[1]) * UNITS.find(([u]) => u === m[2])![1];
}

/** The largest unit that divides the duration: 86400000 -> "1d", 90000 -> "90s". */
export function durationText(ms: number): string {
  const [unit, size] = UNITS.find(([, n]) => ms % n === 0)!;
  return `${ms / size}${unit}`;
}

function print(s: SendingSettings, json: boolean, out: (l: string) => void, texts: Texts): void {
  if (json) {
    out(toJson(s));
    return;
  }
  const { t } = texts;
  const words = (w: string[]) => (w.length ? w.join(', ') : t('rules.none'));
  const reply = (r: string) => (r === '' ? t('rules.none') : r);
  const known: Record<string, [CliTextKey, string]> = {
    quietHours: ['rules.quietHours', s.quietHours ? `${s.quietHours.start}-${s.quietHours.end}` : t('rules.off')],
    frequencyCap: ['rules.frequencyCap', s.frequencyCap ? t('rules.capValue', { max: s.frequencyCap.max, window: durationText(s.frequencyCap.windowMs) }) : t('rules.off')],
    requireSignature: ['rules.requireSignature', t(s.requireSignature ? 'rules.yes' : 'rules.no')],
    sensitiveWords: ['rules.sensitiveWords', words(s.sensitiveWords)],
    optOutKeywords: ['rules.optOutKeywords', words(s.optOutKeywords)],
    optInKeywords: ['rules.optInKeywords', words(s.optInKeywords)],
    optOutConfirmation: ['rules.optOutConfirmation', reply(s.optOutConfirmation)],
    optInConfirmation: ['rules.optInConfirmation', reply(s.optInConfirmation)],
    moReassemblyTimeoutMs: ['rules.moReassemblyTimeout', durationText(s.moReassemblyTimeoutMs)],
    reportSweepIntervalMs: ['rules.reportSweepInterval', durationText(s.reportSweepIntervalMs)],
  };
  // Rules added later than this table still show, under their own name.
  const rows = Object.entries(s).map(([k, value]) => (known[k] ? [t(known[k][0]), known[k][1]] : [k, JSON.stringify(value)]));
  tableWithoutHead(rows, out);
}

function tableWithoutHead(rows: string[][], out: (l: string) => void): void {
  const lines: string[] = [];
  table(['', ''], rows, (l) => lines.push(l));
  for (const l of lines.slice(1)) out(l);
}
