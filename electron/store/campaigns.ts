// Campaigns: what is sent (text or template snapshot), with which fee settings, when, and in which
// state. Per-state message counts are kept by triggers (migration 3) and read here.
import type Database from 'better-sqlite3';
import { emptyStateCounts, isMessageState, MessageStates, type StateCounts } from '../../shared/message-state.js';
import type { Accounts } from './accounts.js';
import { feeFieldDetail, feeFieldProblem } from '../../shared/account-defaults.js';
import { conflict, invalid, notFound } from './errors.js';
import { checkAscii, checkCmppTime, checkFee, checkInt, checkText, isCharged, type FeeFields } from './validate.js';
import { writeTransaction } from './transactions.js';
import type { CampaignState } from '../../shared/campaign-state.js';
import { detail } from '../../shared/error-detail.js';

export { CampaignStates, type CampaignState } from '../../shared/campaign-state.js';

/**
 * Allowed transitions. completed -> running reopens a campaign, e.g. when the operator resends its
 * in-doubt charged messages after it had settled. cancelled is final.
 */
const transitions: Record<CampaignState, readonly CampaignState[]> = {
  draft: ['running', 'cancelled'],
  running: ['paused', 'completed', 'cancelled'],
  paused: ['running', 'completed', 'cancelled'],
  completed: ['running'],
  cancelled: [],
};

export interface CampaignSettings extends FeeFields {
  name: string;
  accountId: number;
  templateId: number | null;
  /** The text as composed (merge fields unrendered when it came from a template). */
  text: string;
  serviceId: string;
  /** Appended to the account's Src_Id: MOs to that long number link back to this campaign. */
  srcIdExt: string;
  registeredDelivery: number;
  /** ValId_Time / At_Time, '' = gateway default / now (docs/protocol.md "Message bodies"). */
  validTime: string;
  atTime: string;
  /** When the pump may start, ms since epoch; null = at once. */
  scheduleAt: number | null;
  /** Commercial SMS: the 【签名】 rule applies (docs/glossary.md "Sending rules"). */
  commercial: boolean;
  createdBy: string;
}

export interface Campaign extends CampaignSettings {
  id: number;
  state: CampaignState;
  /** FeeCode > 0: in-doubt messages wait for the operator (docs/glossary.md "In doubt"). */
  charged: boolean;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  updatedAt: number;
  /** Deleted with its delivery-log rows kept (campaign-deletion.ts); null = not deleted. */
  deletedAt: number | null;
  /** Why the engine paused it (a shared/reasons.ts text: its account cannot log in); null otherwise. */
  pauseReason: string | null;
}

export type CampaignInput = Pick<CampaignSettings, 'name' | 'accountId' | 'text'> & Partial<CampaignSettings>;

export type CampaignCounts = StateCounts & { total: number };

interface CampaignRow {
  id: number;
  name: string;
  account_id: number;
  template_id: number | null;
  text: string;
  service_id: string;
  fee_type: string;
  fee_code: string;
  fee_user_type: number;
  fee_terminal_id: string;
  src_id_ext: string;
  registered_delivery: number;
  valid_time: string;
  at_time: string;
  schedule_at: number | null;
  commercial: number;
  deleted_at: number | null;
  state: CampaignState;
  created_by: string;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  updated_at: number;
  pause_reason: string | null;
}

const fromRow = (r: CampaignRow): Campaign => ({
  id: r.id,
  name: r.name,
  accountId: r.account_id,
  templateId: r.template_id,
  text: r.text,
  serviceId: r.service_id,
  feeType: r.fee_type,
  feeCode: r.fee_code,
  feeUserType: r.fee_user_type,
  feeTerminalId: r.fee_terminal_id,
  srcIdExt: r.src_id_ext,
  registeredDelivery: r.registered_delivery,
  validTime: r.valid_time,
  atTime: r.at_time,
  scheduleAt: r.schedule_at,
  commercial: r.commercial === 1,
  state: r.state,
  charged: isCharged(r.fee_code),
  createdBy: r.created_by,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
  pauseReason: r.pause_reason,
});

const select = 'SELECT * FROM campaigns';

export class Campaigns {
  private readonly s;

