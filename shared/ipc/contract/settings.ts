// Settings: the sending rules (quiet hours, frequency cap, signature, words, opt-out keywords).
// Channel names: ../channels/settings.ts. Values are JSON-safe (../contract.ts says what that means).
import { type } from '../spec.js';
import { array, boolean, int, none, object, optional, string, ValidationError, type Validator } from '../validate.js';
import { invoke, nullable } from './fields.js';

export const WORDS_MAX = 500;
export const WORD_MAX = 50;
export const CONFIRMATION_MAX = 500;

/** A daily window in China Standard Time, "HH:MM" 24 h; end before start wraps past midnight. */
export interface QuietHours {
  start: string;
  end: string;
}

export interface FrequencyCap {
  /** At most this many messages to one number within `windowMs`, across campaigns. */
  max: number;
  windowMs: number;
}

/**
 * The sending rules (docs/glossary.md "Sending rules"): the settings service stores them (with its
 * timers beside them), the contract carries them, the Settings screen edits them.
 */
export interface SendingRules {
  /**
   * No sends inside this window; queued work waits for it to end (nothing is skipped). Decision:
   * the window is in China Standard Time (UTC+8) whatever the machine's time zone, because it
   * protects recipients in mainland China. null = off (the default: the operator sets it).
   */
  quietHours: QuietHours | null;
  /** null = no cap (default). Counted over messages created (queued or sent) to the number. */
  frequencyCap: FrequencyCap | null;
  /** Commercial SMS must carry a 【签名】, in the text or as the account's signature. Default on. */
  requireSignature: boolean;
  /** Messages whose rendered text contains one of these (case-insensitive) are skipped. */
  sensitiveWords: string[];
  /** Whole-reply opt-out keywords (the inbox's). */
  optOutKeywords: string[];
  /** Whole-reply opt-in keywords (the inbox's). */
  optInKeywords: string[];
  /** Reply sent after an opt-out, '' = none. */
  optOutConfirmation: string;
  /** Reply sent after an opt-in, '' = none. */
  optInConfirmation: string;
}

const hhmm = (): Validator<string> => ({
  check(value, path) {
    const s = string({ min: 5, max: 5 }).check(value, path);
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(s)) throw new ValidationError(path, 'a time as HH:MM (00:00 to 23:59)', 'not-time-of-day');
    return s;
  },
});

const words = () => array(string({ min: 1, max: WORD_MAX }), { max: WORDS_MAX });

export const rulesArgs = object({
  quietHours: optional(nullable(object({ start: hhmm(), end: hhmm() }))),
  frequencyCap: optional(nullable(object({ max: int(1, 1_000_000), windowMs: int(60_000, 365 * 86_400_000) }))),
  requireSignature: optional(boolean()),
  sensitiveWords: optional(words()),
  optOutKeywords: optional(words()),
  optInKeywords: optional(words()),
  optOutConfirmation: optional(string({ max: CONFIRMATION_MAX })),
  optInConfirmation: optional(string({ max: CONFIRMATION_MAX })),
});

/** Where archiving stands for one month of the delivery log (electron/store/archive/). */
export interface ArchiveMonthStatus {
  /** 'YYYY-MM', China Standard Time. */
  month: string;
  /**
   * archived: in its file beside the database, gone from the live log; deleting: in its file and
   * verified, live rows being deleted; copying: being written; waiting: due but some of its
   * messages are not final yet; failed: `error` says why.
   */
  state: 'archived' | 'deleting' | 'copying' | 'waiting' | 'failed';
  file?: string;
  messages?: number;
  /** The archive file is in place (false: moved away; the log says so and skips it). */
  present?: boolean;
  /** Messages of the month still queued, being sent, awaiting their report or in doubt. */
  unfinished?: number;
  error?: string;
  /**
   * Set while the archive cannot be searched by this version: pending (written by an older version,
   * being upgraded in the background), read-only (its folder takes no new file, so it cannot be
   * upgraded there: `error` names it), failed (the upgrade failed: `error`; tried again on the next
   * run), newer (written by a newer CMPP Desk), unreadable (not an archive, or damaged).
   */
  upgrade?: ArchiveUpgradeState;
}

export const ArchiveUpgradeStates = ['pending', 'read-only', 'failed', 'newer', 'unreadable'] as const;
export type ArchiveUpgradeState = (typeof ArchiveUpgradeStates)[number];

/** The delivery log's retention (Settings): how long rows stay live, and the archives so far. */
export interface RetentionView {
  /** Months kept live besides the current one; 0 = archiving off. */
  keepMonths: number;
  months: ArchiveMonthStatus[];
  /** incremental: freed space goes back to the disk; reuse: it is reused by new rows (an older database file). */
  reclaim: 'incremental' | 'reuse' | 'none';
  running: boolean;
}

export const KEEP_MONTHS_MAX = 120;

export const settingsContract = {
  'rules.get': invoke(none(), type<SendingRules>()),
  'rules.update': invoke(rulesArgs, type<SendingRules>()),
  'retention.get': invoke(none(), type<RetentionView>()),
  /** Stores the months kept live (0..120, 0 = off) and starts an archive run when one is due. */
  'retention.update': invoke(object({ keepMonths: int(0, KEEP_MONTHS_MAX) }), type<RetentionView>()),
} as const;
