// Keyword auto-replies to MOs: the switch, quiet hours, the per-number daily cap and the rules
// (electron/services/inbox/auto-reply.ts). Channel names: ../channels/autoreply.ts.
import { AUTO_REPLY_LIMITS, AUTO_REPLY_MATCH_KINDS, type AutoReplyMatchKind } from '../../auto-reply.js';
import { type } from '../spec.js';
import { boolean, int, none, object, oneOf, optional, string, ValidationError, type Validator } from '../validate.js';
import { id, invoke, nullable } from './fields.js';

export interface AutoReplyRuleRow {
  id: number;
  matchKind: AutoReplyMatchKind;
  keyword: string;
  reply: string;
  /** null: every account. */
  accountId: number | null;
  /** null: any extension; '': only the bare Src_Id. */
  srcExt: string | null;
  createdAt: number;
}

export interface AutoReplyView {
  enabled: boolean;
  /** China Standard Time "HH:MM"; null = auto-replies at any hour. */
  quietHours: { start: string; end: string } | null;
  dailyCap: number;
  rules: AutoReplyRuleRow[];
}

const time = (): Validator<string> => ({
  check(value, path) {
    const s = string({ min: 5, max: 5 }).check(value, path);
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(s)) throw new ValidationError(path, 'a time as HH:MM (00:00 to 23:59)', 'not-time-of-day');
    return s;
  },
});

export const autoreplyContract = {
  'autoReply.get': invoke(none(), type<AutoReplyView>()),
  'autoReply.update': invoke(
    object({ enabled: optional(boolean()), quietHours: optional(nullable(object({ start: time(), end: time() }))), dailyCap: optional(int(1, AUTO_REPLY_LIMITS.dailyCapMax)) }),
    type<AutoReplyView>(),
  ),
  'autoReply.addRule': invoke(
    object({
      matchKind: oneOf(...AUTO_REPLY_MATCH_KINDS),
      keyword: string({ min: 1, max: AUTO_REPLY_LIMITS.patternChars }),
      reply: string({ min: 1, max: AUTO_REPLY_LIMITS.replyChars }),
      accountId: optional(nullable(id())),
      srcExt: optional(nullable(string({ max: AUTO_REPLY_LIMITS.extDigits }))),
    }),
    type<AutoReplyView>(),
  ),
  'autoReply.deleteRule': invoke(object({ id: id() }), type<AutoReplyView>()),
} as const;
