// The texts main writes as well as the UI shows (exported files, the CLI's human-readable output):
// one catalogue per language here, which the renderer's catalogues include whole, so a text main
// writes and the one the UI shows are the same entry. Browser-safe: no Node builtins.
import type { Locale } from '../ipc/locale.js';
import { autoReplyEn } from './en/auto-reply.js';
import { campaignsEn } from './en/campaigns.js';
import { codesEn } from './en/codes.js';
import { contactsEn } from './en/contacts.js';
import { deliveryLogEn } from './en/delivery-log.js';
import { errorDetailsEn } from './en/error-details.js';
import { engineEventsEn } from './en/engine-events.js';
import { errorsEn } from './en/errors.js';
import { reasonsEn } from './en/reasons.js';
import { reconcileEn } from './en/reconcile.js';
import { statisticsEn } from './en/statistics.js';
import { autoReplyZhCN } from './zh-CN/auto-reply.js';
import { campaignsZhCN } from './zh-CN/campaigns.js';
import { codesZhCN } from './zh-CN/codes.js';
import { contactsZhCN } from './zh-CN/contacts.js';
import { deliveryLogZhCN } from './zh-CN/delivery-log.js';
import { errorDetailsZhCN } from './zh-CN/error-details.js';
import { engineEventsZhCN } from './zh-CN/engine-events.js';
import { errorsZhCN } from './zh-CN/errors.js';
import { reasonsZhCN } from './zh-CN/reasons.js';
import { reconcileZhCN } from './zh-CN/reconcile.js';
import { statisticsZhCN } from './zh-CN/statistics.js';

export const sharedZhCN = {
  ...deliveryLogZhCN,
  ...reasonsZhCN,
  ...codesZhCN,
  ...contactsZhCN,
  ...campaignsZhCN,
  ...errorsZhCN,
  ...errorDetailsZhCN,
  ...reconcileZhCN,
  ...statisticsZhCN,
  ...autoReplyZhCN,
  ...engineEventsZhCN,
} as const;

export type SharedKey = keyof typeof sharedZhCN;

export const sharedEn: Record<SharedKey, string> = {
  ...deliveryLogEn,
  ...reasonsEn,
  ...codesEn,
  ...contactsEn,
  ...campaignsEn,
  ...errorsEn,
  ...errorDetailsEn,
  ...reconcileEn,
  ...statisticsEn,
  ...autoReplyEn,
  ...engineEventsEn,
};

const catalogues: Record<Locale, Record<SharedKey, string>> = { 'zh-CN': sharedZhCN, en: sharedEn };

// A plural choice, ICU style: {count, plural, one {# message} other {# messages}} (=N forms too);
// `#` is the value as given (it may be grouped: "1,234"). Forms hold no braces of their own.
const PLURAL = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other) \{[^{}]*\})+)\s*\}/g;
const PLURAL_FORM = /(=\d+|zero|one|two|few|many|other) \{([^{}]*)\}/g;
const pluralRules = new Map<string, Intl.PluralRules>();

/** The plural category of a count (as a number or as the grouped text shown), per language. */
export function pluralCategory(locale: Locale, count: string | number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules.select(typeof count === 'number' ? count : Number(count.replace(/[^\d.-]/g, '')));
}

/**
 * A catalogue text with its plural choices made (Intl.PluralRules of `locale`) and its
 * {placeholders} filled; unknown placeholders stay visible. The one filler of every catalogue.
 */
export function fillPlaceholders(text: string, params?: Record<string, string | number>, locale: Locale = 'en'): string {
  if (!params) return text;
  const chosen = text.includes(', plural,')
    ? text.replace(PLURAL, (m, name: string, forms: string) => {
        if (!(name in params)) return m;
        const value = params[name]!;
        const all = new Map([...forms.matchAll(PLURAL_FORM)].map((f) => [f[1]!, f[2]!] as const));
        const form = all.get(`=${Number(String(value).replace(/[^\d.-]/g, ''))}`) ?? all.get(pluralCategory(locale, value)) ?? all.get('other') ?? m;
        return form.replaceAll('#', String(value));
      })
    : text;
  return chosen.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export type SharedTranslate = (key: SharedKey, params?: Record<string, string | number>) => string;

export function isSharedKey(key: string): key is SharedKey {
  return Object.hasOwn(sharedZhCN, key);
}

/** The translation function of one language over the shared catalogue (main's side). */
export function sharedTranslator(locale: Locale): SharedTranslate {
  const texts = catalogues[locale];
  return (key, params) => fillPlaceholders(texts[key], params, locale);
}