  constructor(
    private readonly db: Database.Database,
    private readonly accounts: Accounts,
  ) {
    this.s = {
      // The id is never one a removed campaign had: its statistics stay under that id (docs/glossary.md
      // "Statistics"), and a new campaign must not inherit them (SQLite would reuse the highest id).
      insert: db.prepare(`INSERT INTO campaigns (id, name, account_id, template_id, text, service_id, fee_type, fee_code,
        fee_user_type, fee_terminal_id, src_id_ext, registered_delivery, valid_time, at_time, schedule_at, commercial, state,
        created_by, created_at, updated_at)
        VALUES (max(coalesce((SELECT max(id) FROM campaigns), 0), coalesce((SELECT max(campaign_id) FROM statistics_daily), 0)) + 1, @name, @accountId, @templateId, @text, @serviceId, @feeType, @feeCode, @feeUserType, @feeTerminalId,
        @srcIdExt, @registeredDelivery, @validTime, @atTime, @scheduleAt, @commercialFlag, 'draft', @createdBy, @now, @now)`),
      update: db.prepare(`UPDATE campaigns SET name = @name, account_id = @accountId, template_id = @templateId,
        text = @text, service_id = @serviceId, fee_type = @feeType, fee_code = @feeCode, fee_user_type = @feeUserType,
        fee_terminal_id = @feeTerminalId, src_id_ext = @srcIdExt, registered_delivery = @registeredDelivery,
        valid_time = @validTime, at_time = @atTime, schedule_at = @scheduleAt, updated_at = @now WHERE id = @id`),
      initCount: db.prepare('INSERT INTO campaign_counts (campaign_id, state, n) VALUES (?, ?, 0)'),
      byId: db.prepare(`${select} WHERE id = ?`),
      all: db.prepare(`${select} ORDER BY id DESC`),
      byState: db.prepare(`${select} WHERE state = ? ORDER BY id`),
      bySrcExt: db.prepare(`${select} WHERE account_id = ? AND src_id_ext = ? ORDER BY id DESC LIMIT 1`),
      setState: db.prepare(`UPDATE campaigns SET state = @state, updated_at = @now, pause_reason = @reason,
        started_at = CASE WHEN @state = 'running' THEN coalesce(started_at, @now) ELSE started_at END,
        finished_at = CASE WHEN @state IN ('completed', 'cancelled') THEN @now WHEN @state = 'running' THEN NULL ELSE finished_at END
        WHERE id = @id AND state = @from`),
      counts: db.prepare('SELECT state, n FROM campaign_counts WHERE campaign_id = ?'),
      templateExists: db.prepare('SELECT 1 FROM templates WHERE id = ?'),
      removeDraft: db.prepare(`DELETE FROM campaigns WHERE id = ? AND state = 'draft'`),
    };
  }

  create(input: CampaignInput, now = Date.now()): Campaign {
    const account = this.accounts.get(input.accountId);
    const settings: CampaignSettings = {
      templateId: null,
      serviceId: account.serviceId,
      feeType: account.feeType,
      feeCode: account.feeCode,
      feeUserType: account.feeUserType,
      feeTerminalId: account.feeTerminalId,
      srcIdExt: '',
      registeredDelivery: account.registeredDelivery,
      validTime: '',
      atTime: '',
      scheduleAt: null,
      commercial: true,
      createdBy: '',
      ...(definedOnly(input) as CampaignInput),
    };
    this.validate(settings);
    return writeTransaction(this.db, () => {
      const id = Number(this.s.insert.run({ ...settings, commercialFlag: settings.commercial ? 1 : 0, now }).lastInsertRowid);
      for (const state of MessageStates) this.s.initCount.run(id, state);
      return this.get(id);
    });
  }

  get(id: number): Campaign {
    const r = this.s.byId.get(id) as CampaignRow | undefined;
    if (!r) throw notFound(`campaign ${id} does not exist`);
    return fromRow(r);
  }

  list(state?: CampaignState): Campaign[] {
    const rows = (state === undefined ? this.s.all.all() : this.s.byState.all(state)) as CampaignRow[];
    return rows.map(fromRow);
  }

