// The built-in demo gateway (docs/glossary.md "Demo gateway"): the ISMG simulator started in-process on 127.0.0.1 with a
// sample CMPP 3.0 account (SP_Id 900001, secret 888888), and a SEPARATE demo database
// (<dataDir>/demo.db) so demo traffic never mixes with the operator's real delivery log. The demo
// database is seeded once (account, a 50-number group with merge fields, a template, a few MOs);
// every start points the account at the simulator's new port. Reports are mostly DELIVRD with
// some UNDELIV / EXPIRED, and MOs arrive now and then (questions, a long MO, an opt-out word and
// the opt-in that undoes it), so every screen has something real to show.
//
// Decision: the simulator listens on an ephemeral port (0) by default. A fixed port would collide
// with a second copy of the app, a test run or a real gateway tunnel on 7890; the account row is
// updated at every start, so nothing else needs to know the port.
import type { Codes } from '../../../shared/error-codes.js';
import { join } from 'node:path';
import { IsmgSimulator } from '../../simulator/index.js';
import type { ReportBehaviour } from '../../simulator/index.js';
import type { SecretCipher } from '../../store/cipher.js';
import { Workspace, type WorkspaceOptions } from '../workspace.js';
import type { DemoBehaviourView, DemoStatusView } from '../../../shared/ipc/contract/demo.js';
import { detail, shownValue, type ErrorDetail } from '../../../shared/error-detail.js';

export const DEMO_DB_FILE = 'demo.db';
export const DEMO_ACCOUNT_NAME = '演示网关 (Demo)';
export const DEMO_GROUP_NAME = '演示客户 (Demo customers)';
export const DEMO_TEMPLATE_NAME = '会员积分提醒 (Points reminder)';
export const DEMO_SP_ID = '900001';
export const DEMO_SECRET = '888888';
export const DEMO_SERVICE_ID = 'DEMO';
/** The SP's long number (access code); MOs are sent to it, campaigns may add an extension. */
export const DEMO_SRC_ID = '10690001';
export const DEMO_SIGNATURE = '【CMPP演示】';
export const DEMO_GROUP_SIZE = 50;

/** What the operator can change while the demo runs (Settings -> demo gateway). */
/** The contract's types (shared/ipc/contract/demo.ts): one definition for the service and the window. */
export type DemoBehaviour = DemoBehaviourView;

export const DEFAULT_DEMO_BEHAVIOUR: Readonly<DemoBehaviour> = Object.freeze({
  reportDelayMs: Object.freeze({ min: 300, max: 2500 }),
  undeliveredShare: 0.06,
  expiredShare: 0.03,
  moEverySeconds: 45,
});

export const DEMO_LIMITS = {
  reportDelayMaxMs: 600_000,
  moEveryMinSeconds: 2,
  moEveryMaxSeconds: 86_400,
} as const;

export class DemoError extends Error {
  constructor(
    readonly code: Codes<'invalid-input' | 'demo-stopped'>,
    message: string,
    /** The rule broken, as data (shared/error-detail.ts), for the operator's language. */
    readonly detail?: ErrorDetail,
  ) {
    super(message);
    this.name = 'DemoError';
  }
}

export interface DemoGatewayOptions {
  /** The per-user data directory; the demo database is `<dataDir>/demo.db`. */
  dataDir: string;
  cipher: SecretCipher;
  previousCiphers?: readonly SecretCipher[];
  /** Workspace options other than the path and cipher (pool timers in tests, autoPump in the app). */
  workspace?: Partial<Omit<WorkspaceOptions, 'dbPath' | 'cipher' | 'previousCiphers'>>;
  behaviour?: Partial<DemoBehaviour>;
  /** Simulator port; default 0 (ephemeral). */
  port?: number;
  /** Connect the demo account at start (default true), so MOs and reports flow at once. */
  connect?: boolean;
  /** Diagnostic lines from the simulator. */
  log?: (line: string) => void;
}

export type DemoStatus = DemoStatusView;

// Realistic replies for the periodic MO traffic. `optOut` / `optIn` pair up so the demo group does
// not wither: a number that texts 退订 texts 订阅 a little later.
const CHATTER = [
  '你好，请问这个活动什么时候结束？',
  '收到，谢谢！',
  '积分可以兑换话费吗？',
  'OK',
  '请问门店几点关门？',
  '好的',
];
/** A long MO (two UCS2 segments), to show reassembly. */
const LONG_MO =
  '您好，我上周在你们门店办理了会员卡，但是一直没有收到开卡积分，客服电话也打不通。' +
  '麻烦帮忙查一下我的积分是否已经到账，如果没有到账请尽快处理，另外想问一下积分有效期是多久，' +
  '过期之后还能不能恢复，以及积分能不能转给家人使用。谢谢！';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
