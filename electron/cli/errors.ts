// An error the CLI reports as one line on stderr, with its exit code (2 = usage, 1 = failure). One
// made with CliError.of(key) is printed in the operator's language (electron/cli/lang.ts); its
// `message` is the English text, for the support log.
import type { Locale } from '../../shared/ipc/locale.js';
import { translateCli, type CliTextKey, type CliTextParams } from './texts.js';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 2,
    readonly text?: { key: CliTextKey; params?: CliTextParams },
  ) {
    super(message);
    this.name = 'CliError';
  }

  static of(key: CliTextKey, params?: CliTextParams, exitCode: 1 | 2 = 2): CliError {
    return new CliError(translateCli('en', key, params), exitCode, params ? { key, params } : { key });
  }

  messageIn(lang: Locale): string {
    return this.text ? translateCli(lang, this.text.key, this.text.params) : this.message;
  }
}

/** The line and exit code of a failed command: "error: ..." in the operator's language. */
export function errorReport(e: unknown, lang: Locale): { line: string; code: 1 | 2 } {
  const message = e instanceof CliError ? e.messageIn(lang) : e instanceof Error ? e.message : String(e);
  return { line: translateCli(lang, 'error.line', { message }), code: e instanceof CliError ? e.exitCode : 1 };
}
