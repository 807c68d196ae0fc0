// The texts main writes as well as the UI shows (exported files, the CLI's human-readable output):
// one catalogue per language here, which the renderer's catalogues include whole, so a text main
// writes and the one the UI shows are the same entry. Browser-safe: no Node builtins.
import type { Locale } from '../ipc/locale.js';
import { deliveryLogEn } from './en/delivery-log.js';
import { reasonsEn } from './en/reasons.js';
import { deliveryLogZhCN } from './zh-CN/delivery-log.js';
import { reasonsZhCN } from './zh-CN/reasons.js';

export const sharedZhCN = { ...deliveryLogZhCN, ...reasonsZhCN } as const;

export type SharedKey = keyof typeof sharedZhCN;

export const sharedEn: Record<SharedKey, string> = { ...deliveryLogEn, ...reasonsEn };

const catalogues: Record<Locale, Record<SharedKey, string>> = { 'zh-CN': sharedZhCN, en: sharedEn };

/** A catalogue text's {placeholders} filled; unknown ones stay visible. */
export function fillPlaceholders(text: string, params?: Record<string, string | number>): string {
  return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
}

export type SharedTranslate = (key: SharedKey, params?: Record<string, string | number>) => string;

export function isSharedKey(key: string): key is SharedKey {
  return Object.hasOwn(sharedZhCN, key);
}

/** The translation function of one language over the shared catalogue (main's side). */
export function sharedTranslator(locale: Locale): SharedTranslate {
  const texts = catalogues[locale];
  return (key, params) => fillPlaceholders(texts[key], params);
}
