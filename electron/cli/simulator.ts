// `cmpp-desk simulator ...`: runs the built-in ISMG until SIGINT/SIGTERM (or the caller's abort
// signal), e.g. npm run cli -- simulator --port 7890 --sp-id 900001 --secret 888888 --version 2.0
import { readFileSync } from 'node:fs';
import { IsmgSimulator } from '../simulator/index.js';
import { ReportPolicy } from '../simulator/report-behaviour.js';
import type { MoRequest, ReportBehaviour, SimulatorOptions } from '../simulator/index.js';
import { intFlag, parseArgs, type ParsedArgs } from './args.js';
import { CliError } from './errors.js';
import { localeFromEnv } from './lang.js';
import { textsFor } from './texts.js';
import type { Locale } from '../../shared/ipc/locale.js';

export const SIMULATOR_USAGE = `usage: simulator --sp-id ID --secret SECRET [options]
  --port N                TCP port (default 7890; 0 = any free port)
  --host ADDR             address to bind (default 127.0.0.1)
  --version 2.0|3.0       account version (default 3.0)
  --ismg-code N           ISMG code in Msg_Ids (default 1)
  --report-delay-ms N|A-B report delay, fixed or uniform in A..B (default 0-1000)
  --stat-mix S=W,...      Stat weights, e.g. DELIVRD=0.9,UNDELIV=0.05,MK:0012=0.05 (default DELIVRD=1)
  --stat-for N=S,...      these destinations always get this Stat, e.g. 13800000002=UNDELIV
  --report-form 60|71|version   report content length (default version)
  --duplicate-rate F      fraction of reports sent twice
  --never-rate F          fraction of reports never sent
  --rate R                messages/s per account; above it SUBMIT_RESP Result 8
  --window N              outstanding requests tolerated per connection (default 16)
  --resend-ms N           resend an unacknowledged DELIVER after N ms (default 60000)
  --active-test-ms N      send ACTIVE_TEST after N idle ms (default 0 = never)
  --mo-every-ms N         send an MO every N ms
  --mo-from NUMBER        MO sender (default 13800138000)
  --mo-to NUMBER          MO Dest_Id (default the SP_Id)
  --mo-text TEXT          MO text (default: a rotation of samples incl. 退订, TD and a long message)
  --tls-key FILE --tls-cert FILE   serve TLS
  --verbose               log protocol problems to stderr`;

const SPEC = {
  values: [
    'port', 'host', 'sp-id', 'secret', 'version', 'ismg-code', 'report-delay-ms', 'stat-mix', 'stat-for', 'report-form',
    'duplicate-rate', 'never-rate', 'rate', 'window', 'resend-ms', 'active-test-ms', 'mo-every-ms', 'mo-from',
    'mo-to', 'mo-text', 'tls-key', 'tls-cert',
  ],
  booleans: ['verbose', 'help'],
} as const;

const SAMPLE_MOS = [
  '你好,请问有什么优惠?',
  '退订',
  'TD',
  'hello from the simulator',
  '这是一条很长的上行短信,用来检验长短信的拆分与重组:'.repeat(4),
];

export interface SimulatorCommandIo {
  /** Stops the simulator like SIGINT does (tests use it instead of a real signal). */
  signal?: AbortSignal;
  out?: (line: string) => void;
  err?: (line: string) => void;
  /** Called once it listens (tests read the port from it). */
  onStarted?: (sim: IsmgSimulator) => void;
  env?: NodeJS.ProcessEnv;
  /** The language of its own lines (`--lang`); the simulator's --verbose protocol trace stays as the spec spells it. */
  lang?: Locale;
}

