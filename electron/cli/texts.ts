// The CLI's texts in the operator's language: plain catalogues (./i18n/zh-CN.ts and ./i18n/en.ts,
// the same keys, checked by the type) read without React, so the headless CLI needs nothing of the
// renderer. Placeholders and plural choices are filled as the shared catalogue fills them
// (shared/i18n/catalogue.ts), whose texts (states, reasons) the CLI uses as they are.
import { fillPlaceholders, sharedTranslator } from '../../shared/i18n/catalogue.js';
import type { SharedTranslate } from '../../shared/i18n/catalogue.js';
import { engineEventText } from '../../shared/i18n/engine-event-text.js';
import type { LiveLog } from '../../shared/ipc/contract/monitor.js';
import type { CampaignState } from '../../shared/campaign-state.js';
import type { Locale } from '../../shared/ipc/locale.js';
import type { MessageState } from '../../shared/message-state.js';
import { cliEn } from './i18n/en.js';
import { cliZhCN, type CliTextKey } from './i18n/zh-CN.js';

export type { CliTextKey };
export type CliTextParams = Record<string, string | number>;

const catalogues: Record<Locale, Record<CliTextKey, string>> = { 'zh-CN': cliZhCN, en: cliEn };

export function translateCli(lang: Locale, key: CliTextKey, params?: CliTextParams): string {
  return fillPlaceholders(catalogues[lang][key], params, lang);
}

/** One command run's translator. */
export interface Texts {
  readonly lang: Locale;
  t(key: CliTextKey, params?: CliTextParams): string;
  /** The texts main shares with the UI (shared/i18n): message and campaign states, reasons. */
  shared: SharedTranslate;
}

export function textsFor(lang: Locale): Texts {
  return { lang, t: (key, params) => translateCli(lang, key, params), shared: sharedTranslator(lang) };
}

/**
 * A message or campaign state as the CLI prints it: in English the enum's own word (one vocabulary
 * in the store, the CLI and the README: `delivered`, `running`), in Chinese the name the UI shows.
 */
export function messageStateText(texts: Texts, state: MessageState): string {
  return texts.lang === 'en' ? state : texts.shared(`deliveryLog.state.${state}`);
}

export function campaignStateText(texts: Texts, state: CampaignState): string {
  return texts.lang === 'en' ? state : texts.shared(`live.campaignState.${state}`);
}

/**
 * An engine event as the CLI prints it: in English main's own line (it names the host, the port
 * and the system's error: what a support call needs), in Chinese the Monitor's words for its code
 * (shared/i18n/engine-event-text.ts).
 */
export function engineEventLine(texts: Texts, e: LiveLog): string {
  return texts.lang === 'en' ? e.message : engineEventText(e, texts.shared);
}
