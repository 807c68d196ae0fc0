// The app itself: facts about the running app, readiness, the UI language, notices.
// Channel names: ../channels/app.ts. Values are JSON-safe (../contract.ts says what that means).
import { type Locale, LOCALES } from '../locale.js';
import { type } from '../spec.js';
import { none, oneOf } from '../validate.js';

export interface AppInfo {
  name: string;
  version: string;
  locale: Locale;
  platform: string;
  versions: { electron: string; chrome: string; node: string };
}

export interface Notice {
  level: 'info' | 'warning' | 'error';
  /** Stable code; the renderer shows its catalogue text for `notice.<code>` when it has one. */
  code: string;
  /** English fallback text. */
  message: string;
}

export const appContract = {
  'app.info': { kind: 'invoke', args: none(), result: type<AppInfo>() },
  /** The renderer has mounted and subscribed: queued events may flow. */
  'app.ready': { kind: 'invoke', args: none(), result: type<null>() },
  'app.setLocale': { kind: 'invoke', args: oneOf(...LOCALES), result: type<Locale>() },
  'app.notice': { kind: 'event', keep: 'all', max: 200, payload: type<Notice>() },
} as const;