  /** Changes settings; only while the campaign is a draft (what was sent must stay as it was sent). */
  patchDraft(id: number, patch: Partial<CampaignSettings>, now = Date.now()): Campaign {
    const c = this.get(id);
    if (c.state !== 'draft') throw conflict(`campaign ${id} is ${c.state}; only a draft can be edited`, detail('campaign-not-draft', undefined, { id, state: c.state }));
    const next: CampaignSettings = { ...c, ...definedOnly(patch) };
    this.validate(next);
    this.s.update.run({ ...next, id, now });
    return this.get(id);
  }

  /**
   * Moves the campaign to `to` if the transition is allowed (see `transitions`). `pauseReason` says
   * why the engine paused it; any other change clears it.
   */
  setState(id: number, to: CampaignState, now = Date.now(), pauseReason: string | null = null): Campaign {
    const c = this.get(id);
    if (!transitions[c.state].includes(to)) {
      throw conflict(`campaign ${id} cannot go from ${c.state} to ${to}`, detail('campaign-transition', undefined, { id, from: c.state, to }));
    }
    if (this.s.setState.run({ id, state: to, from: c.state, now, reason: to === 'paused' ? pauseReason : null }).changes === 0) {
      throw conflict(`campaign ${id} changed state meanwhile; try again`, detail('campaign-changed', undefined, { id }));
    }
    return this.get(id);
  }

  /**
   * Deletes a draft that has no messages left (outbox.deleteMessagesOf first): a campaign whose
   * creation failed half-way leaves nothing behind. Refuses anything but a draft.
   */
  removeDraft(id: number): void {
    if (this.s.removeDraft.run(id).changes === 0) throw conflict(`campaign ${id} is not a draft; it cannot be removed`);
  }

  /** The newest campaign of the account whose Src_Id extension is `ext` (to link an MO to it). */
  findBySrcExt(accountId: number, ext: string): Campaign | null {
    const r = this.s.bySrcExt.get(accountId, ext) as CampaignRow | undefined;
    return r ? fromRow(r) : null;
  }

  /** Messages per state (every state present) plus total, from the trigger-kept counters. */
  counts(id: number): CampaignCounts {
    this.get(id);
    const counts = emptyStateCounts();
    let total = 0;
    for (const { state, n } of this.s.counts.all(id) as { state: string; n: number }[]) {
      if (isMessageState(state)) counts[state] = n;
      total += n;
    }
    return { ...counts, total };
  }

  private validate(s: CampaignSettings): void {
    const account = this.accounts.get(s.accountId);
    checkText(s.name, 'campaign name', 1, 200);
    checkText(s.text, 'campaign text', 1, 10_000);
    checkAscii(s.serviceId, 'Service_Id', 0, 10);
    checkFee(s, account.version);
    if (!/^[0-9]*$/.test(s.srcIdExt)) throw invalid(`Src_Id extension must be digits, got "${s.srcIdExt}"`, detail('not-digits', 'srcIdExt', { value: s.srcIdExt }));
    if (account.srcId.length + s.srcIdExt.length > 21) {
      throw invalid(`Src_Id ${account.srcId} + extension ${s.srcIdExt} is longer than 21 characters (docs/protocol.md "Message bodies")`, detail('src-id-too-long', 'srcIdExt', { srcId: account.srcId, ext: s.srcIdExt, max: 21 }));
    }
    const rdProblem = feeFieldProblem('registeredDelivery', s.registeredDelivery, account.version);
    if (rdProblem) throw invalid(rdProblem, feeFieldDetail('registeredDelivery', s.registeredDelivery, account.version));
    checkCmppTime(s.validTime, 'ValId_Time');
    checkCmppTime(s.atTime, 'At_Time');
    if (s.scheduleAt !== null) checkInt(s.scheduleAt, 'schedule time', 0, Number.MAX_SAFE_INTEGER);
    if (s.templateId !== null) {
      checkInt(s.templateId, 'template id', 1, Number.MAX_SAFE_INTEGER);
      if (!this.s.templateExists.get(s.templateId)) throw notFound(`template ${s.templateId} does not exist`);
    }
    checkText(s.createdBy, 'created by', 0, 100);
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
