// One row of the delivery-log export as the scan hands it out: a single reused record (ScanRecord)
// filled from a packed batch (export-batches.ts), never an object per row; campaign and account
// columns from a per-scan cache on the main connection (Owners); the Msg_Id printed from its two
// 32-bit halves only when read.
import type Database from 'better-sqlite3';
import type { MessageState } from '../../../shared/message-state.js';
import { NN, NT } from './export-columns.js';
import type { PackedBatch } from './export-batches.js';
import type { ExportRecord } from './export-records.js';
import { LOG_STATEMENTS } from './queries.js';

// ---- Msg_Id text ------------------------------------------------------------------------------

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Unsigned decimal of high * 2^32 + low, exactly: 2^32 = 42949 * 10^5 + 67296. */
export function msgIdDecimal(high: number, low: number): string {
  const hi = high >>> 0;
  let a = hi * 42949;
  let b = hi * 67296 + (low >>> 0);
  a += Math.floor(b / 100_000);
  b %= 100_000;
  return a === 0 ? String(b) : `${a}${pad(b, 5)}`;
}

/** docs/protocol.md "Msg_Id": MMDDHHMMSS + ISMG code (7 digits) + sequence (5 digits), from the two halves. */
export function msgId22(high: number, low: number): string {
  const hi = high >>> 0;
  const lo = low >>> 0;
  return (
    pad(hi >>> 28, 2) + pad((hi >>> 23) & 31, 2) + pad((hi >>> 18) & 31, 2) + pad((hi >>> 12) & 63, 2) + pad((hi >>> 6) & 63, 2) +
    pad(((hi & 63) * 65536) + (lo >>> 16), 7) + pad(lo & 0xffff, 5)
  );
}

// ---- the record --------------------------------------------------------------------------------

interface Owner {
  name: string;
  /** A campaign's text (a message's own text, when it has one, overrides it). */
  text: string | null;
  srcId: string;
  srcIdExt: string;
  serviceId: string;
  feeType: string;
  feeCode: string;
}

/** Campaign and account columns, read once per scan. */
export class Owners {
  private readonly campaigns = new Map<number, Owner | null>();
  private readonly accounts = new Map<number, Owner>();
  private readonly campaignStmt: Database.Statement;
  private readonly accountStmt: Database.Statement;
  private lastCampaignId = NaN;
  private lastCampaign: Owner | null = null;
  private lastAccountId = NaN;
  private lastAccount: Owner | null = null;

  constructor(db: Database.Database) {
    this.campaignStmt = db.prepare(LOG_STATEMENTS.exportCampaign);
    this.accountStmt = db.prepare(LOG_STATEMENTS.exportAccount);
  }

  campaign(id: number): Owner | null {
    if (id === this.lastCampaignId) return this.lastCampaign;
    let c = this.campaigns.get(id);
    if (c === undefined) {
      c = (this.campaignStmt.get(id) as Owner | undefined) ?? null;
      this.campaigns.set(id, c);
    }
    this.lastCampaignId = id;
    this.lastCampaign = c;
    return c;
  }

  account(id: number): Owner {
    if (id === this.lastAccountId) return this.lastAccount!;
    let a = this.accounts.get(id);
    if (!a) {
      a = this.accountStmt.get(id) as Owner;
      this.accounts.set(id, a);
    }
    this.lastAccountId = id;
    this.lastAccount = a;
    return a;
  }
}

/** The one record a scan hands out, row after row. The Msg_Id texts are printed only when read. */
export class ScanRecord implements ExportRecord {
  messageId = 0;
  campaignId: number | null = null;
  campaignName: string | null = null;
  accountId = 0;
  accountName = '';
  number = '';
  messageState: MessageState = 'queued';
  segmentState: MessageState | null = null;
  reason: string | null = null;
  text: string | null = null;
  stat: string | null = null;
  result: number | null = null;
  msgIdHigh: number | null = null;
  msgIdLow: number | null = null;
  pkNumber: number | null = null;
  pkTotal = 0;
  createdAt = 0;
  submitAt: number | null = null;
  responseAt: number | null = null;
  reportAt: number | null = null;
  doneTime: string | null = null;
  srcId = '';
  serviceId = '';
  feeType = '';
  feeCode = '';
  billedCount = 0;
  possibleDuplicate = false;
  inDoubt = false;
  sendCount: number | null = null;

  get msgId(): string | null {
    return this.msgIdHigh === null ? null : msgIdDecimal(this.msgIdHigh, this.msgIdLow!);
  }

  get msgId22(): string | null {
    return this.msgIdHigh === null ? null : msgId22(this.msgIdHigh, this.msgIdLow!);
  }

  /** A plain copy that outlives the scan. */
  copy(): ExportRecord {
    return { ...this, msgId: this.msgId, msgId22: this.msgId22 };
  }

  /** Row k of the batch. */
  fill(b: PackedBatch, k: number, owners: Owners): void {
    const nums = b.nums;
    const strs = b.strs;
    const text = b.text;
    const nb = k * NN;
    const sb = k * NT;
    const num = (c: number): number | null => {
      const v = nums[nb + c]!;
      return v !== v ? null : v; // NaN: NULL
    };
    const str = (c: number): string | null => {
      const i = strs[sb + c]!;
      return i < 0 ? null : text[i]!;
    };
    const campaignId = num(2);
    const accountId = nums[nb + 3]!;
    const c = campaignId === null ? null : owners.campaign(campaignId);
    const a = owners.account(accountId);
    const messageState = text[strs[sb + 1]!] as MessageState;
    const segmentState = str(2) as MessageState | null;
    this.createdAt = nums[nb]!;
    this.messageId = nums[nb + 1]!;
    this.campaignId = campaignId;
    this.campaignName = c ? c.name : null;
    this.accountId = accountId;
    this.accountName = a.name;
    this.result = num(4);
    this.msgIdHigh = num(5);
    this.msgIdLow = num(6);
    this.pkNumber = num(7);
    this.pkTotal = nums[nb + 8]!;
    this.submitAt = num(9);
    this.responseAt = num(10);
    this.reportAt = num(11);
    this.billedCount = nums[nb + 12]!;
    this.possibleDuplicate = nums[nb + 13] === 1;
    this.sendCount = num(14);
    this.number = text[strs[sb]!]!;
    this.messageState = messageState;
    this.segmentState = segmentState;
    this.reason = str(3);
    this.stat = str(4);
    this.doneTime = str(5);
    this.srcId = str(6) ?? a.srcId + (c ? c.srcIdExt : '');
    this.serviceId = str(7) ?? (c ? c.serviceId : a.serviceId);
    this.text = str(8) ?? (c ? c.text : null);
    this.feeType = c ? c.feeType : a.feeType;
    this.feeCode = c ? c.feeCode : a.feeCode;
    this.inDoubt = segmentState === 'in_doubt' || (segmentState === null && messageState === 'in_doubt');
  }
}
