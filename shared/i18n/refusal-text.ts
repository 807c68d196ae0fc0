// A campaign refused because no recipient would be sent to (shared/nothing-to-send.ts), in the
// user's language: each cause with its count, then how to fix each. The UI's error texts and the
// CLI's error line both use it. Browser-safe: no Node builtins.
import type { NothingToSend } from '../ipc/contract/composer.js';
import { parseNothingToSend } from '../nothing-to-send.js';
import type { SharedTranslate } from './catalogue.js';

export function refusalText(r: NothingToSend, t: SharedTranslate): string {
  const causes = r.causes.map((c) => t('refusal.cause', { what: t(`refusal.what.${c.cause}`), count: c.count })).join(t('refusal.listSep'));
  const fixes = r.causes.map((c) => t(`refusal.fix.${c.cause}`)).join(t('refusal.fixSep'));
  return t(r.recipients === 1 ? 'refusal.only' : 'refusal.all', { count: r.recipients, causes, fixes });
}

/** The message of a `nothing-to-send` error in the user's language; any other text as it came. */
export function refusalMessage(message: string, t: SharedTranslate): string {
  const r = parseNothingToSend(message);
  return r ? refusalText(r, t) : message;
}
