// Handlers of the app itself (shared/ipc/contract/app.ts): facts about the running app, the
// renderer's readiness for events, the UI language.
import type { APP_INVOKE } from '../../../shared/ipc/channels/app.js';
import { DEFAULT_LOCALE, type Locale } from '../../../shared/ipc/locale.js';
import type { HandlerTable } from '../register.js';
import type { HandlerContext } from './context.js';

export type AppHandlers = Pick<HandlerTable, (typeof APP_INVOKE)[number]>;

export function appHandlers(ctx: HandlerContext): AppHandlers {
  const { deps } = ctx;
  let locale: Locale = deps.initialLocale ?? DEFAULT_LOCALE;
  return {
    'app.info': () => ({ ...deps.info, versions: { ...deps.info.versions }, locale }),
    'app.ready': () => {
      deps.events.setReady(true);
      return null;
    },
    'app.setLocale': (next) => {
      locale = next;
      deps.onLocaleChange?.(next);
      return locale;
    },
  };
}
