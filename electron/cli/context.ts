// What every CLI command over the engine shares: where the database lives, how it is opened, and
// how a secret is taken. The CLI uses the same per-user data directory as the app, so a scheduled
// `campaign start` and the desktop app work on the same database (the pump lease keeps them from
// sending twice).
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LocalKeyCipher } from '../store/cipher.js';
import { StoreError } from '../store/errors.js';
import { defaultDataDir } from '../store/data-dir.js';
import { openSupportLog } from '../services/support/support-log-file.js';
import { Workspace, type WorkspaceOptions } from '../services/workspace.js';
import type { ParsedArgs } from './args.js';
import { CliError } from './errors.js';

export { PRODUCT_NAME, defaultDataDir } from '../store/data-dir.js';

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  return join(defaultDataDir(env, platform), 'cmpp-desk.db');
}

/** `--db PATH`, else the default database. */
export function dbPathFrom(args: ParsedArgs): string {
  const p = args.values.get('db');
  if (p !== undefined && p.trim() === '') throw CliError.of('db.needsPath');
  return p !== undefined ? resolve(p) : defaultDbPath();
}

/**
 * Opens the workspace for a CLI command (`--db PATH` honoured). The cipher is the store's
 * LocalKeyCipher with its key file beside the database (`<db>.key`, mode 0600): the clearly named
 * CLI alternative to the app's safeStorage. The key file is created with the database.
 *
 * The support log is `<db folder>/logs/cli.log` (the app's `desk.log` sits beside it when the
 * CLI uses the app's database), at the level saved there from the app's Settings. Its entries are
 * held in memory until the database opened: a folder whose file is not ours gets nothing created.
 */
export function openCliWorkspace(args: ParsedArgs, extra: Partial<Omit<WorkspaceOptions, 'dbPath' | 'cipher'>> = {}): Workspace {
  const dbPath = dbPathFrom(args);
  const log = openSupportLog(dirname(dbPath), { name: 'cli', hold: true });
  try {
    mkdirSync(dirname(dbPath), { recursive: true, mode: 0o700 });
    const cipher = LocalKeyCipher.besideDatabase(dbPath);
    const ws = Workspace.open({ dbPath, cipher, actor: `cli:${process.env.USER ?? process.env.USERNAME ?? 'unknown'}`, log, onClosed: () => log.close(), ...extra });
    log.release();
    return ws;
  } catch (e) {
    void log.close();
    if (e instanceof CliError) throw e;
    // These already name the cause and the path in full (English); Chinese says the cause by its code.
    if (e instanceof StoreError && (e.code === 'not-ours' || e.code === 'read-only' || e.code === 'schema-too-new')) throw CliError.engine(e, 1);
    throw CliError.of('db.cannotOpen', { path: dbPath, reason: (e as Error).message }, 1);
  }
}

/**
 * The gateway secret: `--secret-env VAR` reads it from the environment (a secret on the command
 * line shows in the process list); `--secret X` stays for tests. Exactly one is required.
 */
export function secretFrom(args: ParsedArgs, env: NodeJS.ProcessEnv = process.env): string {
  const direct = args.values.get('secret');
  const varName = args.values.get('secret-env');
  if (direct !== undefined && varName !== undefined) throw CliError.of('secret.both');
  if (varName !== undefined) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(varName)) throw CliError.of('secret.badVar', { value: varName });
    const v = env[varName];
    if (v === undefined || v === '') throw CliError.of('secret.unset', { name: varName });
    return v;
  }
  if (direct !== undefined) {
    if (direct === '') throw CliError.of('secret.empty');
    return direct;
  }
  throw CliError.of('secret.required');
}

/** Flags every engine command accepts. */
export const COMMON_VALUE_FLAGS = ['db'] as const;

/** Runs fn with an open workspace and always closes it. */
export async function withWorkspace<T>(args: ParsedArgs, fn: (ws: Workspace) => Promise<T> | T, extra?: Partial<Omit<WorkspaceOptions, 'dbPath' | 'cipher'>>): Promise<T> {
  const ws = openCliWorkspace(args, extra);
  try {
    return await fn(ws);
  } catch (e) {
    // Bad input is the operator's business; anything else is support's, with its stack.
    if (!(e instanceof CliError)) ws.supportLog.error('cli-command-failed', {}, e);
    throw e;
  } finally {
    await ws.close();
  }
}

/** JSON with bigint Msg_Ids as decimal strings (JSON-safe: JSON has no 64-bit integers). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
}
