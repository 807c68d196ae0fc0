// The headless entry point: `npm run cli -- <command> ...`.
// Every command lives in electron/cli/<command>.ts and returns its exit code; bad input prints one
// line to stderr and exits non-zero (2 for usage errors, 1 for failures).
import { CliError } from './cli/errors.js';

type Command = (argv: string[]) => Promise<number>;

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  pdu: {
    summary: 'pdu decode <hex> | pdu encode <json>   decode or encode a CMPP PDU',
    load: async () => (await import('./cli/pdu.js')).runPduCommand,
  },
  simulator: {
    summary: 'simulator --sp-id S --secret X [--port 7890] [--version 2.0|3.0] ...   run the ISMG simulator (simulator --help)',
    load: async () => (await import('./cli/simulator.js')).runSimulatorCommand,
  },
  account: {
    summary: 'account add --name N --host H --port P --sp-id S --secret-env VAR --version 2.0|3.0 --service-id ID --src-id SRC ... | account list [--json]',
    load: async () => (await import('./cli/account.js')).runAccountCommand,
  },
  campaign: {
    summary: 'campaign create|start|pause|resume|cancel|status|list|in-doubt|resend|drop ...   (campaign --help)',
    load: async () => (await import('./cli/campaign.js')).runCampaignCommand,
  },
  send: {
    summary: 'send --host H --port P --sp-id S --secret-env VAR --version V --service-id ID --src-id SRC --to N1,N2 --text T [--wait-reports] [--json]',
    load: async () => (await import('./cli/send.js')).runSendCommand,
  },
  inbox: {
    summary: 'inbox [--number N] [--unhandled] [--json] [--db PATH]   MO conversations and messages; --mark-handled IDS',
    load: async () => (await import('./cli/inbox.js')).runInboxCommand,
  },
  query: {
    summary: 'query --account ID [--service-id ID] [--date YYYYMMDD] [--json]   gateway counters via CMPP_QUERY',
    load: async () => (await import('./cli/query.js')).runQueryCommand,
  },
  contacts: {
    summary: 'contacts import --group G --file F [--dry-run] [--json] | contacts export --group G --out F [--format csv|xlsx]   CSV (UTF-8/GBK) or XLSX',
    load: async () => (await import('./cli/contacts.js')).runContactsCommand,
  },
  export: {
    summary: 'export --format csv|xlsx --out FILE [--campaign ID] [--state S,...] [--from D --to D] [--number N]   delivery-log export',
    load: async () => (await import('./cli/export.js')).runExportCommand,
  },
};

function usage(): string {
  return ['usage: npm run cli -- <command> [options]', '', 'commands:', ...Object.values(commands).map((c) => `  ${c.summary}`)].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`error: unknown command '${name}' (try --help)`);
    return 2;
  }
  try {
    return await (await command.load())(rest);
  } catch (err) {
    if (err instanceof CliError) {
      console.error(`error: ${err.message}`);
      return err.exitCode;
    }
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

// Run only when executed directly, so tests can import main().
const invokedPath = process.argv[1] ? new URL(`file://${process.argv[1]}`).pathname : '';
if (invokedPath.endsWith('/electron/cli.ts') || invokedPath.endsWith('/cli.cjs') || invokedPath.endsWith('/cli.js')) {
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
