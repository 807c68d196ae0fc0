// The rows of the delivery-log export as the scanner and the reader hand them out, and the two
// reading interfaces: shared by delivery-log.ts (which plans the queries) and export-scan.ts
// (which reads them), so neither imports the other's types.
import type { MessageState } from '../../../shared/message-state.js';

/** One export row per segment (a message without segments yet gives one row with segment fields null). */
export interface ExportRow {
  messageId: number;
  campaignId: number | null;
  campaignName: string | null;
  accountName: string;
  number: string;
  messageState: MessageState;
  segmentState: MessageState | null;
  reason: string | null;
  /** The text as rendered for this recipient (merge fields filled), without signature or footer. */
  text: string | null;
  stat: string | null;
  result: number | null;
  msgId: bigint | null;
  pkNumber: number | null;
  pkTotal: number;
  createdAt: number;
  submitAt: number | null;
  responseAt: number | null;
  reportAt: number | null;
  doneTime: string | null;
  srcId: string;
  serviceId: string;
  feeType: string;
  feeCode: string;
  billedCount: number;
  possibleDuplicate: boolean;
  inDoubt: boolean;
  sendCount: number | null;
}

/**
 * A row of the export scanner and reader: ExportRow with the Msg_Id as text (both forms) and as
 * the two 32-bit halves SQLite gives (no BigInt per row: a 1,000,000-row export must stay within
 * seconds; the export's writers print the digits from the halves).
 */
export interface ExportRecord extends Omit<ExportRow, 'msgId'> {
  accountId: number;
  /** Unsigned decimal Msg_Id of this destination, null before SUBMIT_RESP. */
  readonly msgId: string | null;
  /** The 22-digit form: MMDDHHMMSS + ISMG code (7) + sequence (5) (docs/protocol.md "Msg_Id"). */
  readonly msgId22: string | null;
  /** The Msg_Id's two 32-bit halves as SQLite returns them (msgIdDecimal / msgId22 print them). */
  msgIdHigh: number | null;
  msgIdLow: number | null;
}

/** What a reader's step ended on: visit returned false, no rows are buffered yet, or the rows ended. */
export type ReaderStep = 'stopped' | 'starved' | 'ended';

/**
 * The export's rows read ahead on another thread, oldest first. Each step() hands buffered rows
 * to `visit` (one reused record: read it inside `visit` only) until it returns false or the
 * buffered rows run out; ready() waits for more.
 */
export interface ExportReader {
  step(visit: (r: ExportRecord) => boolean): ReaderStep;
  /** Resolves when rows are buffered or the rows have ended; rejects if reading failed. */
  ready(): Promise<void>;
  /** Stops reading (the worker ends); call it whether or not the rows were all read. */
  close(): Promise<void>;
  /** Rows are read by a worker thread (false: on the calling thread). */
  readonly threaded: boolean;
}

/** Reads the export in bounded steps, oldest first. */
export interface ExportScanner {
  /** Rows of up to `maxMessages` messages (all segments of each); [] when done. */
  next(maxMessages: number): ExportRecord[];
  /**
   * Hands the following rows to `visit` one by one until it returns false (after that row) or the
   * rows end. The record is reused for every row: read it inside `visit` only. Returns false once
   * the rows have ended.
   */
  visit(visit: (r: ExportRecord) => boolean): boolean;
}