const GIVEN = ['伟', '芳', '娜', '敏', '静'];
const CITIES = ['北京', '上海', '广州', '深圳', '杭州', '成都', '武汉', '南京', '西安', '重庆'];

/** The 50 demo numbers: China Mobile 139 block, stable so a reseeded demo looks the same. */
export function demoNumbers(): string[] {
  return Array.from({ length: DEMO_GROUP_SIZE }, (_, i) => `1390000${String(1001 + i)}`);
}

/** Numbers outside the group that also text in (an unknown customer is the classic inbox case). */
const OUTSIDERS = ['13800138000', '13912345678', '15000001111'];

export function checkBehaviour(b: DemoBehaviour): DemoBehaviour {
  const { min, max } = b.reportDelayMs ?? ({} as { min?: number; max?: number });
  const int = (v: unknown, what: string, lo: number, hi: number): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
      throw new DemoError('invalid-input', `${what} must be a whole number from ${lo} to ${hi}, got ${String(v)}`, detail('out-of-range', what, { min: lo, max: hi, value: shownValue(v) }));
    }
    return v;
  };
  const share = (v: unknown, what: string): number => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
      throw new DemoError('invalid-input', `${what} must be a fraction from 0 to 1, got ${String(v)}`, detail('not-fraction', what, { value: shownValue(v) }));
    }
    return v;
  };
  const lo = int(min, 'report delay minimum (ms)', 0, DEMO_LIMITS.reportDelayMaxMs);
  const hi = int(max, 'report delay maximum (ms)', 0, DEMO_LIMITS.reportDelayMaxMs);
  if (hi < lo) throw new DemoError('invalid-input', `report delay maximum (${hi} ms) is below the minimum (${lo} ms)`, detail('report-delay-order', undefined, { min: lo, max: hi }));
  const undelivered = share(b.undeliveredShare, 'UNDELIV share');
  const expired = share(b.expiredShare, 'EXPIRED share');
  // Tolerate float noise such as 0.7 + 0.3 > 1 by a hair.
  if (undelivered + expired > 1 + 1e-9) {
    throw new DemoError('invalid-input', `UNDELIV and EXPIRED shares add up to more than 1 (${undelivered} + ${expired})`, detail('shares-over-one', undefined, { undelivered, expired }));
  }
  const every = b.moEverySeconds;
  if (every !== 0) int(every, 'MO interval (s)', DEMO_LIMITS.moEveryMinSeconds, DEMO_LIMITS.moEveryMaxSeconds);
  return { reportDelayMs: { min: lo, max: hi }, undeliveredShare: undelivered, expiredShare: expired, moEverySeconds: every };
}

function reportPolicy(b: DemoBehaviour): ReportBehaviour {
  const delivered = Math.max(0, 1 - b.undeliveredShare - b.expiredShare);
  const statMix: Record<string, number> = {};
  if (delivered > 0) statMix.DELIVRD = delivered;
  if (b.undeliveredShare > 0) statMix.UNDELIV = b.undeliveredShare;
  if (b.expiredShare > 0) statMix.EXPIRED = b.expiredShare;
  // A 0/0/0 mix cannot happen (the shares are capped at 1), but keep the simulator's default then.
  return { delayMs: { min: b.reportDelayMs.min, max: b.reportDelayMs.max }, statMix: Object.keys(statMix).length > 0 ? statMix : { DELIVRD: 1 } };
}

export class DemoGateway {
  private behaviourNow: DemoBehaviour;
  private moTimer: NodeJS.Timeout | undefined;
  private moTurn = 0;
  private stopped = false;
  private closing: Promise<void> | undefined;

  private constructor(
    readonly simulator: IsmgSimulator,
    readonly workspace: Workspace,
    readonly accountId: number,
    readonly groupId: number | null,
    readonly templateId: number | null,
    behaviour: DemoBehaviour,
  ) {
    this.behaviourNow = behaviour;
  }

