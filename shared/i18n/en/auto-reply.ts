// English texts of why an auto-reply pattern is refused; the same keys as ../zh-CN/auto-reply.ts.
import type { autoReplyZhCN } from '../zh-CN/auto-reply.js';

export const autoReplyEn: Record<keyof typeof autoReplyZhCN, string> = {
  'autoreply.pattern.empty': 'Enter a pattern',
  'autoreply.pattern.too-long': 'A pattern is at most {max, plural, one {# character} other {# characters}}',
  'autoreply.pattern.invalid': 'Not a valid regular expression',
  'autoreply.pattern.backreference': 'Backreferences (\\1, \\k<name>) are not allowed',
  'autoreply.pattern.nested-repeat': 'A repeated group may not hold a repeat or "|" (e.g. (a+)+, (a|b)*): such patterns can run for ever',
  'autoreply.pattern.too-many-repeats': 'At most {max} unbounded repeats (*, +)',
};
