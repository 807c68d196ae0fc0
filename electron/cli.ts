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
    summary: 'simulator [--port 7890] [--sp-id 900001] [--secret 888888] [--version 2.0|3.0]   run the ISMG simulator',
    load: async () => (await import('./cli/simulator.js')).runSimulatorCommand,
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
