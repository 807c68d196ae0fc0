// Settings: the sending rules (quiet hours, frequency cap, signature, words, opt-out keywords).
// Channel names: ../channels/settings.ts. Values are JSON-safe (../contract.ts says what that means).
import { type } from '../spec.js';
import { array, boolean, int, none, object, optional, string, ValidationError, type Validator } from '../validate.js';
import { invoke, nullable } from './fields.js';

export const WORDS_MAX = 500;
export const WORD_MAX = 50;
export const CONFIRMATION_MAX = 500;

export interface SendingRulesView {
  /** China Standard Time "HH:MM"; null = off. */
  quietHours: { start: string; end: string } | null;
  frequencyCap: { max: number; windowMs: number } | null;
  requireSignature: boolean;
  sensitiveWords: string[];
  optOutKeywords: string[];
  optInKeywords: string[];
  optOutConfirmation: string;
  optInConfirmation: string;
}

const hhmm = (): Validator<string> => ({
  check(value, path) {
    const s = string({ min: 5, max: 5 }).check(value, path);
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(s)) throw new ValidationError(path, 'a time as HH:MM (00:00 to 23:59)');
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

export const settingsContract = {
  'rules.get': invoke(none(), type<SendingRulesView>()),
  'rules.update': invoke(rulesArgs, type<SendingRulesView>()),
} as const;