  /**
   * Starts the simulator, opens (creating and seeding on first use) the demo database, points the
   * demo account at the simulator, connects it and starts the MO traffic.
   */
  static async start(opts: DemoGatewayOptions): Promise<DemoGateway> {
    const behaviour = checkBehaviour({ ...DEFAULT_DEMO_BEHAVIOUR, reportDelayMs: { ...DEFAULT_DEMO_BEHAVIOUR.reportDelayMs }, ...opts.behaviour });
    const simulator = await IsmgSimulator.start({
      host: '127.0.0.1',
      port: opts.port ?? 0,
      accounts: [{ spId: DEMO_SP_ID, secret: DEMO_SECRET, version: '3.0' }],
      reports: reportPolicy(behaviour),
      // The demo is a long-running process: keeping every PDU would grow without bound.
      record: false,
      ...(opts.log ? { log: opts.log } : {}),
    });
    let workspace: Workspace | undefined;
    try {
      workspace = Workspace.open({
        ...opts.workspace,
        dbPath: join(opts.dataDir, DEMO_DB_FILE),
        cipher: opts.cipher,
        ...(opts.previousCiphers ? { previousCiphers: opts.previousCiphers } : {}),
      });
      const seeded = seed(workspace, simulator.port);
      const demo = new DemoGateway(simulator, workspace, seeded.accountId, seeded.groupId, seeded.templateId, behaviour);
      if (opts.connect !== false) workspace.pool(seeded.accountId);
      // The first start fills the inbox; the simulator holds MOs until the account logs in.
      if (seeded.created) await demo.sendStartMos();
      demo.scheduleMos();
      return demo;
    } catch (e) {
      await workspace?.close().catch(() => {});
      await simulator.stop();
      throw e;
    }
  }

  get running(): boolean {
    return !this.stopped;
  }

  get behaviour(): DemoBehaviour {
    return structuredClone(this.behaviourNow);
  }

  /** Changes the behaviour at run time; reports already scheduled keep their delay. */
  setBehaviour(patch: Partial<DemoBehaviour>): DemoBehaviour {
    if (this.stopped) throw new DemoError('demo-stopped', 'the demo gateway is stopped');
    const next = checkBehaviour({ ...this.behaviourNow, ...patch, reportDelayMs: { ...this.behaviourNow.reportDelayMs, ...patch.reportDelayMs } });
    this.simulator.setReports(reportPolicy(next));
    const rescheduled = next.moEverySeconds !== this.behaviourNow.moEverySeconds;
    this.behaviourNow = next;
    if (rescheduled) this.scheduleMos();
    return this.behaviour;
  }

  /** An MO from a handset to the demo account (Dest_Id = the SP's long number + `ext`). */
  async sendMo(mo: { from: string; text: string; ext?: string }): Promise<void> {
    if (this.stopped) throw new DemoError('demo-stopped', 'the demo gateway is stopped');
    if (typeof mo.text !== 'string' || mo.text.trim() === '') throw new DemoError('invalid-input', 'the MO text is empty', detail('empty', 'MO text'));
    if (!/^\d{1,21}$/.test(mo.from)) throw new DemoError('invalid-input', `the MO sender must be 1 to 21 digits, got "${mo.from}"`, detail('digits-length', 'MO sender', { min: 1, max: 21, value: shownValue(mo.from) }));
    const ext = mo.ext ?? '';
    if (!/^\d{0,12}$/.test(ext) || DEMO_SRC_ID.length + ext.length > 21) {
      throw new DemoError('invalid-input', `the Src_Id extension must be digits, at most ${21 - DEMO_SRC_ID.length}`, detail('digits-length', 'srcIdExt', { min: 0, max: 21 - DEMO_SRC_ID.length, value: shownValue(ext) }));
    }
    await this.simulator.sendMo({ spId: DEMO_SP_ID, from: mo.from, to: DEMO_SRC_ID + ext, text: mo.text, serviceId: DEMO_SERVICE_ID });
  }

  status(): DemoStatus {
    const s = this.simulator.stats;
    return {
      running: !this.stopped,
      host: this.simulator.host,
      port: this.simulator.port,
      accountId: this.accountId,
      groupId: this.groupId,
      templateId: this.templateId,
      spId: DEMO_SP_ID,
      srcId: DEMO_SRC_ID,
      version: '3.0',
      dbPath: this.workspace.dbPath,
      behaviour: this.behaviour,
      connections: this.stopped ? 0 : this.simulator.connections(DEMO_SP_ID),
      submits: s.submits,
      reportsSent: s.reportsSent,
      mosSent: s.mosSent,
    };
  }

