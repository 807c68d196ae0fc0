// The current UI language as React context, and the translation hook.
import { createContext, useCallback, useContext, type ReactNode } from 'react';
import type { Locale } from '../../../shared/ipc/locale.js';
import { translate, type Translate } from './index.js';

const LocaleContext = createContext<Locale>('zh-CN');

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

// The app shell's language switch (it also tells main, which remembers the choice), for screens
// that offer the same switch, e.g. Settings.
const SetLocaleContext = createContext<((next: Locale) => void) | null>(null);
export const LocaleSetterProvider = SetLocaleContext.Provider;

export function useSetLocale(): (next: Locale) => void {
  const set = useContext(SetLocaleContext);
  if (!set) throw new Error('useSetLocale() is used outside the app shell');
  return set;
}

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

export function useT(): Translate {
  const locale = useLocale();
  return useCallback<Translate>((key, params) => translate(locale, key, params), [locale]);
}
