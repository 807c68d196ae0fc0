// One support-log entry as one line of text:
//   2026-12-06T12:04:00.123+08:00 INFO  [4711] campaign-start {"campaign":3,"messages":3000}
// local time with its UTC offset (support compares it with the operator's clock), the level, the
// process id (the app and the CLI may share a folder), the event, then the fields and any error
// (name, message, code, stack) as ONE JSON object, so every entry stays on one line and parses.
//
// Redaction is decided here, by field NAME, at every depth:
// - secret-like names (secret, password, token, authenticator, ...) are never written, whatever
//   the level: support never needs them and a log is mailed around;
// - message-text-like names (text, content, body, ...) are written only at level debug, which the
//   operator turns on on purpose; recipients' messages are not support's business otherwise.
// Bytes are written as their length only. Values are bounded (long strings cut, deep objects
// summarised), so one entry can never blow up the file or the writer's memory.
import type { LogFields, LogLevel } from './support-log.js';
import { isoLocalText } from '../../../shared/time-format.js';

export const REDACTED = '[redacted]';

const SECRET_NAME = /secret|passw|pwd|token|credential|authenticator|private.?key|^key$|cipher.?key|shared.?key/i;
const TEXT_NAME = /text|content|body|^msg$|^message.?text$|^reply$|^sms$/i;

const MAX_STRING = 2000;
const MAX_DEPTH = 4;
const MAX_KEYS = 50;
const MAX_LINE = 16_384;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export function isTextName(name: string): boolean {
  return TEXT_NAME.test(name);
}

/** ISO-8601 local time with the offset, e.g. 2026-12-06T12:04:00.123+08:00. */
export const localTimestamp: (at: Date) => string = isoLocalText;

function cut(s: string): string {
  return s.length > MAX_STRING ? `${s.slice(0, MAX_STRING)}... (${s.length} chars)` : s;
}

function clean(value: unknown, debug: boolean, depth: number, seen: Set<object>): unknown {
  if (value === null || value === undefined) return value ?? null;
  switch (typeof value) {
    case 'string':
      return cut(value);
    case 'number':
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'function':
    case 'symbol':
      return `[${typeof value}]`;
  }
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof Error) return errorJson(value, debug, depth + 1, seen);
  const obj = value as object;
  if (seen.has(obj)) return '[circular]';
  if (depth >= MAX_DEPTH) return Array.isArray(obj) ? `[array of ${obj.length}]` : '[object]';
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      const out = obj.slice(0, MAX_KEYS).map((v) => clean(v, debug, depth + 1, seen));
      if (obj.length > MAX_KEYS) out.push(`... ${obj.length - MAX_KEYS} more`);
      return out;
    }
    const entries = value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v] as const) : Object.entries(obj);
    return cleanEntries(entries, debug, depth, seen);
  } finally {
    seen.delete(obj);
  }
}

function cleanEntries(entries: readonly (readonly [string, unknown])[], debug: boolean, depth: number, seen: Set<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const [k, v] of entries) {
    if (n++ >= MAX_KEYS) {
      out['...'] = `${entries.length - MAX_KEYS} more fields`;
      break;
    }
    if (v === undefined) continue;
    if (isSecretName(k)) out[k] = REDACTED;
    else if (!debug && isTextName(k)) out[k] = REDACTED;
    else out[k] = clean(v, debug, depth + 1, seen);
  }
  return out;
}

function errorJson(e: unknown, debug: boolean, depth: number, seen: Set<object>): unknown {
  if (!(e instanceof Error)) return clean(e, debug, depth, seen);
  const out: Record<string, unknown> = { name: e.name, message: cut(e.message) };
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (e.stack) out.stack = cut(e.stack);
  if (e.cause !== undefined && depth < MAX_DEPTH) out.cause = errorJson(e.cause, debug, depth + 1, seen);
  return out;
}

/** The JSON object of an entry's fields and error, redacted and bounded; '' when there is none. */
export function entryJson(fields: LogFields | undefined, error: unknown, debug: boolean): string {
  const body: Record<string, unknown> = fields ? cleanEntries(Object.entries(fields), debug, 0, new Set()) : {};
  if (error !== undefined) body.error = errorJson(error, debug, 1, new Set());
  if (Object.keys(body).length === 0) return '';
  let json: string;
  try {
    json = JSON.stringify(body);
  } catch (e) {
    json = JSON.stringify({ unprintable: e instanceof Error ? e.message : String(e) });
  }
  return json.length > MAX_LINE ? JSON.stringify({ truncated: json.slice(0, MAX_LINE) }) : json;
}

const EVENT = /^[A-Za-z0-9_.:-]{1,80}$/;

/** The whole line, newline included. */
export function formatLine(at: Date, level: LogLevel, event: string, fields: LogFields | undefined, error: unknown, debug: boolean): string {
  const name = EVENT.test(event) ? event : JSON.stringify(cut(event));
  const json = entryJson(fields, error, debug);
  return `${localTimestamp(at)} ${level.toUpperCase().padEnd(5)} [${process.pid}] ${name}${json ? ` ${json}` : ''}\n`;
}
