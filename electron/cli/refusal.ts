// A campaign refused because no recipient would be sent to (shared/nothing-to-send.ts), as the
// CLI's one error line in the operator's language. English keeps the shared line as it is: its
// [cause] codes are what scripts and the renderer read back; Chinese is composed from the
// catalogue, cause by cause with its count, then each fix.
import type { Locale } from '../../shared/ipc/locale.js';
import type { NothingToSend } from '../../shared/nothing-to-send.js';
import { CliError } from './errors.js';
import { translateCli, type CliTextKey } from './texts.js';

export class RefusalError extends CliError {
  constructor(
    message: string,
    readonly refusal: NothingToSend,
  ) {
    super(message, 2);
  }

  override messageIn(lang: Locale): string {
    if (lang === 'en') return this.message;
    const t = (key: CliTextKey, params?: Record<string, string | number>) => translateCli(lang, key, params);
    const causes = this.refusal.causes.map((c) => t('refusal.cause', { what: t(`refusal.what.${c.cause}`), count: c.count })).join(t('refusal.listSep'));
    const fixes = this.refusal.causes.map((c) => t(`refusal.fix.${c.cause}`)).join(t('refusal.fixSep'));
    return t(this.refusal.recipients === 1 ? 'refusal.only' : 'refusal.all', { count: this.refusal.recipients, causes, fixes });
  }
}