/** argv = the arguments after the word `simulator`. Resolves to the exit code: 0 after a clean stop, 2 for bad flags, 1 when it cannot start. */
export async function runSimulatorCommand(argv: string[], io: SimulatorCommandIo = {}): Promise<number> {
  const out = io.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const err = io.err ?? ((l: string) => process.stderr.write(`${l}\n`));
  const lang = io.lang ?? localeFromEnv(io.env ?? process.env);
  const { t } = textsFor(lang);
  const say = (message: string) => err(t('simulator.line', { message }));
  let parsed: ParsedSimulatorArgs;
  try {
    parsed = parseSimulatorArgs(argv);
  } catch (e) {
    if (e instanceof CliError) {
      say(e.messageIn(lang));
      return e.exitCode;
    }
    throw e;
  }
  if (parsed.help) {
    out(SIMULATOR_USAGE);
    return 0;
  }
  const { options, mo } = parsed;
  if (parsed.verbose) options.log = (line) => err(line);
  let sim: IsmgSimulator;
  try {
    sim = await IsmgSimulator.start(options);
  } catch (e) {
    // The usual causes said in the operator's language; anything else as the system said it.
    const errno = (e as { code?: unknown } | null)?.code;
    if (errno === 'EADDRINUSE' || errno === 'EACCES') say(t(errno === 'EADDRINUSE' ? 'simulator.portInUse' : 'simulator.noPermission', { port: options.port ?? 7890 }));
    else say(t('simulator.cannotStart', { reason: e instanceof Error ? e.message : String(e) }));
    return 1;
  }
  const account = options.accounts[0]!;
  out(t('simulator.listening', { address: `${formatHost(sim.host)}:${sim.port}`, spId: account.spId, version: account.version }));
  io.onStarted?.(sim);

  let moTimer: NodeJS.Timeout | undefined;
  if (mo) {
    let i = 0;
    moTimer = setInterval(() => {
      const text = mo.text ?? SAMPLE_MOS[i++ % SAMPLE_MOS.length]!;
      sim.sendMo({ ...mo, text }).catch((e: unknown) => say(t('simulator.moFailed', { reason: String(e) })));
    }, mo.everyMs);
  }

  await new Promise<void>((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      io.signal?.removeEventListener('abort', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    if (io.signal?.aborted) done();
    else io.signal?.addEventListener('abort', done, { once: true });
  });
  if (moTimer) clearInterval(moTimer);
  await sim.stop();
  out(t('simulator.stopped'));
  return 0;
}

interface ParsedSimulatorArgs {
  options: SimulatorOptions;
  mo?: Omit<MoRequest, 'text'> & { text?: string; everyMs: number };
  verbose: boolean;
  help: boolean;
}

export function parseSimulatorArgs(argv: readonly string[]): ParsedSimulatorArgs {
  const a = parseArgs(argv, SPEC);
  if (a.positional.length) throw CliError.of('error.unexpectedArgument', { value: a.positional[0]! });
  if (a.booleans.has('help')) return { options: { accounts: [] }, verbose: false, help: true };
  const spId = required(a, 'sp-id');
  if (!/^[\x21-\x7e]{1,6}$/.test(spId)) throw CliError.of('simulator.badSpId', { value: spId });
  const secret = required(a, 'secret');
  const version = a.values.get('version') ?? '3.0';
  if (version !== '2.0' && version !== '3.0') throw CliError.of('account.badVersion', { value: version });
  const options: SimulatorOptions = {
    host: a.values.get('host') ?? '127.0.0.1',
    port: intFlag(a, 'port', 7890, 0, 65535),
    accounts: [{ spId, secret, version }],
    ismgCode: intFlag(a, 'ismg-code', 1, 0, 0x3fffff),
    window: intFlag(a, 'window', 16, 1, 1_000_000),
    deliverResendMs: intFlag(a, 'resend-ms', 60_000, 1, 86_400_000),
    activeTestIntervalMs: intFlag(a, 'active-test-ms', 0, 0, 86_400_000),
    // A long-running standalone gateway must not keep every PDU in memory.
    record: false,
  };
  if (a.values.has('rate')) options.rateLimit = positiveNumber(a, 'rate');
  const reports: ReportBehaviour = {};
  const delay = a.values.get('report-delay-ms');
  if (delay !== undefined) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(delay);
    if (!m || (m[2] !== undefined && Number(m[2]) < Number(m[1]))) throw CliError.of('simulator.badDelay', { value: delay });
    reports.delayMs = m[2] === undefined ? Number(m[1]) : { min: Number(m[1]), max: Number(m[2]) };
  }
  const mix = a.values.get('stat-mix');
  if (mix !== undefined) reports.statMix = parseStatMix(mix);
  const statFor = a.values.get('stat-for');
  if (statFor !== undefined) reports.statByNumber = parseStatFor(statFor);
  const form = a.values.get('report-form');
  if (form !== undefined) {
    if (form !== '60' && form !== '71' && form !== 'version') throw CliError.of('simulator.badForm', { value: form });
    reports.form = form === 'version' ? 'version' : (Number(form) as 60 | 71);
  }
  if (a.values.has('duplicate-rate')) reports.duplicateRate = fraction(a, 'duplicate-rate');
  if (a.values.has('never-rate')) reports.neverRate = fraction(a, 'never-rate');
  options.reports = reports;
  const key = a.values.get('tls-key');
  const cert = a.values.get('tls-cert');
  if ((key === undefined) !== (cert === undefined)) throw CliError.of('simulator.tlsPair');
  if (key !== undefined && cert !== undefined) options.tls = { key: readFlagFile('tls-key', key), cert: readFlagFile('tls-cert', cert) };
  let mo: ParsedSimulatorArgs['mo'];
  if (a.values.has('mo-every-ms')) {
    mo = {
      everyMs: intFlag(a, 'mo-every-ms', 0, 1, 86_400_000),
      spId,
      from: a.values.get('mo-from') ?? '13800138000',
      to: a.values.get('mo-to') ?? spId,
    };
    const text = a.values.get('mo-text');
    if (text !== undefined) {
      if (text === '') throw CliError.of('simulator.emptyMoText');
      mo.text = text;
    }
  } else {
    for (const f of ['mo-from', 'mo-to', 'mo-text']) if (a.values.has(f)) throw CliError.of('simulator.needsMoEvery', { flag: f });
  }
  // Let the simulator's own checks speak for everything else, as CLI errors.
  try {
    new ReportPolicy(reports);
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e));
  }
  return { options, mo, verbose: a.booleans.has('verbose'), help: false };
}

