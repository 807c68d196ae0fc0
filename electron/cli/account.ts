// `account add ...` and `account list [--json]`: gateway accounts in the workspace database.
import type { AccountInput } from '../store/accounts.js';
import { StoreError } from '../store/errors.js';
import { intFlag, parseArgs, type ParsedArgs } from './args.js';
import { secretFrom, toJson, withWorkspace } from './context.js';
import { CliError } from './errors.js';
import { ACCOUNT_LIMITS } from '../../shared/account-defaults.js';
import type { Locale } from '../../shared/ipc/locale.js';
import { localeFromEnv } from './lang.js';
import { textsFor, type Texts } from './texts.js';

export const ACCOUNT_USAGE = `usage:
  account add --name N --host H --port P --sp-id S (--secret-env VAR | --secret X) --version 2.0|3.0
              --service-id ID --src-id SRC [--rate R] [--window W] [--connections K] [--dest-per-submit D]
              [--signature 【签名】] [--signature-position prefix|suffix] [--gateway-appends TEXT]
              [--fee-type 01] [--fee-code 0] [--fee-user-type 2] [--fee-terminal-id N] [--no-report]
              [--max-segments N] [--gbk] [--report-wait-hours H] [--response-timeout-ms T] [--json] [--db PATH]
  account list [--json] [--db PATH]`;

export interface CliIo {
  out?: (line: string) => void;
  err?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /** The language of human output (`--lang`, taken off the command line by main); else the environment's. */
  lang?: Locale;
}

export function ioOf(io: CliIo): Required<CliIo> & { texts: Texts } {
  const env = io.env ?? process.env;
  const lang = io.lang ?? localeFromEnv(env);
  return {
    out: io.out ?? ((l) => process.stdout.write(`${l}\n`)),
    err: io.err ?? ((l) => process.stderr.write(`${l}\n`)),
    env,
    lang,
    texts: textsFor(lang),
  };
}

export async function runAccountCommand(argv: string[], io: CliIo = {}): Promise<number> {
  const { out, env, texts } = ioOf(io);
  const [sub, ...rest] = argv;
  if (sub === 'add') return add(rest, out, env);
  if (sub === 'list') return list(rest, out, texts);
  if (sub === '--help' || sub === 'help') {
    out(ACCOUNT_USAGE);
    return 0;
  }
  if (sub) throw CliError.of('error.unknownSubcommand', { command: 'account', sub, known: 'add, list' });
  throw new CliError(`missing account command\n${ACCOUNT_USAGE}`, 2, { key: 'error.missingSubcommand', params: { command: 'account', known: 'add, list' } });
}

function required(a: ParsedArgs, name: string): string {
  const v = a.values.get(name);
  if (v === undefined || v === '') throw CliError.of('error.required', { flag: name });
  return v;
}

