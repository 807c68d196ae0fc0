// The headless entry point: `npm run cli -- <command> ...`.
// Every command lives in electron/cli/<command>.ts and returns its exit code; bad input prints one
// line to stderr and exits non-zero (2 for usage errors, 1 for failures).
import type { CliIo } from './cli/account.js';
import { CliError, errorReport } from './cli/errors.js';
import { localeFromEnv, takeLangFlag } from './cli/lang.js';
import type { Locale } from '../shared/ipc/locale.js';

type Command = (argv: string[], io?: CliIo) => Promise<number>;

export interface CliCommand {
  summary: string;
  /** The subcommands it knows (empty when the command takes options only). */
  subcommands: readonly string[];
  /** The command's module, loaded on use so a short command does not pay for the others. */
  load: () => Promise<{ run: Command; usage: string }>;
}

export const commands: Record<string, CliCommand> = {
  pdu: {
    summary: 'pdu decode <hex> | pdu encode <json>   decode or encode a CMPP PDU',
    subcommands: ['decode', 'encode'],
    load: async () => {
      const m = await import('./cli/pdu.js');
      return { run: m.runPduCommand, usage: m.PDU_USAGE };
    },
  },
  simulator: {
    summary: 'simulator --sp-id S --secret X [--port 7890] [--version 2.0|3.0] ...   run the ISMG simulator (simulator --help)',
    subcommands: [],
    load: async () => {
      const m = await import('./cli/simulator.js');
      return { run: m.runSimulatorCommand, usage: m.SIMULATOR_USAGE };
    },
  },
  account: {
    summary: 'account add --name N --host H --port P --sp-id S --secret-env VAR --version 2.0|3.0 --service-id ID --src-id SRC ... | account list [--json]',
    subcommands: ['add', 'list'],
    load: async () => {
      const m = await import('./cli/account.js');
      return { run: m.runAccountCommand, usage: m.ACCOUNT_USAGE };
    },
  },
  campaign: {
    summary: 'campaign create|start|pause|resume|cancel|status|list|in-doubt|resend|drop|clone|delete ...   (campaign --help)',
    subcommands: ['create', 'start', 'pause', 'resume', 'cancel', 'status', 'list', 'in-doubt', 'resend', 'drop', 'clone', 'delete'],
    load: async () => {
      const m = await import('./cli/campaign.js');
      return { run: m.runCampaignCommand, usage: m.CAMPAIGN_USAGE };
    },
  },
  send: {
    summary: 'send --host H --port P --sp-id S --secret-env VAR --version V --service-id ID --src-id SRC --to N1,N2 --text T [--wait-reports] [--json]',
    subcommands: [],
    load: async () => {
      const m = await import('./cli/send.js');
      return { run: m.runSendCommand, usage: m.SEND_USAGE };
    },
  },
  inbox: {
    summary: 'inbox [--number N] [--unhandled] [--search T] [--campaign ID] [--json] [--db PATH]   MO conversations and messages; --mark-handled IDS; inbox reply',
    subcommands: ['reply'],
    load: async () => {
      const m = await import('./cli/inbox.js');
      return { run: m.runInboxCommand, usage: m.INBOX_USAGE };
    },
  },
  autoreply: {
    summary: 'autoreply list | add --match exact|prefix|pattern --keyword K --reply T [--account A] [--src-ext E] | delete --id N | on|off   keyword auto-replies to MOs',
    subcommands: ['list', 'add', 'delete', 'on', 'off'],
    load: async () => {
      const m = await import('./cli/autoreply.js');
      return { run: m.runAutoreplyCommand, usage: m.AUTOREPLY_USAGE };
    },
  },
  query: {
    summary: 'query --account ID [--service-id ID] [--date YYYYMMDD] [--json]   gateway counters via CMPP_QUERY',
    subcommands: [],
    load: async () => {
      const m = await import('./cli/query.js');
      return { run: m.runQueryCommand, usage: m.QUERY_USAGE };
    },
  },
  reconcile: {
    summary: 'reconcile --account ID [--date YYYY-MM-DD] [--json]   our day beside the gateway\'s CMPP_QUERY counters, differences explained',
    subcommands: [],
    load: async () => {
      const m = await import('./cli/reconcile.js');
      return { run: m.runReconcileCommand, usage: m.RECONCILE_USAGE };
    },
  },
  stats: {
    summary: 'stats [--from D] [--to D] [--days N] [--account ID] [--campaign ID|direct] [--by day|account|campaign|reason] [--json]   statistics by day, account, campaign, reason',
    subcommands: [],
    load: async () => {
      const m = await import('./cli/stats.js');
      return { run: m.runStatsCommand, usage: m.STATS_USAGE };
    },
  },
  contacts: {
    summary: 'contacts groups [--json] | contacts import --group G --file F [--dry-run] [--json] | contacts export --group G --out F [--format csv|xlsx]   CSV (UTF-8/GBK) or XLSX',
    subcommands: ['groups', 'import', 'export'],
    load: async () => {
      const m = await import('./cli/contacts.js');
      return { run: m.runContactsCommand, usage: m.CONTACTS_USAGE };
    },
  },
  archive: {
    summary: 'archive show [--json] | archive set --keep-months N | archive run   the delivery log\'s retention and its monthly archives (archive --help)',
    subcommands: ['show', 'set', 'run'],
    load: async () => {
      const m = await import('./cli/archive.js');
      return { run: m.runArchiveCommand, usage: m.ARCHIVE_USAGE };
    },
  },
  rules: {
    summary: 'rules show [--json] | rules set [--quiet-hours 22:00-08:00|off] [--frequency-cap 3/24h|off] ...   the sending rules of Settings (rules --help)',
    subcommands: ['show', 'set'],
    load: async () => {
      const m = await import('./cli/rules.js');
      return { run: m.runRulesCommand, usage: m.RULES_USAGE };
    },
  },
  template: {
    summary: 'template add --name N --text T | edit --id ID [--name N] [--text T] | list [--json] | show --id ID | delete --id ID   message templates with {merge} fields',
    subcommands: ['add', 'edit', 'list', 'show', 'delete'],
    load: async () => {
      const m = await import('./cli/template.js');
      return { run: m.runTemplateCommand, usage: m.TEMPLATE_USAGE };
    },
  },
  export: {
    summary: 'export --format csv|xlsx --out FILE [--campaign ID] [--state S,...] [--from D --to D] [--number N]   delivery-log export',
    subcommands: [],
    load: async () => {
      const m = await import('./cli/export.js');
      return { run: m.runExportCommand, usage: m.EXPORT_USAGE };
    },
  },
};

