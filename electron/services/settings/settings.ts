// Workspace-wide settings: the sending rules checked at enqueue and by the pump, the
// opt-out / opt-in keywords the inbox uses, and the report wait sweep. Persisted as one JSON
// value in the database's `settings` table (migration 5), so the app and a CLI run share them.
import { CHINA_UTC_OFFSET_MINUTES } from '../../../shared/time-format.js';
import type { FrequencyCap, QuietHours, SendingRules } from '../../../shared/ipc/contract/settings.js';
import { SettingsTable } from '../../store/settings-table.js';
import type { Store } from '../../store/store.js';
import { DEFAULT_OPT_IN_KEYWORDS, DEFAULT_OPT_OUT_KEYWORDS } from '../inbox/opt-out-keywords.js';
import { detail, shownValue, type ErrorDetail } from '../../../shared/error-detail.js';

/** The store's connection (services never import the SQLite driver themselves). */
type Db = Store['db'];

export type { FrequencyCap, QuietHours, SendingRules };

/** The sending rules and the timers stored with them. */
export interface SendingSettings extends SendingRules {
  /** Incomplete long MOs become visible partial messages after this (docs/protocol.md "Long messages and encodings": hours). */
  moReassemblyTimeoutMs: number;
  /** How often the pump sweeps segments past their account's report wait into `unknown`. */
  reportSweepIntervalMs: number;
}

export const defaultSendingSettings: Readonly<SendingSettings> = Object.freeze({
  quietHours: null,
  frequencyCap: null,
  requireSignature: true,
  sensitiveWords: [],
  optOutKeywords: [...DEFAULT_OPT_OUT_KEYWORDS],
  optInKeywords: [...DEFAULT_OPT_IN_KEYWORDS],
  optOutConfirmation: '',
  optInConfirmation: '',
  moReassemblyTimeoutMs: 6 * 3600_000,
  reportSweepIntervalMs: 60_000,
});

export class SettingsError extends Error {
  readonly code = 'invalid-input';
  constructor(
    message: string,
    /** The rule broken, as data (shared/error-detail.ts), for the operator's language. */
    readonly detail?: ErrorDetail,
  ) {
    super(message);
    this.name = 'SettingsError';
  }
}

const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;

function words(v: unknown, what: string): string[] {
  if (!Array.isArray(v) || v.some((w) => typeof w !== 'string' || w.trim() === '')) {
    throw new SettingsError(`${what} must be a list of non-empty words`, detail(Array.isArray(v) ? 'empty' : 'expected-array', what));
  }
  return [...new Set((v as string[]).map((w) => w.trim()))];
}

function positive(v: unknown, what: string, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) {
    throw new SettingsError(`${what} must be an integer from 1 to ${max}, got ${String(v)}`, detail('out-of-range', what, { min: 1, max, value: shownValue(v) }));
  }
  return v;
}

/** Validates a complete settings object, returning a clean copy; throws SettingsError naming the field. */
export function validateSettings(s: SendingSettings): SendingSettings {
  let quietHours: QuietHours | null = null;
  if (s.quietHours !== null) {
    const q = s.quietHours;
    if (!q || typeof q !== 'object' || !hhmm.test(String(q.start)) || !hhmm.test(String(q.end))) {
      throw new SettingsError(`quiet hours must be {start, end} as HH:MM, got ${JSON.stringify(q)}`, detail('not-time-of-day', 'quietHours'));
    }
    if (q.start === q.end) throw new SettingsError('quiet hours start and end must differ (use null to turn them off)', detail('quiet-hours-same', 'quietHours'));
    quietHours = { start: q.start, end: q.end };
  }
  let frequencyCap: FrequencyCap | null = null;
  if (s.frequencyCap !== null) {
    const f = s.frequencyCap;
    if (!f || typeof f !== 'object') throw new SettingsError('frequency cap must be {max, windowMs} or null', detail('expected-object', 'frequencyCap'));
    frequencyCap = { max: positive(f.max, 'frequency cap max', 1_000_000), windowMs: positive(f.windowMs, 'frequency cap window (ms)', 365 * 86_400_000) };
  }
  if (typeof s.requireSignature !== 'boolean') throw new SettingsError('requireSignature must be true or false', detail('expected-boolean', 'requireSignature'));
  for (const k of ['optOutConfirmation', 'optInConfirmation'] as const) {
    if (typeof s[k] !== 'string') throw new SettingsError(`${k} must be text ('' for none)`, detail('expected-string', k));
  }
  const sensitiveWords = Array.isArray(s.sensitiveWords) && s.sensitiveWords.length === 0 ? [] : words(s.sensitiveWords, 'sensitive words');
  return {
    quietHours,
    frequencyCap,
    requireSignature: s.requireSignature,
    sensitiveWords,
    optOutKeywords: words(s.optOutKeywords, 'opt-out keywords'),
    optInKeywords: Array.isArray(s.optInKeywords) && s.optInKeywords.length === 0 ? [] : words(s.optInKeywords, 'opt-in keywords'),
    optOutConfirmation: s.optOutConfirmation,
    optInConfirmation: s.optInConfirmation,
    moReassemblyTimeoutMs: positive(s.moReassemblyTimeoutMs, 'MO reassembly timeout (ms)', 30 * 86_400_000),
    reportSweepIntervalMs: positive(s.reportSweepIntervalMs, 'report sweep interval (ms)', 86_400_000),
  };
}

