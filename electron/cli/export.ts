// `export --format csv|xlsx --out FILE [--campaign ID] [--state S,...] [--from D --to D]
//  [--number N] [--account NAME] [--lang zh-CN|en] [--form readable|machine] [--excel]
//  [--utc-offset MINUTES] [--json]`: the delivery log, one row per segment
// (electron/services/log/log-export.ts): readable in --lang (headers, states, Stat meanings,
// reasons) or codes for scripts (--form machine); --excel protects long digit strings in a CSV.
// Dates: YYYY-MM-DD (a whole day in the machine's zone: --to 2026-11-22 includes that day) or an
// ISO date-time (2026-11-22T08:00, 2026-11-22T08:00:00+08:00; --to is then exclusive).
import { checkPhone } from '../../shared/phone.js';
import { isMessageState, MessageStates, type MessageState } from '../../shared/message-state.js';
import type { LogFilter } from '../store/log/delivery-log.js';
import { parseArgs } from './args.js';
import type { CliIo } from './account.js';
import { abortOnInterrupt, cliErrorOf, formatFrom, langFrom } from './contacts.js';
import { toJson, withWorkspace } from './context.js';
import { CliError } from './errors.js';
import { EXPORT_FORMS, type ExportForm } from '../services/log/log-export-texts.js';

export const EXPORT_USAGE =
  'usage: export --format csv|xlsx --out FILE [--campaign ID] [--state S,...] [--from D --to D] [--number N] [--account NAME]\n' +
  '              [--lang zh-CN|en] [--form readable|machine] [--excel] [--utc-offset MINUTES] [--json] [--db PATH]\n' +
  '  --form machine  codes instead of words (column keys, states, Stat class, stored reasons, 1/0)\n' +
  '  --excel         CSV: a leading TAB on long digit strings (Msg_Id, Src_Id, FeeType, ...) so Excel keeps them exact';

/** A --from/--to value in ms; `end` makes a date-only value the end of that day (exclusive). */
export function parseDateFlag(name: string, raw: string, end: boolean): number {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const t = new Date(y, m - 1, d + (end ? 1 : 0));
    if (m < 1 || m > 12 || d < 1 || d > new Date(y, m, 0).getDate()) throw CliError.of('export.notDate', { flag: name, value: raw });
    return t.getTime();
  }
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/.test(raw)) {
    const t = Date.parse(raw.replace(' ', 'T'));
    if (Number.isFinite(t)) return t;
  }
  throw CliError.of('export.badDate', { flag: name, value: raw });
}

export async function runExportCommand(argv: string[], io: CliIo = {}): Promise<number> {
  const args = parseArgs(argv, {
    values: ['format', 'out', 'campaign', 'state', 'from', 'to', 'number', 'account', 'lang', 'form', 'utc-offset', 'db'],
    booleans: ['json', 'excel'],
  });
  if (args.positional.length) throw new CliError(`unexpected argument '${args.positional[0]}'\n${EXPORT_USAGE}`, 2, { key: 'error.unexpectedArgument', params: { value: args.positional[0]! } });
  const out = args.values.get('out');
  if (!out || out.trim() === '') throw new CliError(`--out is required\n${EXPORT_USAGE}`, 2, { key: 'error.required', params: { flag: 'out' } });
  const format = formatFrom(args, out);
  const lang = langFrom(args, io.lang);
  const form = args.values.get('form') ?? 'readable';
  if (!(EXPORT_FORMS as readonly string[]).includes(form)) throw CliError.of('export.badForm', { known: EXPORT_FORMS.join(', '), value: form });
  const protectLongNumbers = args.booleans.has('excel');
  if (protectLongNumbers && format !== 'csv') throw CliError.of('export.excelCsvOnly');
  const filter: LogFilter = {};
  const campaign = args.values.get('campaign');
  if (campaign !== undefined) {
    if (!/^\d+$/.test(campaign) || Number(campaign) < 1) throw CliError.of('export.badCampaign', { value: campaign });
    filter.campaignId = Number(campaign);
  }
  const states = args.values.get('state');
  if (states !== undefined) {
    const list = states.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const bad = list.filter((s) => !isMessageState(s));
    if (list.length === 0 || bad.length) throw CliError.of('export.badState', { known: MessageStates.join(', '), value: bad[0] ?? states });
    filter.states = list as MessageState[];
  }
  const from = args.values.get('from');
  const to = args.values.get('to');
  if (from !== undefined) filter.from = parseDateFlag('from', from, false);
  if (to !== undefined) filter.to = parseDateFlag('to', to, true);
  if (filter.from !== undefined && filter.to !== undefined && filter.from >= filter.to) throw CliError.of('export.fromAfterTo');
  const number = args.values.get('number');
  if (number !== undefined) {
    const p = checkPhone(number);
    if (!p.ok) throw CliError.of('export.badNumber', { value: number, problem: p.problem });
    filter.number = p.number;
  }
  const offset = args.values.get('utc-offset');
  let utcOffsetMinutes: number | 'local' = 'local';
  if (offset !== undefined) {
    if (!/^[+-]?\d+$/.test(offset) || Math.abs(Number(offset)) > 840) throw CliError.of('export.badOffset', { value: offset });
    utcOffsetMinutes = Number(offset);
  }
  const interrupt = abortOnInterrupt();
  try {
    return await withWorkspace(args, async (ws) => {
      if (filter.campaignId !== undefined) ws.store.campaigns.get(filter.campaignId); // not-found -> one-line error
      const account = args.values.get('account');
      if (account !== undefined) {
        const a = ws.store.accounts.findByName(account);
        if (!a) throw CliError.of('export.noAccount', { name: account }, 1);
        filter.accountId = a.id;
      }
      const r = await ws.io.exportDeliveryLog({
        format,
        out,
        filter,
        lang,
        form: form as ExportForm,
        protectLongNumbers,
        utcOffsetMinutes,
        signal: interrupt.signal,
      });
      if (args.booleans.has('json')) console.log(toJson({ file: r.file, format: r.format, rows: r.rows, messages: r.messages, sheets: r.sheets }));
      else console.log(`exported ${r.rows} row(s) (${r.messages} message(s)) to ${r.file}${r.sheets > 1 ? ` (${r.sheets} sheets)` : ''}`);
      return 0;
    });
  } catch (e) {
    throw cliErrorOf(e);
  } finally {
    interrupt.dispose();
  }
}
