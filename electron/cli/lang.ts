// The language of the CLI's human output: `--lang zh-CN|en`, else the environment's locale (POSIX
// order: LC_ALL, then LC_MESSAGES, then LANG; the first one set decides), zh* meaning Simplified
// Chinese and anything else English. `--json` output is language-neutral whatever the language.
import { LOCALES, type Locale } from '../../shared/ipc/locale.js';
import { CliError } from './errors.js';

export function localeFromEnv(env: NodeJS.ProcessEnv): Locale {
  const raw = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '') ?? '';
  return /^zh/i.test(raw) ? 'zh-CN' : 'en';
}

function checkedLocale(raw: string): Locale {
  const found = LOCALES.find((l) => l.toLowerCase() === raw.toLowerCase());
  if (!found) throw CliError.of('error.badLang', { value: raw, known: LOCALES.join(', ') });
  return found;
}

/**
 * Takes `--lang X` (or `--lang=X`) out of the command line wherever it stands before a `--`, so
 * every command has it without declaring it; the rest goes to the command unchanged.
 */
export function takeLangFlag(argv: readonly string[]): { argv: string[]; lang?: Locale } {
  const rest: string[] = [];
  let lang: Locale | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (a === '--lang') {
      const v = argv[++i];
      if (v === undefined) throw CliError.of('error.needsValue', { flag: 'lang' });
      lang = checkedLocale(v);
    } else if (a.startsWith('--lang=')) lang = checkedLocale(a.slice('--lang='.length));
    else rest.push(a);
  }
  return lang === undefined ? { argv: rest } : { argv: rest, lang };
}
