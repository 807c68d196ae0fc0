// A small, strict flag parser shared by the CLI commands: unknown flags are errors, never ignored.
import { CliError } from './errors.js';

export interface FlagSpec {
  /** Flags taking a value, e.g. ['port', 'sp-id']. */
  values?: readonly string[];
  /** Boolean flags, e.g. ['json']. */
  booleans?: readonly string[];
}

export interface ParsedArgs {
  positional: string[];
  values: Map<string, string>;
  booleans: Set<string>;
}

export function parseArgs(argv: readonly string[], spec: FlagSpec): ParsedArgs {
  const values = new Map<string, string>();
  const booleans = new Set<string>();
  const positional: string[] = [];
  const valueFlags = new Set(spec.values ?? []);
  const boolFlags = new Set(spec.booleans ?? []);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '--') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (boolFlags.has(name)) {
      if (eq >= 0) throw new CliError(`--${name} takes no value`);
      booleans.add(name);
    } else if (valueFlags.has(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new CliError(`--${name} needs a value`);
      values.set(name, value);
    } else {
      throw new CliError(`unknown option --${name}`);
    }
  }
  return { positional, values, booleans };
}

export function intFlag(args: ParsedArgs, name: string, fallback: number, min: number, max: number): number {
  const raw = args.values.get(name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new CliError(`--${name} must be a whole number, got '${raw}'`);
  const n = Number(raw);
  if (n < min || n > max) throw new CliError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}