async function add(argv: string[], out: (l: string) => void, env: NodeJS.ProcessEnv): Promise<number> {
  const a = parseArgs(argv, {
    values: [
      'db', 'name', 'host', 'port', 'sp-id', 'secret', 'secret-env', 'version', 'service-id', 'src-id', 'rate', 'window',
      'connections', 'dest-per-submit', 'signature', 'signature-position', 'gateway-appends', 'fee-type', 'fee-code',
      'fee-user-type', 'fee-terminal-id', 'max-segments', 'report-wait-hours', 'response-timeout-ms',
    ],
    booleans: ['json', 'no-report', 'gbk'],
  });
  if (a.positional.length) throw CliError.of('error.unexpectedArgument', { value: a.positional[0]! });
  const version = required(a, 'version');
  if (version !== '2.0' && version !== '3.0') throw CliError.of('account.badVersion', { value: version });
  const secret = secretFrom(a, env);
  const position = a.values.get('signature-position');
  if (position !== undefined && position !== 'prefix' && position !== 'suffix') throw CliError.of('account.badPosition', { value: position });
  // Range checks of the store apply (e.g. --dest-per-submit 1..99, docs/protocol.md "Group sends"); the flag parser only
  // makes sure a number is a number, so the store's message names the rule.
  const input: AccountInput = {
    name: required(a, 'name'),
    host: required(a, 'host'),
    port: intFlag(a, 'port', 0, ACCOUNT_LIMITS.port.min, ACCOUNT_LIMITS.port.max),
    version,
    spId: required(a, 'sp-id'),
    secret,
    serviceId: required(a, 'service-id'),
    srcId: required(a, 'src-id'),
    ...opt('rate', num(a, 'rate')),
    ...opt('window', num(a, 'window')),
    ...opt('connections', num(a, 'connections')),
    ...opt('destsPerSubmit', num(a, 'dest-per-submit')),
    ...opt('signature', a.values.get('signature')),
    ...opt('signaturePosition', position as 'prefix' | 'suffix' | undefined),
    ...opt('gatewayAppends', a.values.get('gateway-appends')),
    ...opt('feeType', a.values.get('fee-type')),
    ...opt('feeCode', a.values.get('fee-code')),
    ...opt('feeUserType', num(a, 'fee-user-type')),
    ...opt('feeTerminalId', a.values.get('fee-terminal-id')),
    ...opt('maxSegments', num(a, 'max-segments')),
    ...opt('responseTimeoutMs', num(a, 'response-timeout-ms')),
    ...opt('reportWaitMs', a.values.has('report-wait-hours') ? num(a, 'report-wait-hours')! * 3600_000 : undefined),
    ...(a.booleans.has('no-report') ? { registeredDelivery: 0 } : {}),
    ...(a.booleans.has('gbk') ? { useGbk: true } : {}),
  };
  if (!a.values.has('port')) throw CliError.of('error.required', { flag: 'port' });
  return withWorkspace(a, (ws) => {
    let account;
    try {
      account = ws.store.accounts.create(input, ws.now());
    } catch (e) {
      if (e instanceof StoreError) throw CliError.engine(e);
      throw e;
    }
    ws.store.audit.append({ actor: ws.actor, action: 'account.create', accountId: account.id, details: { name: account.name, host: account.host, port: account.port } });
    out(a.booleans.has('json') ? toJson(account) : String(account.id));
    return 0;
  });
}

async function list(argv: string[], out: (l: string) => void, texts: Texts): Promise<number> {
  const a = parseArgs(argv, { values: ['db'], booleans: ['json'] });
  if (a.positional.length) throw CliError.of('error.unexpectedArgument', { value: a.positional[0]! });
  return withWorkspace(a, (ws) => {
    const accounts = ws.store.accounts.list();
    if (a.booleans.has('json')) {
      out(toJson(accounts));
      return 0;
    }
    if (accounts.length === 0) {
      out(texts.t('account.none'));
      return 0;
    }
    const rows = accounts.map((x) => [
      String(x.id), x.name, `${x.host}:${x.port}`, x.version, x.spId, x.srcId, x.serviceId,
      String(x.connections), String(x.window), String(x.rate), String(x.destsPerSubmit), x.signature,
    ]);
    const col = (k: 'id' | 'name' | 'gateway' | 'ver' | 'conns' | 'W' | 'rate' | 'dests' | 'signature') => texts.t(`account.col.${k}`);
    table([col('id'), col('name'), col('gateway'), col('ver'), 'SP_Id', 'Src_Id', 'Service_Id', col('conns'), col('W'), col('rate'), col('dests'), col('signature')], rows, out);
    return 0;
  });
}

function num(a: ParsedArgs, name: string): number | undefined {
  const v = a.values.get(name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw CliError.of('error.wholeNumber', { flag: name, value: v });
  return Number(v);
}

function opt<K extends string, V>(key: K, v: V | undefined): Partial<Record<K, V>> {
  return v === undefined ? {} : ({ [key]: v } as Record<K, V>);
}

/** A plain aligned table (CJK characters counted double-width). */
export function table(head: string[], rows: string[][], out: (l: string) => void): void {
  const width = (s: string) => [...s].reduce((n, c) => n + (/[\u1100-\uffef]/.test(c) ? 2 : 1), 0);
  const w = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(w[i]! - width(c))).join('  ').trimEnd();
  out(line(head));
  for (const r of rows) out(line(r));
}
