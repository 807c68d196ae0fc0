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
      if (eq >= 0) throw CliError.of('error.takesNoValue', { flag: name });
      booleans.add(name);
    } else if (valueFlags.has(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw CliError.of('error.needsValue', { flag: name });
      values.set(name, value);
    } else {
      throw CliError.of('error.unknownOption', { flag: name });
    }
  }
  return { positional, values, booleans };
}

export function intFlag(args: ParsedArgs, name: string, fallback: number, min: number, max: number): number {
  const raw = args.values.get(name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw CliError.of('error.wholeNumber', { flag: name, value: raw });
  const n = Number(raw);
  if (n < min || n > max) throw CliError.of('error.outOfRange', { flag: name, min, max, value: n });
  return n;
}

/** The value of a required flag, non-empty. */
export function requiredFlag(args: ParsedArgs, name: string): string {
  const v = args.values.get(name);
  if (v === undefined || v === '') throw CliError.of('error.required', { flag: name });
  return v;
}

/** Commands that take no positional arguments refuse the first one. */
export function noPositional(args: ParsedArgs): void {
  if (args.positional.length) throw CliError.of('error.unexpectedArgument', { value: args.positional[0]! });
}
