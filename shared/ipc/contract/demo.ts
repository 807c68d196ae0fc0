// The desk mode (the demo gateway's database or the operator's own) and the demo gateway.
// Channel names: ../channels/demo.ts. Values are JSON-safe (../contract.ts says what that means).
import { type } from '../spec.js';
import { type Infer, int, none, object, oneOf, optional, string } from '../validate.js';
import { digits, event, invoke } from './fields.js';
import { REPLY_TEXT_MAX } from './inbox.js';

export type DeskMode = 'demo' | 'real';

/** How the demo gateway behaves: the type the demo service uses and the contract carries. */
export interface DemoBehaviourView {
  /** Each status report arrives after a random delay in [min, max] ms. */
  reportDelayMs: { min: number; max: number };
  /** Share of reports that are UNDELIV, 0..1. */
  undeliveredShare: number;
  /** Share of reports that are EXPIRED, 0..1 (undeliveredShare + expiredShare <= 1; the rest DELIVRD). */
  expiredShare: number;
  /** An MO arrives every this many seconds; 0 = no periodic MOs. */
  moEverySeconds: number;
}

export interface DemoStatusView {
  running: boolean;
  host: string;
  port: number;
  accountId: number;
  groupId: number | null;
  templateId: number | null;
  spId: string;
  srcId: string;
  version: '3.0';
  dbPath: string;
  behaviour: DemoBehaviourView;
  /** Live connections the simulator has for the demo account. */
  connections: number;
  submits: number;
  reportsSent: number;
  mosSent: number;
}

export interface ModeInfo {
  mode: DeskMode;
  /** The database in use. */
  dbPath: string;
  demo: DemoStatusView | null;
  /** How gateway secrets are protected: the OS keyring, a key file beside the database, or not at all. */
  secrets: 'os-keyring' | 'key-file' | 'plaintext';
}

export const DEMO_DELAY_MAX_MS = 600_000;

export const demoBehaviourArgs = object({
  reportDelayMinMs: optional(int(0, DEMO_DELAY_MAX_MS)),
  reportDelayMaxMs: optional(int(0, DEMO_DELAY_MAX_MS)),
  undeliveredPercent: optional(int(0, 100)),
  expiredPercent: optional(int(0, 100)),
  moEverySeconds: optional(int(0, 86_400)),
});
export type DemoBehaviourArgs = Infer<typeof demoBehaviourArgs>;

export const demoContract = {
  // The database in use: the demo gateway's or the operator's own.
  'mode.get': invoke(none(), type<ModeInfo>()),
  'mode.set': invoke(oneOf('demo', 'real'), type<ModeInfo>()),
  'demo.status': invoke(none(), type<DemoStatusView | null>()),
  'demo.setBehaviour': invoke(demoBehaviourArgs, type<DemoStatusView>()),
  'demo.sendMo': invoke(object({ from: digits(1, 21), text: string({ min: 1, max: REPLY_TEXT_MAX }), ext: optional(digits(0, 12)) }), type<null>()),
  'live.mode': event<ModeInfo>('latest', 1),
} as const;
