// From claimed outbox messages to SUBMIT PDUs (docs/protocol.md "Message bodies", "Long messages and encodings", "Group sends"): each message's text planned with
// the account's signature, gateway footer, encoding and segment cap; messages with the same text,
// reference and overrides grouped up to the account's destinations-per-SUBMIT; one PDU per segment
// and destination group. Also the one planning rule enqueue uses, so the segment count stored at
// enqueue is the one the pump sends.
import type { SubmitRequest } from '../../cmpp/session/client.js';
import { planMessage, PlanError } from '../../sms/index.js';
import type { Account } from '../../store/accounts.js';
import type { Campaign } from '../../store/campaigns.js';
import type { ClaimedMessage } from '../../store/outbox.js';
import { isCharged } from '../../store/validate.js';
import type { MessagePlan, PlanOptions } from '../../../shared/plan.js';
import { reasons } from '../../../shared/reasons.js';
import { detail, type ErrorDetail } from '../../../shared/error-detail.js';

/** The planner options an account implies (docs/protocol.md "Long messages and encodings": signature and gateway footer counted). */
export function planOptionsFor(account: Account, text: string, reference?: number): PlanOptions {
  // Decision: the account's signature is added unless the text already carries it verbatim, so an
  // operator who types the signature into a template does not send it twice.
  const signature = account.signature !== '' && !text.includes(account.signature) ? account.signature : '';
  return {
    encoding: account.useGbk ? 'gbk' : 'auto',
    signature,
    signaturePosition: account.signaturePosition,
    gatewayFooter: account.gatewayAppends,
    maxSegments: account.maxSegments,
    udhRefBits: 8,
    ...(reference !== undefined ? { reference } : {}),
  };
}

export class UnsendableTextError extends Error {
  readonly code = 'invalid-input';
  /** Why, as data (shared/error-detail.ts): more segments than the account allows, or characters the encoding cannot write. */
  readonly detail: ErrorDetail;
  constructor(
    message: string,
    readonly plan: MessagePlan | null,
  ) {
    super(message);
    this.name = 'UnsendableTextError';
    const overCap = plan?.warnings.find((w) => w.code === 'over-cap');
    if (overCap?.code === 'over-cap') this.detail = detail('text-over-cap', 'text', { segments: overCap.segments, max: overCap.max });
    else if (plan?.warnings.some((w) => w.code === 'empty')) this.detail = detail('empty', 'text');
    else this.detail = detail(plan ? 'text-unencodable' : 'unsendable-text', 'text');
  }
}

/** Plans a text for an account; throws UnsendableTextError with the reason when it cannot be sent. */
export function planFor(account: Account, text: string, reference?: number): MessagePlan {
  let plan: MessagePlan;
  try {
    plan = planMessage(text, planOptionsFor(account, text, reference));
  } catch (e) {
    if (e instanceof PlanError) throw new UnsendableTextError(reasons.unsendable(e.message), null);
    throw e;
  }
  if (!plan.sendable) {
    const codes = plan.warnings.map((w) =>
      w.code === 'over-cap' ? `${w.segments} segments, more than the account's maximum of ${w.max}` : w.code,
    );
    throw new UnsendableTextError(reasons.unsendable(codes.join(', ')), plan);
  }
  return plan;
}

/** A bounded cache of plans by (account, text, reference): one campaign text is planned once. */
export class PlanCache {
  private readonly map = new Map<string, { plan: MessagePlan; contents: Buffer[] } | { error: string }>();

  constructor(private readonly max = 2000) {}

  get(account: Account, text: string, reference: number | undefined): { plan: MessagePlan; contents: Buffer[] } | { error: string } {
    const key = `${account.id}\u0000${account.updatedAt}\u0000${reference ?? ''}\u0000${text}`;
    let hit = this.map.get(key);
    if (hit) return hit;
    try {
      const plan = planFor(account, text, reference);
      hit = { plan, contents: plan.segments.map((s) => Buffer.from(s.contentHex, 'hex')) };
    } catch (e) {
      if (!(e instanceof UnsendableTextError)) throw e;
      hit = { error: e.message };
    }
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, hit);
    return hit;
  }
}

/** One SUBMIT to hand to the pool, with the segments it carries (one per destination, in order). */
export interface PduJob {
  req: SubmitRequest;
  segmentIds: number[];
  messageIds: number[];
  campaignId: number | null;
  /** FeeCode > 0: an in-doubt outcome waits for the operator. */
  charged: boolean;
}

export interface BuildResult {
  jobs: PduJob[];
  /** Segments that cannot be sent (text unplannable, plan changed since enqueue), with why. */
  unsendable: { segmentIds: number[]; reason: string }[];
  /** Long messages that need a reference: grouped by text, the caller assigns one per group. */
}

