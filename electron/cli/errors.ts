// An error the CLI reports as one line on stderr, with its exit code (2 = usage, 1 = failure). One
// made with CliError.of(key) is printed in the operator's language (electron/cli/lang.ts), and so is
// one made with CliError.engine(e) from an engine error (its code and detail worded as the UI words
// them); `message` is the English text, for the support log.
import { detailOf } from '../../shared/error-detail.js';
import { isErrorCode } from '../../shared/error-codes.js';
import { sharedTranslator } from '../../shared/i18n/catalogue.js';
import { detailText, failureText } from '../../shared/i18n/error-text.js';
import type { Locale } from '../../shared/ipc/locale.js';
import { translateCli, type CliTextKey, type CliTextParams } from './texts.js';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 2,
    readonly text?: { key: CliTextKey; params?: CliTextParams },
    readonly engine?: Error & { code: string },
  ) {
    super(message);
    this.name = 'CliError';
  }

  /**
   * An engine error (StoreError, InboxError, ...) reported with its exit code; with `within`, its
   * words fill that text's {message} ("rules not saved: ...").
   */
  static engine(e: Error & { code: string }, exitCode: 1 | 2 = 2, within?: CliTextKey): CliError {
    return new CliError(within ? translateCli('en', within, { message: e.message }) : e.message, exitCode, within ? { key: within } : undefined, e);
  }

  static of(key: CliTextKey, params?: CliTextParams, exitCode: 1 | 2 = 2): CliError {
    return new CliError(translateCli('en', key, params), exitCode, params ? { key, params } : { key });
  }

  messageIn(lang: Locale): string {
    if (this.engine && this.text) return translateCli(lang, this.text.key, { message: engineDetailText(this.engine, lang) });
    if (this.engine) return engineErrorText(this.engine, lang);
    return this.text ? translateCli(lang, this.text.key, this.text.params) : this.message;
  }
}

/**
 * An engine error (a code of shared/error-codes.ts) as the CLI says it: in English its own message,
 * as the support log has it; in Chinese the UI's text of its code and detail (never the English).
 */
export function engineErrorText(e: Error & { code: string }, lang: Locale): string {
  if (lang === 'en') return e.message;
  const detail = detailOf(e);
  return failureText(detail ? { code: e.code, message: e.message, detail } : { code: e.code, message: e.message }, sharedTranslator(lang));
}

/** Only what an engine error's detail says (its code's own words left out), for a sentence that frames it. */
function engineDetailText(e: Error & { code: string }, lang: Locale): string {
  const detail = detailOf(e);
  return lang === 'en' || !detail ? engineErrorText(e, lang) : detailText(detail, sharedTranslator(lang));
}

function hasErrorCode(e: unknown): e is Error & { code: string } {
  return e instanceof Error && isErrorCode((e as { code?: unknown }).code);
}

/** The line and exit code of a failed command: "error: ..." in the operator's language. */
export function errorReport(e: unknown, lang: Locale): { line: string; code: 1 | 2 } {
  const message = e instanceof CliError ? e.messageIn(lang) : hasErrorCode(e) ? engineErrorText(e, lang) : e instanceof Error ? e.message : String(e);
  return { line: translateCli(lang, 'error.line', { message }), code: e instanceof CliError ? e.exitCode : 1 };
}
