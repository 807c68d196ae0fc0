// `npm run web -- [--port N] [--data-dir D] [--demo] [--no-open]`: browser mode from the command
// line. Prints the address to open (one `CMPP Desk: <url>` line), opens the system's browser where
// there is one, and runs until SIGINT/SIGTERM, then stops like quitting the desktop app does.
// Every failure is one line on stderr and a non-zero exit; never a stack trace.
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { startWebServer, type WebServer } from './server.js';

export interface WebArgs {
  port?: number;
  dataDir?: string;
  demo: boolean;
  open: boolean;
}

export const WEB_USAGE = 'usage: npm run web -- [--port N] [--data-dir DIR] [--demo] [--no-open]';

export function parseWebArgs(argv: readonly string[]): WebArgs {
  const args: WebArgs = { demo: false, open: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value (${WEB_USAGE})`);
      return v;
    };
    if (flag === '--port') {
      const v = value();
      const port = Number(v);
      if (!/^\d+$/.test(v) || port > 65535) throw new Error(`--port must be a number from 0 to 65535, got ${JSON.stringify(v)}`);
      args.port = port;
    } else if (flag === '--data-dir') args.dataDir = value();
    else if (flag === '--demo') args.demo = true;
    else if (flag === '--no-open') args.open = false;
    else throw new Error(`unknown option ${JSON.stringify(a)} (${WEB_USAGE})`);
  }
  return args;
}

/** Opens `url` in the system's browser if there is one; quietly does nothing otherwise. */
export function openBrowser(url: string): void {
  const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  if (headless) return;
  // Windows: `start`'s first quoted argument is a window title, hence the empty one.
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true, windowsHide: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No opener on this machine: the printed address is enough.
  }
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/** Runs browser mode until a signal; resolves with the exit code. */
export async function runWeb(argv: readonly string[]): Promise<number> {
  let args: WebArgs;
  try {
    args = parseWebArgs(argv);
  } catch (error) {
    console.error(`CMPP Desk: ${oneLine(error)}`);
    return 2;
  }
  let server: WebServer;
  try {
    server = await startWebServer({
      ...(args.port !== undefined ? { port: args.port } : {}),
      ...(args.dataDir !== undefined ? { dataDir: args.dataDir } : {}),
      demo: args.demo,
      // A renderer built elsewhere (the launcher's tests serve a small one instead of building).
      ...(process.env.CMPP_DESK_RENDERER ? { rendererRoot: process.env.CMPP_DESK_RENDERER } : {}),
    });
  } catch (error) {
    console.error(`CMPP Desk could not start: ${oneLine(error)}`);
    return 1;
  }
  console.log(`Browser mode: data in ${server.dataDir}; listening on ${server.origin} (this machine only). Stop with Ctrl+C.`);
  console.log(`CMPP Desk: ${server.url}`);
  if (args.open) openBrowser(server.url);
  return new Promise<number>((resolveExit) => {
    let stopping = false;
    const stop = (code: number, why: string) => {
      // A Ctrl+C reaches every process of the terminal's group, and npm or tsx may relay it once
      // more: later signals are the same request, and the stop is bounded anyway.
      if (stopping) return;
      stopping = true;
      console.log(`CMPP Desk: stopping (${why}): settling in-flight messages, closing the gateways and the database...`);
      server.close().then(
        () => resolveExit(code),
        (error: unknown) => {
          console.error(`CMPP Desk: stop failed: ${oneLine(error)}`);
          resolveExit(1);
        },
      );
    };
    process.on('SIGINT', () => stop(0, 'SIGINT'));
    process.on('SIGTERM', () => stop(0, 'SIGTERM'));
    process.on('SIGHUP', () => stop(0, 'SIGHUP'));
    process.on('uncaughtException', (error) => {
      console.error(`CMPP Desk: unexpected error: ${oneLine(error)}`);
      stop(1, 'unexpected error');
    });
    // `npm start` runs us under `sh -c`, and a SIGTERM sent to npm alone kills that shell without
    // passing it on: the parent going away is the same request to stop (nobody else would).
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) stop(0, 'the process that started CMPP Desk has gone');
    }, 250).unref();
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void runWeb(process.argv.slice(2)).then((code) => process.exit(code));
}
