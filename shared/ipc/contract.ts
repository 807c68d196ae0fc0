// THE IPC contract: every channel between renderer and main, its argument validator (run in main on
// every call) and its result type, assembled from one file per domain in contract/ (accounts,
// composer, campaigns, ...; the handlers in electron/ipc/handlers/ and the renderer's catalogues
// use the same domain names). main's registration (electron/ipc/register.ts), the preload
// (electron/preload.ts, via api.ts) and the renderer's client (renderer/src/ipc.ts) are all typed
// from this one table. Values must be JSON-safe: Msg_Id as a decimal string, times as epoch
// milliseconds, no Buffer, BigInt or Date.
import type { EventChannel, InvokeChannel } from './channels.js';
import { accountsContract } from './contract/accounts.js';
import { appContract } from './contract/app.js';
import { autoreplyContract } from './contract/autoreply.js';
import { campaignsContract } from './contract/campaigns.js';
import { composerContract } from './contract/composer.js';
import { contactsContract } from './contract/contacts.js';
import { demoContract } from './contract/demo.js';
import { inboxContract } from './contract/inbox.js';
import { jobsContract } from './contract/jobs.js';
import { logContract } from './contract/log.js';
import { monitorContract } from './contract/monitor.js';
import { settingsContract } from './contract/settings.js';
import { statisticsContract } from './contract/statistics.js';
import { supportContract } from './contract/support.js';
import type { EventSpec, InvokeSpec, TypeOf } from './spec.js';
import type { Validator } from './validate.js';

export type { EventSpec, InvokeSpec, TypeOf } from './spec.js';

export const contract = {
  ...appContract,
  ...demoContract,
  ...monitorContract,
  ...composerContract,
  ...campaignsContract,
  ...inboxContract,
  ...logContract,
  ...statisticsContract,
  ...contactsContract,
  ...accountsContract,
  ...settingsContract,
  ...autoreplyContract,
  ...supportContract,
  ...jobsContract,
} as const satisfies Record<InvokeChannel, InvokeSpec<any, any>> & Record<EventChannel, EventSpec<any>>;

export type Contract = typeof contract;
export type ArgsOf<C extends InvokeChannel> = Contract[C]['args'] extends Validator<infer A> ? A : never;
export type ResultOf<C extends InvokeChannel> = Contract[C]['result'] extends TypeOf<infer R> ? R : never;
export type PayloadOf<E extends EventChannel> = Contract[E]['payload'] extends TypeOf<infer P> ? P : never;

/** What a renderer listener receives per flush: the payloads in order, and how many were dropped before it. */
export interface EventBatch<P> {
  items: P[];
  dropped: number;
}
