// The handler table: what each invoke channel does, built from the services.
// Arguments arrive already validated by register.ts. Services of the engine
// (campaigns, outbox, inbox, export) plug in here as they land.
import type { AppInfo } from '../../shared/ipc/contract/app.js';
import { DEFAULT_LOCALE, type Locale } from '../../shared/ipc/locale.js';
import { planMessage } from '../sms/planner.js';
import type { Workspace } from '../services/workspace.js';
import { createDataHandlers } from './data-handlers.js';
import type { FileDialogs } from './dialogs.js';
import type { LiveSession } from '../services/demo/desk-session.js';
import { createLiveHandlers } from './live-handlers.js';
import type { HandlerTable } from './register.js';

export interface HandlerDeps {
  /** Static facts about the running app (main.ts reads them from Electron). */
  info: Omit<AppInfo, 'locale'>;
  /** Told when the renderer is ready for events (EventBatcher.setReady). */
  events: { setReady(ready: boolean): void };
  /** The locale at start-up; until the settings store lands it lives in memory only. */
  initialLocale?: Locale;
  onLocaleChange?: (locale: Locale) => void;
  /**
   * The engine (absent only in tests of the app channels alone). Read it at CALL time, never once
   * at creation: main passes a getter, because the operator switches between the demo gateway's
   * workspace and the real one (LiveSession), and it is undefined while a switch is under way.
   */
  readonly workspace?: Workspace;
  /** The demo/real workspace host with the live event bridge (live-handlers.ts uses it). */
  readonly live?: LiveSession;
  /** Native open/save dialogs: the only source of file paths. */
  dialogs?: FileDialogs;
}

export function createHandlerTable(deps: HandlerDeps): HandlerTable {
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
    // The renderer never encodes text itself: the planner (and iconv-lite for GBK)
    // runs here, so the preview is exactly what the pump will send.
    'planner.preview': ({ text, options }) => planMessage(text, options),
    ...createLiveHandlers(deps),
    ...createDataHandlers(deps),
  };
}
