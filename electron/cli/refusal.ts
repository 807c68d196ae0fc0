// A campaign refused because no recipient would be sent to (shared/nothing-to-send.ts), as the
// CLI's one error line in the operator's language. English keeps the shared line as it is: its
// [cause] codes are what scripts and the renderer read back; Chinese is the UI's text of it
// (shared/i18n/refusal-text.ts), cause by cause with its count, then each fix.
import { sharedTranslator } from '../../shared/i18n/catalogue.js';
import { refusalText } from '../../shared/i18n/refusal-text.js';
import type { Locale } from '../../shared/ipc/locale.js';
import type { NothingToSend } from '../../shared/nothing-to-send.js';
import { CliError } from './errors.js';

export class RefusalError extends CliError {
  constructor(
    message: string,
    readonly refusal: NothingToSend,
  ) {
    super(message, 2);
  }

  override messageIn(lang: Locale): string {
    if (lang === 'en') return this.message;
    const t = sharedTranslator(lang);
    return t('refusal.notCreated') + refusalText(this.refusal, t);
  }
}
