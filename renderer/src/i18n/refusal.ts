// A campaign refused because no recipient would be sent to (shared/nothing-to-send.ts), in the
// user's language: each cause with its count, then how to fix each. Main's English line is parsed
// back into its causes; a line that is not such a refusal is shown as it came.
import type { NothingToSend } from '../../../shared/ipc/contract/composer.js';
import { parseNothingToSend } from '../../../shared/nothing-to-send.js';
import type { Translate } from './index.js';

export function refusalText(r: NothingToSend, t: Translate): string {
  const sep = t('refusal.listSep');
  const causes = r.causes.map((c) => t('refusal.cause', { what: t(`refusal.what.${c.cause}`), count: c.count })).join(sep);
  const fixes = r.causes.map((c) => t(`refusal.fix.${c.cause}`)).join(t('refusal.fixSep'));
  return t(r.recipients === 1 ? 'refusal.only' : 'refusal.all', { count: r.recipients, causes, fixes });
}

/** The message of a `nothing-to-send` error in the user's language. */
export function refusalMessage(message: string, t: Translate): string {
  const r = parseNothingToSend(message);
  return r ? refusalText(r, t) : message;
}
