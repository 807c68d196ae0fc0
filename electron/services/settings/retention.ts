// The delivery log's retention: how many months stay in the live database before whole months
// move into archive files beside it (electron/store/archive/). Stored as its own JSON value in the
// settings table, so the app and a CLI run share it.
//
// Decision: 0 turns archiving off (everything stays live, as before archives existed); 1..120
// keeps the current month and that many months before it. The default is 6.
import { KEEP_MONTHS_MAX } from '../../../shared/ipc/contract/settings.js';
import { SettingsTable } from '../../store/settings-table.js';
import type { Store } from '../../store/store.js';
import { SettingsError } from './settings.js';
import { detail, shownValue } from '../../../shared/error-detail.js';

export const DEFAULT_KEEP_MONTHS = 6;
export const MAX_KEEP_MONTHS = KEEP_MONTHS_MAX;
const KEY = 'retention';

export interface RetentionSettings {
  /** Months of detailed log kept live besides the current one; 0 = never archive. */
  keepMonths: number;
}

/** Checks a retention value; throws SettingsError naming the field. */
export function validateRetention(value: unknown): RetentionSettings {
  const v = value as Partial<RetentionSettings> | null;
  if (typeof v !== 'object' || v === null) throw new SettingsError('retention must be {keepMonths}', detail('expected-object', 'retention'));
  const n = v.keepMonths;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_KEEP_MONTHS) {
    throw new SettingsError(`keepMonths must be an integer from 0 (archiving off) to ${MAX_KEEP_MONTHS}, got ${String(n)}`, detail('out-of-range', 'keepMonths', { min: 0, max: MAX_KEEP_MONTHS, value: shownValue(n) }));
  }
  return { keepMonths: n };
}

export class RetentionSetting {
  private readonly table: SettingsTable;

  constructor(
    db: Store['db'],
    private readonly now: () => number = Date.now,
  ) {
    this.table = new SettingsTable(db);
  }

  /** The stored value; the default when none (or an unreadable one) is stored. */
  get(): RetentionSettings {
    const raw = this.table.get(KEY);
    if (raw === undefined) return { keepMonths: DEFAULT_KEEP_MONTHS };
    try {
      return validateRetention(JSON.parse(raw));
    } catch {
      return { keepMonths: DEFAULT_KEEP_MONTHS };
    }
  }

  /** Validates and stores; nothing changes when the value is refused. */
  set(value: unknown): RetentionSettings {
    const clean = validateRetention(value);
    this.table.put(KEY, JSON.stringify(clean), this.now());
    return clean;
  }
}
