// THE IPC contract: every channel between renderer and main, its argument
// validator (run in main on every call) and its result type. main's registration
// (electron/ipc/register.ts), the preload (electron/preload.ts, via api.ts) and the
// renderer's client (renderer/src/ipc.ts) are all typed from this one table.
// Values must be JSON-safe: Msg_Id as a decimal string, no Buffer, no BigInt.
import type { MessagePlan, PlanOptions } from '../plan.js';
import type { EventChannel, InvokeChannel } from './channels.js';
import type { Locale } from './locale.js';
import { LOCALES } from './locale.js';
import { dataContract } from './data.contract.js';
import { liveContract } from './live.contract.js';
import { type, type EventSpec, type InvokeSpec, type TypeOf } from './spec.js';
import { int, none, object, oneOf, optional, string, type Infer, type Validator } from './validate.js';

export type { EventSpec, InvokeSpec, TypeOf } from './spec.js';

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

/** Limits from the product brief: a composer message is at most 5000 characters. */
export const PREVIEW_TEXT_MAX = 5000;
export const SIGNATURE_MAX = 40;
export const FOOTER_MAX = 40;

export const planOptionsArgs = object({
  encoding: optional(oneOf('auto', 'ascii', 'ucs2', 'gbk')),
  udhRefBits: optional(oneOf(8, 16)),
  signature: optional(string({ max: SIGNATURE_MAX })),
  signaturePosition: optional(oneOf('prefix', 'suffix')),
  gatewayFooter: optional(string({ max: FOOTER_MAX })),
  // ref §8: Pk_total is one byte.
  maxSegments: optional(int(1, 255)),
});
export type PlanOptionsArgs = Infer<typeof planOptionsArgs>;
// Compile-time guard: what the renderer may send is something the planner accepts.
type Fits<A extends B, B> = A;
export type PlanOptionsArgsFit = Fits<PlanOptionsArgs, PlanOptions>;

export const contract = {
  'app.info': { kind: 'invoke', args: none(), result: type<AppInfo>() },
  /** The renderer has mounted and subscribed: queued events may flow. */
  'app.ready': { kind: 'invoke', args: none(), result: type<null>() },
  'app.setLocale': { kind: 'invoke', args: oneOf(...LOCALES), result: type<Locale>() },
  'planner.preview': {
    kind: 'invoke',
    args: object({ text: string({ max: PREVIEW_TEXT_MAX }), options: optional(planOptionsArgs) }),
    result: type<MessagePlan>(),
  },
  'app.notice': { kind: 'event', keep: 'all', max: 200, payload: type<Notice>() },
  ...liveContract,
  ...dataContract,
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
