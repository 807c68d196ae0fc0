import { describe, expect, it } from 'vitest';
import {
  displayRollup,
  emptyStateCounts,
  isFinalState,
  isMessageState,
  isSettled,
  messageStateFromSegments,
  MessageStates,
  statOutcome,
} from '../../shared/message-state.js';

describe('message states', () => {
  it('is the one enum of docs/glossary.md "Message states", in order', () => {
    expect(MessageStates).toEqual(['queued', 'submitting', 'submitted', 'delivered', 'failed', 'unknown', 'in_doubt', 'skipped', 'cancelled']);
    expect(isMessageState('partial')).toBe(false);
    expect(isMessageState('delivered')).toBe(true);
    expect(Object.keys(emptyStateCounts())).toEqual([...MessageStates]);
  });

  it('knows which states are final; submitted is settled only without a report request', () => {
    expect(MessageStates.filter(isFinalState)).toEqual(['delivered', 'failed', 'unknown', 'skipped', 'cancelled']);
    expect(isSettled('submitted', false)).toBe(true);
    expect(isSettled('submitted', true)).toBe(false);
    expect(isSettled('in_doubt', false)).toBe(false);
  });

  it('classifies Stat as docs/protocol.md "Result and Status codes" says, keeping unknown families failed', () => {
    expect(statOutcome('DELIVRD')).toBe('delivered');
    expect(statOutcome('DELIVRD ')).toBe('delivered');
    expect(statOutcome('ACCEPTD')).toBe('pending');
    expect(statOutcome('UNKNOWN')).toBe('unknown');
    for (const s of ['EXPIRED', 'UNDELIV', 'REJECTD', 'DELETED', 'MA:0001', 'MK:0012', 'AF:4']) expect(statOutcome(s)).toBe('failed');
    // Not a Stat at all (NULs, bytes outside printable ASCII): the outcome is unknown, never failed.
    for (const s of ['', '\u00ff<x>', 'invalid Stat 0xff3c783e']) expect(statOutcome(s)).toBe('unknown');
  });
});

describe('segment -> message rollup', () => {
  it('delivers a long message only when every segment is delivered', () => {
    expect(messageStateFromSegments(['delivered', 'delivered', 'delivered'])).toBe('delivered');
    expect(messageStateFromSegments(['delivered', 'submitted', 'delivered'])).toBe('submitted');
  });

  it('fails the message when any segment failed, whatever the others', () => {
    expect(messageStateFromSegments(['delivered', 'failed', 'submitted'])).toBe('failed');
    expect(messageStateFromSegments(['in_doubt', 'failed'])).toBe('failed');
  });

  it('orders the rest: in_doubt, queued, submitting, submitted, unknown, cancelled', () => {
    expect(messageStateFromSegments(['queued', 'in_doubt'])).toBe('in_doubt');
    expect(messageStateFromSegments(['submitted', 'queued'])).toBe('queued');
    expect(messageStateFromSegments(['submitted', 'submitting'])).toBe('submitting');
    expect(messageStateFromSegments(['delivered', 'unknown'])).toBe('unknown');
    expect(messageStateFromSegments(['delivered', 'cancelled'])).toBe('cancelled');
    expect(messageStateFromSegments(['unknown', 'cancelled'])).toBe('unknown');
    expect(messageStateFromSegments([])).toBeNull();
  });

  it('shows partial while some segments are delivered and the rest in progress, never stored', () => {
    expect(displayRollup(['delivered', 'submitted'], 'submitted')).toBe('partial');
    expect(displayRollup(['delivered', 'in_doubt'], 'in_doubt')).toBe('partial');
    expect(displayRollup(['submitted', 'submitted'], 'submitted')).toBe('submitted');
    expect(displayRollup(['delivered', 'failed'], 'failed')).toBe('failed');
    expect(displayRollup(['delivered', 'unknown'], 'unknown')).toBe('unknown');
    expect(displayRollup(['delivered', 'delivered'], 'delivered')).toBe('delivered');
    expect(displayRollup([], 'skipped')).toBe('skipped');
  });
});
