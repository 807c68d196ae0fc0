// The CLI's texts in the operator's language: plain catalogues (./i18n/zh-CN.ts and ./i18n/en.ts,
// the same keys, checked by the type) read without React, so the headless CLI needs nothing of the
// renderer. `{name}` placeholders are filled from the params.
import type { Locale } from '../../shared/ipc/locale.js';
import { cliEn } from './i18n/en.js';
import { cliZhCN, type CliTextKey } from './i18n/zh-CN.js';

export type { CliTextKey };
export type CliTextParams = Record<string, string | number>;

const catalogues: Record<Locale, Record<CliTextKey, string>> = { 'zh-CN': cliZhCN, en: cliEn };

export function translateCli(lang: Locale, key: CliTextKey, params?: CliTextParams): string {
  const text = catalogues[lang][key];
  return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
}

/** One command run's translator. */
export interface Texts {
  readonly lang: Locale;
  t(key: CliTextKey, params?: CliTextParams): string;
}

export function textsFor(lang: Locale): Texts {
  return { lang, t: (key, params) => translateCli(lang, key, params) };
}
