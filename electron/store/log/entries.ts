// A message row of the log as the store reads it (ENTRY_COLUMNS) and as it hands it out: the
// contract's LogEntry, with the roll-up a long message in progress shows. The views and the search
// both read entries through here.
import type { LogEntry } from '../../../shared/ipc/contract/log.js';
import { displayRollup, isMessageInProgress, type MessageState } from '../../../shared/message-state.js';

export type { LogEntry };

/** The columns of ENTRY_COLUMNS (queries.ts) as SQLite returns them. */
export interface EntryRow {
  id: number;
  campaign_id: number | null;
  account_id: number;
  number: string;
  state: MessageState;
  reason: string | null;
  result: number | null;
  stat: string | null;
  possible_duplicate: number;
  segment_count: number;
  billed_count: number;
  created_at: number;
  submitted_at: number | null;
  done_at: number | null;
}

/** The entry of a row; `segmentStates` is asked only for a long message still in progress. */
export function entryOf(r: EntryRow, segmentStates: (messageId: number) => MessageState[]): LogEntry {
  const rollup = isMessageInProgress(r.state) && r.segment_count > 1 ? displayRollup(segmentStates(r.id), r.state) : r.state;
  return {
    id: r.id,
    campaignId: r.campaign_id,
    accountId: r.account_id,
    number: r.number,
    state: r.state,
    rollup,
    stat: r.stat,
    result: r.result,
    reason: r.reason,
    segmentCount: r.segment_count,
    billedCount: r.billed_count,
    possibleDuplicate: r.possible_duplicate === 1,
    createdAt: r.created_at,
    submittedAt: r.submitted_at,
    doneAt: r.done_at,
  };
}

/** Merges per-part lists (each sorted in `dir` order by (created_at, id)) and keeps the first `limit`. */
export function mergeParts(lists: EntryRow[][], dir: 'asc' | 'desc', limit: number): EntryRow[] {
  if (lists.length === 1) return lists[0]!;
  const sign = dir === 'asc' ? 1 : -1;
  return lists
    .flat()
    .sort((a, b) => sign * (a.created_at - b.created_at || a.id - b.id))
    .slice(0, limit);
}
