// A campaign none of whose recipients would get the message is refused before anything is written
// (shared/nothing-to-send.ts says why and how to fix it). Creation looks ahead in the very walk it
// then enqueues (recipient-walk.ts) until the first recipient that would be sent to; the Composer's
// batch plan reaches the same refusal from its counts of the same walk.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { nothingToSend, nothingToSendText, type NothingToSend, type NothingToSendCause } from '../../../shared/nothing-to-send.js';
import type { Recipient } from '../../store/outbox.js';
import { CampaignInputError } from './campaign-input.js';
import type { SkipCode } from './sending-rules.js';

/** Recipients looked at between two yields to the event loop (as the enqueue's own steps). */
const STEP = 2500;

/** The refusal as the typed error creation throws (code nothing-to-send; the CLI prints its line). */
export function nothingToSendError(r: NothingToSend): CampaignInputError {
  return new CampaignInputError(nothingToSendText(r), 'recipients', 'nothing-to-send');
}

/** The refusal when no recipient is left to send to, from the skips and refused numbers; else null. */
export function refusalOf(toSend: number, skippedByReason: Partial<Record<SkipCode, number>>, invalidNumbers: number): NothingToSend | null {
  if (toSend > 0) return null;
  const r = nothingToSend({ ...skippedByReason, 'invalid-number': invalidNumbers } satisfies Partial<Record<NothingToSendCause, number>>);
  return r.recipients > 0 ? r : null;
}

/**
 * Walks `recipients` (a fresh walk of the campaign's recipients, with counters of its own) until
 * one would be sent to. None: the refusal, from the walk's counts. The usual campaign stops at its
 * first recipient; only one that would be refused is walked to its end.
 */
export async function lookAhead(
  recipients: Iterable<Recipient>,
  skippedByReason: Partial<Record<SkipCode, number>>,
  invalidNumbers: () => number,
): Promise<NothingToSend | null> {
  let n = 0;
  for (const r of recipients) {
    if (!r.skipReason) return null;
    if (++n % STEP === 0) await yieldToEventLoop();
  }
  return refusalOf(0, skippedByReason, invalidNumbers());
}
