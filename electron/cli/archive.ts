// `archive show | set | run`: the delivery log's retention (Settings, "Log retention") from the
// CLI: how many months stay live, how freed space is reclaimed, each archived or waiting month (and
// whether its archive, written by another version, awaits its upgrade or cannot be read);
// `run` archives the due months now in this process (under the same lease as the app's background
// runs, so two processes never archive one database at once).
import type { RetentionView } from '../../shared/ipc/contract/settings.js';
import { SettingsError } from '../services/settings/settings.js';
import { ioOf, table, type CliIo } from './account.js';
import { noPositional, parseArgs } from './args.js';
import { toJson, withWorkspace } from './context.js';
import { CliError } from './errors.js';
import type { Texts } from './texts.js';

export const ARCHIVE_USAGE = `usage:
  archive show [--json] [--db PATH]                  months kept live, how freed space is reclaimed, the archived months
  archive set --keep-months N [--json] [--db PATH]   keep the current month and N before it live (0..120, 0 = archiving off)
  archive run [--json] [--db PATH]                   archive the months due now (waits until done)
  archives are files beside the database (<db>.archive-YYYY-MM.sqlite); the Delivery log and exports search them
  (an archive written by an older version is upgraded by the next run, and searched once upgraded)`;

export async function runArchiveCommand(argv: string[], io: CliIo = {}): Promise<number> {
  const { out, texts } = ioOf(io);
  const [sub, ...rest] = argv;
  const a = parseArgs(rest, { values: ['db', 'keep-months'], booleans: ['json'] });
  noPositional(a);
  const json = a.booleans.has('json');
  if (sub === 'show') return withWorkspace(a, (ws) => print(ws.archive.view(), json, out, texts));
  if (sub === 'set') {
    const raw = a.values.get('keep-months');
    if (raw === undefined) throw CliError.of('archive.nothingToSet');
    if (!/^\d{1,3}$/.test(raw.trim()) || Number(raw) > 120) throw CliError.of('archive.badMonths', { value: raw });
    return withWorkspace(a, (ws) => {
      let view: RetentionView;
      try {
        view = ws.archive.setKeepMonths(Number(raw));
      } catch (e) {
        if (e instanceof SettingsError) throw CliError.engine(e, 2);
        throw e;
      }
      if (!json) out(texts.t('archive.saved'));
      return print(view, json, out, texts);
    });
  }
  if (sub === 'run') {
    return withWorkspace(a, async (ws) => {
      if (!(await ws.archive.runNow())) throw CliError.of('archive.busy', {}, 1);
      if (!json) out(texts.t('archive.ran'));
      return print(ws.archive.view(), json, out, texts);
    });
  }
  if (sub === undefined) throw CliError.of('error.missingSubcommand', { command: 'archive', known: 'show, set, run' });
  throw CliError.of('error.unknownSubcommand', { command: 'archive', sub, known: 'show, set, run' });
}

function print(view: RetentionView, json: boolean, out: (l: string) => void, texts: Texts): number {
  if (json) {
    out(toJson(view));
    return 0;
  }
  const t = texts.t;
  out(`${t('archive.keepMonths')}  ${view.keepMonths === 0 ? t('archive.off') : t('archive.keepValue', { months: view.keepMonths })}`);
  if (view.reclaim !== 'none') out(`${t('archive.reclaim')}  ${view.reclaim === 'incremental' ? t('archive.reclaimIncremental') : t('archive.reclaimReuse')}`);
  if (view.months.length === 0) {
    out(t('archive.none'));
    return 0;
  }
  table(
    t('archive.head').split('|'),
    view.months.map((m) => [
      m.month,
      [
        m.state === 'waiting' ? t('archive.state.waiting', { count: m.unfinished ?? 0 }) : m.state === 'failed' ? t('archive.state.failed', { error: m.error ?? '' }) : t(`archive.state.${m.state}`),
        ...(m.upgrade === undefined ? [] : [t(`archive.upgrade.${m.upgrade}`, { error: m.error ?? '' })]),
      ].join('; '),
      m.messages === undefined ? '' : String(m.messages),
      m.file === undefined ? '' : m.present === false ? t('archive.missing', { file: m.file }) : m.file,
    ]),
    out,
  );
  return 0;
}