  /**
   * Closes the demo workspace first (the pump stops, in-flight responses are collected, the
   * sessions TERMINATE while the simulator still answers), then the simulator.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.stopped = true;
      clearTimeout(this.moTimer);
      this.moTimer = undefined;
      try {
        await this.workspace.close();
      } finally {
        await this.simulator.stop();
      }
    })();
    return this.closing;
  }

  private async sendStartMos(): Promise<void> {
    const numbers = demoNumbers();
    await this.sendMo({ from: numbers[2]!, text: '你好，请问这个活动什么时候结束？' });
    await this.sendMo({ from: numbers[7]!, text: LONG_MO });
    await this.sendMo({ from: OUTSIDERS[0]!, text: '退订' });
  }

  private scheduleMos(): void {
    clearTimeout(this.moTimer);
    this.moTimer = undefined;
    const every = this.behaviourNow.moEverySeconds;
    if (this.stopped || every === 0) return;
    this.moTimer = setTimeout(() => {
      this.moTimer = undefined;
      const mo = this.nextMo();
      this.sendMo(mo)
        .catch((e: unknown) => this.workspace.log({ level: 'warn', code: 'demo-mo', message: `demo MO failed: ${e instanceof Error ? e.message : String(e)}` }))
        .finally(() => this.scheduleMos());
    }, every * 1000);
    // The demo must never keep a process alive on its own.
    this.moTimer.unref();
  }

  /** The periodic MO script: chatter, now and then a long MO, an opt-out and its opt-in. */
  private nextMo(): { from: string; text: string } {
    const turn = this.moTurn++;
    const numbers = demoNumbers();
    const from = turn % 4 === 3 ? OUTSIDERS[turn % OUTSIDERS.length]! : numbers[(turn * 7) % numbers.length]!;
    const slot = turn % 12;
    if (slot === 5) return { from: numbers[20]!, text: 'TD' };
    if (slot === 9) return { from: numbers[20]!, text: '订阅' };
    if (slot === 11) return { from, text: LONG_MO };
    return { from, text: CHATTER[turn % CHATTER.length]! };
  }
}

interface Seeded {
  accountId: number;
  groupId: number | null;
  templateId: number | null;
  created: boolean;
}

/** Seeds the demo database once; later starts only point the account at the simulator's port. */
function seed(ws: Workspace, port: number): Seeded {
  const store = ws.store;
  const existing = store.accounts.findByName(DEMO_ACCOUNT_NAME);
  if (existing) {
    store.accounts.patch(existing.id, { host: '127.0.0.1', port, spId: DEMO_SP_ID, secret: DEMO_SECRET, version: '3.0' });
    return {
      accountId: existing.id,
      groupId: store.contacts.findGroup(DEMO_GROUP_NAME)?.id ?? null,
      templateId: store.templates.findByName(DEMO_TEMPLATE_NAME)?.id ?? null,
      created: false,
    };
  }
  return store.transaction(() => {
    const account = store.accounts.create({
      name: DEMO_ACCOUNT_NAME,
      host: '127.0.0.1',
      port,
      version: '3.0',
      spId: DEMO_SP_ID,
      secret: DEMO_SECRET,
      serviceId: DEMO_SERVICE_ID,
      srcId: DEMO_SRC_ID,
      connections: 2,
      rate: 200,
      signature: DEMO_SIGNATURE,
      signaturePosition: 'prefix',
    });
    const group = store.contacts.findGroup(DEMO_GROUP_NAME) ?? store.contacts.createGroup(DEMO_GROUP_NAME);
    const rows = demoNumbers().map((number, i) => {
      const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}`;
      return { number, name, fields: { 姓名: name, 城市: CITIES[i % CITIES.length]!, 积分: String(100 + ((i * 37) % 900)) } };
    });
    // A generator: drive it to the end (50 rows are one chunk).
    for (const _ of store.contacts.addMembers(group.id, rows));
    const template =
      store.templates.findByName(DEMO_TEMPLATE_NAME) ??
      store.templates.create(DEMO_TEMPLATE_NAME, '尊敬的{姓名}，您在{城市}门店的会员积分为{积分}分，本月底前可兑换礼品。回复TD退订');
    store.audit.append({ actor: 'demo', action: 'demo.seed', accountId: account.id, details: { group: group.id, template: template.id, members: rows.length } });
    return { accountId: account.id, groupId: group.id, templateId: template.id, created: true };
  });
}