const KEY = 'sending';

/**
 * The settings of one database, read as plain properties (`ws.settings.quietHours`) and changed
 * with `update()`, which validates the whole result and persists it in one statement.
 */
export class WorkspaceSettings implements Readonly<SendingSettings> {
  private value: SendingSettings;
  private readonly s: SettingsTable;

  constructor(db: Db, private readonly now: () => number = Date.now) {
    this.s = new SettingsTable(db);
    this.value = this.load();
  }

  /** Re-reads the stored settings (another process may have changed them). */
  reload(): SendingSettings {
    this.value = this.load();
    return this.snapshot();
  }

  snapshot(): SendingSettings {
    return structuredClone(this.value);
  }

  /** Validates and stores the merged settings; nothing changes when the result is invalid. */
  update(patch: Partial<SendingSettings>): SendingSettings {
    const next = validateSettings({ ...this.value, ...stripUndefined(patch) });
    this.s.put(KEY, JSON.stringify(next), this.now());
    this.value = next;
    return this.snapshot();
  }

  get quietHours(): QuietHours | null {
    return this.value.quietHours;
  }
  get frequencyCap(): FrequencyCap | null {
    return this.value.frequencyCap;
  }
  get requireSignature(): boolean {
    return this.value.requireSignature;
  }
  get sensitiveWords(): string[] {
    return this.value.sensitiveWords;
  }
  get optOutKeywords(): string[] {
    return this.value.optOutKeywords;
  }
  get optInKeywords(): string[] {
    return this.value.optInKeywords;
  }
  get optOutConfirmation(): string {
    return this.value.optOutConfirmation;
  }
  get optInConfirmation(): string {
    return this.value.optInConfirmation;
  }
  get moReassemblyTimeoutMs(): number {
    return this.value.moReassemblyTimeoutMs;
  }
  get reportSweepIntervalMs(): number {
    return this.value.reportSweepIntervalMs;
  }

  private load(): SendingSettings {
    const raw = this.s.get(KEY);
    if (raw === undefined) return structuredClone(defaultSendingSettings) as SendingSettings;
    // Fields added by later builds take their defaults; a stored value that no longer validates is
    // an error the operator must see, never silently replaced.
    return validateSettings({ ...structuredClone(defaultSendingSettings), ...(JSON.parse(raw) as Partial<SendingSettings>) });
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Minutes since midnight in China Standard Time (UTC+8, no daylight saving). */
export function chinaMinuteOfDay(at: number): number {
  return Math.floor(((at + CHINA_UTC_OFFSET_MINUTES * 60_000) % 86_400_000) / 60_000);
}

function minutes(t: string): number {
  return Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
}

/** When quiet hours are on at `at`, the time (ms) they end; otherwise null. */
export function quietHoursEnd(q: QuietHours | null, at: number): number | null {
  if (q === null) return null;
  const now = chinaMinuteOfDay(at);
  const start = minutes(q.start);
  const end = minutes(q.end);
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return null;
  const ahead = (end - now + 1440) % 1440 || 1440;
  // Round down to the start of the current minute, then add the minutes left.
  return at - (at % 60_000) + ahead * 60_000;
}

/**
 * Per-account counter of UDH concatenation references (docs/protocol.md "Long messages and encodings"), persisted so a restart does not
 * hand the same handset the same reference for its next long message. 8-bit references (the
 * 70-then-67 billing of the planner), cycling 0..255.
 */
export class ConcatRefCounter {
  private readonly s: SettingsTable;
  private readonly cache = new Map<number, number>();

  constructor(db: Db, private readonly now: () => number = Date.now) {
    this.s = new SettingsTable(db);
  }

  next(accountId: number): number {
    const key = `concat-ref.${accountId}`;
    let last = this.cache.get(accountId);
    if (last === undefined) {
      const raw = this.s.get(key);
      // First use: start at a random point, so two fresh databases do not march in step.
      last = raw === undefined ? Math.floor(Math.random() * 256) : Number(JSON.parse(raw)) & 0xff;
    }
    const ref = (last + 1) & 0xff;
    this.cache.set(accountId, ref);
    this.s.put(key, String(ref), this.now());
    return ref;
  }
}
