// The UI language: the catalogues and translation, free of React so tests run it under Node.
import type { Locale } from '../../../shared/ipc/locale.js';
import { fillPlaceholders } from '../../../shared/i18n/catalogue.js';
import { en } from './en.js';
import { zhCN, type MessageKey } from './zh-CN.js';

export type { MessageKey };

export const catalogues: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  return fillPlaceholders(catalogues[locale][key], params, locale);
}

export function hasKey(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
}