function parseStatFor(text: string): Record<string, string> {
  const byNumber: Record<string, string> = {};
  for (const part of text.split(',')) {
    // A number has no '=', a Stat may (any printable ASCII): split at the first one.
    const eq = part.indexOf('=');
    const number = part.slice(0, eq).trim();
    if (eq < 0 || !/^\d{1,21}$/.test(number)) throw CliError.of('simulator.badStatFor', { value: part });
    byNumber[number] = statOf('stat-for', part.slice(eq + 1));
  }
  return byNumber;
}

function parseStatMix(text: string): Record<string, number> {
  const mix: Record<string, number> = {};
  for (const part of text.split(',')) {
    // The Stat itself may contain ':' (MK:0012), so split at the last '='.
    const eq = part.lastIndexOf('=');
    const stat = eq < 0 ? part : part.slice(0, eq);
    const weight = eq < 0 ? '1' : part.slice(eq + 1);
    if (stat === '' || !/^\d+(\.\d+)?$/.test(weight)) throw CliError.of('simulator.badStatMix', { value: part });
    mix[statOf('stat-mix', stat)] = Number(weight);
  }
  if (!Object.values(mix).some((w) => w > 0)) throw CliError.of('simulator.mixNoWeight');
  return mix;
}

/** A Stat as the report carries it: 1 to 7 printable ASCII characters (DELIVRD, MK:0012). */
function statOf(flag: string, stat: string): string {
  if (!/^[\x21-\x7e]{1,7}$/.test(stat)) throw CliError.of('simulator.badStat', { flag, value: stat });
  return stat;
}

function required(a: ParsedArgs, name: string): string {
  const v = a.values.get(name);
  if (v === undefined || v === '') throw CliError.of('error.required', { flag: name });
  return v;
}

function positiveNumber(a: ParsedArgs, name: string): number {
  const raw = a.values.get(name)!;
  if (!/^\d+(\.\d+)?$/.test(raw) || !(Number(raw) > 0)) throw CliError.of('simulator.notPositive', { flag: name, value: raw });
  return Number(raw);
}

function fraction(a: ParsedArgs, name: string): number {
  const raw = a.values.get(name)!;
  const n = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || n > 1) throw CliError.of('simulator.notFraction', { flag: name, value: raw });
  return n;
}

function readFlagFile(name: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw CliError.of('simulator.cannotRead', { flag: name, path });
  }
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
