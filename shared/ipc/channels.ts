// The channel NAMES of the IPC contract as plain lists. The sandboxed preload
// iterates over these to expose one method per channel without pulling the
// validators into its bundle; contract.ts is keyed by the same names (checked by
// `satisfies`), so a channel cannot exist in one and not the other.

import { DATA_EVENTS, DATA_INVOKE } from './data.channels.js';
import { LIVE_EVENTS, LIVE_INVOKE } from './live.channels.js';

/** Renderer -> main request/response channels, `namespace.method`. */
export const INVOKE_CHANNELS = ['app.info', 'app.ready', 'app.setLocale', 'planner.preview', ...LIVE_INVOKE, ...DATA_INVOKE] as const;

/** Main -> renderer event channels, delivered in batches (see electron/ipc/events.ts). */
export const EVENT_CHANNELS = ['app.notice', ...LIVE_EVENTS, ...DATA_EVENTS] as const;

export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];
export type EventChannel = (typeof EVENT_CHANNELS)[number];