/** Allocates the next concatenation reference of an account (per-account counter). */
export type RefAllocator = () => number;

/**
 * Builds the PDUs for messages claimed from one campaign (or the direct sends). Long messages
 * without a reference get one per text group from `nextRef`; `assignRefs` stores them (before any
 * PDU is handed over, so a later resend uses the same one).
 */
export function buildPdus(
  claimed: readonly ClaimedMessage[],
  account: Account,
  campaign: Campaign | null,
  plans: PlanCache,
  nextRef: RefAllocator,
  assignRefs: (messageIds: number[], ref: number) => void,
): BuildResult {
  const unsendable: BuildResult['unsendable'] = [];
  // Reference assignment for first claims of long messages, one per distinct text.
  const newRefs = new Map<string, { ref: number; ids: number[] }>();
  const refOf = new Map<number, number | undefined>();
  for (const m of claimed) {
    const total = m.segments[0]?.pkTotal ?? 1;
    if (total <= 1) continue;
    if (m.concatRef !== null) {
      refOf.set(m.messageId, m.concatRef);
      continue;
    }
    const text = m.text ?? campaign?.text ?? '';
    let g = newRefs.get(text);
    if (!g) newRefs.set(text, (g = { ref: nextRef(), ids: [] }));
    g.ids.push(m.messageId);
    refOf.set(m.messageId, g.ref);
  }
  for (const g of newRefs.values()) assignRefs(g.ids, g.ref);

  const dests = account.destsPerSubmit;
  const groups = new Map<string, { m: ClaimedMessage[]; plan: MessagePlan; contents: Buffer[]; pks: number[] }>();
  for (const m of claimed) {
    const text = m.text ?? campaign?.text;
    const ids = m.segments.map((s) => s.segmentId);
    if (text === undefined || text === null) {
      unsendable.push({ segmentIds: ids, reason: reasons.noText() });
      continue;
    }
    const ref = refOf.get(m.messageId);
    const p = plans.get(account, text, ref);
    if ('error' in p) {
      unsendable.push({ segmentIds: ids, reason: p.error });
      continue;
    }
    const total = m.segments[0]?.pkTotal ?? 1;
    if (p.plan.segments.length !== total) {
      unsendable.push({
        segmentIds: ids,
        reason: reasons.replanned(p.plan.segments.length, total),
      });
      continue;
    }
    const pks = m.segments.map((s) => s.pkNumber);
    const key = [ref ?? '', m.srcId ?? '', m.serviceId ?? '', m.linkId ?? '', pks.join(','), text].join('\u0000');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { m: [], plan: p.plan, contents: p.contents, pks }));
    g.m.push(m);
  }

  const jobs: PduJob[] = [];
  const v3 = account.version === '3.0';
  const fee = campaign ?? account;
  const charged = isCharged(fee.feeCode);
  for (const g of groups.values()) {
    const first = g.m[0]!;
    const srcId = first.srcId ?? account.srcId + (campaign?.srcIdExt ?? '');
    const serviceId = first.serviceId ?? campaign?.serviceId ?? account.serviceId;
    for (let i = 0; i < g.m.length; i += dests) {
      const chunk = g.m.slice(i, i + dests);
      for (let k = 0; k < g.pks.length; k++) {
        const pk = g.pks[k]!;
        const seg = g.plan.segments[pk - 1]!;
        const req: SubmitRequest = {
          Pk_total: seg.total,
          Pk_number: seg.index,
          Registered_Delivery: campaign?.registeredDelivery ?? account.registeredDelivery,
          Msg_level: 0,
          Service_Id: serviceId,
          Fee_UserType: fee.feeUserType,
          Fee_terminal_Id: fee.feeTerminalId,
          TP_pId: 0,
          TP_udhi: g.plan.tpUdhi,
          Msg_Fmt: g.plan.msgFmt,
          Msg_src: account.spId,
          FeeType: fee.feeType,
          FeeCode: fee.feeCode,
          ValId_Time: campaign?.validTime ?? '',
          At_Time: campaign?.atTime ?? '',
          Src_Id: srcId,
          Dest_terminal_Id: chunk.map((m) => m.number),
          Msg_Content: g.contents[pk - 1]!,
          ...(v3 ? { Fee_terminal_type: 0, Dest_terminal_type: 0, LinkID: first.linkId ?? '' } : { Reserve: '' }),
        };
        jobs.push({
          req,
          segmentIds: chunk.map((m) => m.segments[k]!.segmentId),
          messageIds: chunk.map((m) => m.messageId),
          campaignId: first.campaignId,
          charged,
        });
      }
    }
  }
  return { jobs, unsendable };
}
