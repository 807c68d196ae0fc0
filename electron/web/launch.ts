// `npm start` after the build: the desktop app when Electron's binary is installed, otherwise one
// line saying so (and how to get it, also where Electron's own downloads are unreachable) and the
// same workstation in browser mode. Arguments after `--` pass through to either. Never a stack
// trace: Electron's own launcher throws one when its binary is missing, so it is not used here.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runWeb } from './cli.js';

const repoRoot = resolve(import.meta.dirname, '../..');

export const ELECTRON_MISSING =
  'Electron is not installed, so CMPP Desk opens in your browser instead. For the desktop app run ' +
  '`node node_modules/electron/install.js` (where its downloads are unreachable: ' +
  '`ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ node node_modules/electron/install.js`), then npm start again.';

/** The Electron binary the electron package installed, or null; never throws. */
export function electronBinary(root = repoRoot): string | null {
  try {
    const dir = join(root, 'node_modules', 'electron');
    const name = readFileSync(join(dir, 'path.txt'), 'utf8').trim();
    if (name === '') return null;
    const bin = join(dir, 'dist', name);
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

function runElectron(bin: string, argv: readonly string[], root: string): Promise<number> {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(bin, ['.', ...argv], { cwd: root, stdio: 'inherit', env });
  const relay = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', relay);
  process.on('SIGTERM', relay);
  child.on('exit', () => {
    process.off('SIGINT', relay);
    process.off('SIGTERM', relay);
  });
  return new Promise((resolveExit) => {
    child.on('error', (error) => {
      console.error(`CMPP Desk: cannot start Electron (${error.message})`);
      resolveExit(1);
    });
    child.on('exit', (code, signal) => resolveExit(code ?? (signal ? 1 : 0)));
  });
}

/** `root`: the checkout whose node_modules/electron is looked at (tests pass a stand-in). */
export async function launch(argv: readonly string[], root = repoRoot): Promise<number> {
  const bin = electronBinary(root);
  if (bin) return runElectron(bin, argv, root);
  console.log(ELECTRON_MISSING);
  return runWeb(argv);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void launch(process.argv.slice(2)).then((code) => process.exit(code));
}
