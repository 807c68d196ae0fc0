// What exactly was wrong with an input, as data: a detail code (shared/error-codes.ts, DETAIL_CODES),
// the field it concerns and the figures of the rule (limit, value). It travels beside an error's code
// (the IPC envelope, the CLI's error line) so the UI and the CLI can say it in the operator's
// language (shared/i18n/error-text.ts); the error's English message stays for logs and `--lang en`.
import { isDetailCode, type DetailCode } from './error-codes.js';

export type DetailParams = Readonly<Record<string, string | number>>;

export interface ErrorDetail {
  readonly code: DetailCode;
  /** The field's identifier (`name`, `udhRefBits`, `account name`); the catalogues label it where they can. */
  readonly field?: string;
  readonly params?: DetailParams;
}

/** Bounds what a detail may carry across IPC: short strings and finite numbers only. */
const PARAM_CHARS = 200;

export function detail(code: DetailCode, field?: string, params?: Record<string, string | number | undefined>): ErrorDetail {
  const out: { code: DetailCode; field?: string; params?: Record<string, string | number> } = { code };
  if (field !== undefined) out.field = clip(field);
  if (params) {
    const kept: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(params)) {
      if (typeof v === 'number' && Number.isFinite(v)) kept[k] = v;
      else if (typeof v === 'string') kept[k] = clip(v);
    }
    out.params = kept;
  }
  return out;
}

/** An untrusted value as a detail shows it: a string clipped, a number as is, anything else its kind. */
export function shownValue(value: unknown): string | number {
  if (typeof value === 'string') return clip(value, 40);
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return String(value === null ? 'null' : Array.isArray(value) ? '[…]' : typeof value === 'object' ? '{…}' : typeof value);
}

function clip(s: string, max = PARAM_CHARS): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** The detail an error carries, when it carries a well-formed one (anything else: none). */
export function detailOf(error: unknown): ErrorDetail | undefined {
  const d = (error as { detail?: unknown } | null)?.detail;
  return isErrorDetail(d) ? d : undefined;
}

export function isErrorDetail(d: unknown): d is ErrorDetail {
  if (typeof d !== 'object' || d === null) return false;
  const { code, field, params } = d as { code?: unknown; field?: unknown; params?: unknown };
  if (!isDetailCode(code)) return false;
  if (field !== undefined && typeof field !== 'string') return false;
  if (params === undefined) return true;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return false;
  return Object.values(params).every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)));
}

/**
 * The field an IPC validation path names: its last segment, list indexes dropped
 * (`campaigns.create.numbers[3]` -> `numbers`); the call's whole argument (`composer.plan`, the
 * channel itself) is `argument`.
 */
export function fieldOfPath(path: string): string {
  const segments = path.replace(/\[\d+\]/g, '').split('.');
  return segments.length > 2 ? segments[segments.length - 1]! : 'argument';
}
