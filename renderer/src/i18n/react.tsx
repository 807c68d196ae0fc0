// The current UI language as React context, and the translation hook.
import { createContext, useCallback, useContext, type ReactNode } from 'react';
import type { Locale } from '../../../shared/ipc/locale.js';
import { translate, type Translate } from './index.js';

const LocaleContext = createContext<Locale>('zh-CN');

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

export function useT(): Translate {
  const locale = useLocale();
  return useCallback<Translate>((key, params) => translate(locale, key, params), [locale]);
}