function usage(): string {
  return ['usage: npm run cli -- <command> [options]', '', 'commands:', ...Object.values(commands).map((c) => `  ${c.summary}`)].join('\n');
}

/** `--help`/`-h` anywhere before a `--` asks for the usage, whatever else is on the line. */
function asksForHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return argv[0] === 'help';
}

export async function main(argv: string[]): Promise<number> {
  let lang: Locale = localeFromEnv(process.env);
  try {
    const taken = takeLangFlag(argv);
    lang = taken.lang ?? lang;
    return await dispatch(taken.argv, lang, taken.lang);
  } catch (err) {
    const { line, code } = errorReport(err, lang);
    console.error(line);
    return code;
  }
}

/** `given` is an explicit --lang: commands default to the environment's language without it (files to Chinese). */
async function dispatch(argv: string[], lang: Locale, given: Locale | undefined): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) throw CliError.of('error.unknownCommand', { name });
  const { run, usage: commandUsage } = await command.load();
  if (asksForHelp(rest)) {
    console.log(commandUsage);
    return 0;
  }
  return await run(rest, given ? { lang: given } : {});
}

// Run only when executed directly, so tests can import main().
const invokedPath = process.argv[1] ? new URL(`file://${process.argv[1]}`).pathname : '';
if (invokedPath.endsWith('/electron/cli.ts') || invokedPath.endsWith('/cli.cjs') || invokedPath.endsWith('/cli.js')) {
  // A reader that stops early (`campaign list | head -2`) ends our output, not the command: the
  // command finishes its work and later writes go nowhere, instead of an EPIPE stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
    });
  }
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    },
  );
}
