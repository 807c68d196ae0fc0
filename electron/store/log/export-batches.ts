// The delivery-log export's row reader: per-state queries (each reading its index in
// (created_at, id, Pk_number) order, see queries.ts) merged by (created_at, id), every
// message's rows kept together, packed into batches of typed arrays.
//
// Packed because the reader runs in a worker thread (export-worker.ts): SQLite and better-sqlite3's
// row building were over half of a 1,000,000-row export's main-thread time, and a batch of typed
// arrays crosses threads without copying; the text of a batch (states, Stat, numbers) crosses as
// one deduplicated array. The same function runs in-thread where no worker can start.
//
// SELF-CONTAINED: the function below references nothing outside its own body, because the worker
// runs it from its source text (Function.prototype.toString). Keep it that way.

/** A prepared statement in raw mode (rows as arrays). */
export interface RawStatement {
  all(params: Record<string, unknown>): unknown[][];
}

export interface PackedBatch {
  rows: number;
  /** `numeric` numbers per row (the leading columns), NaN for NULL. Columns 0 and 1 are created_at and id. */
  nums: Float64Array;
  /**
   * `textual` entries per row (the trailing columns): an index into `text`, -1 for NULL. The first
   * text column (the number) is unique per message and not deduplicated; the others repeat.
   */
  strs: Int32Array;
  text: string[];
}

/**
 * Returns a function giving the next batch (whole messages, `batchRows` rows or a message more),
 * or null when every query has ended. `fetch` rows are read per query at a time (above 255,
 * Pk_total's maximum, so a message always fits).
 */
export function exportBatchReader(
  queries: readonly { stmt: RawStatement; params: Record<string, unknown> }[],
  numeric: number,
  textual: number,
  batchRows: number,
  fetch: number,
): () => PackedBatch | null {
  interface Stream {
    stmt: RawStatement;
    params: Record<string, unknown>;
    buf: unknown[][];
    pos: number;
    cAt: number;
    cId: number;
    done: boolean;
  }
  let streams: Stream[] = queries.map((q) => ({ stmt: q.stmt, params: q.params, buf: [], pos: 0, cAt: 0, cId: 0, done: false }));

  // Reads the stream's next rows; a message cut by the LIMIT is left for the next refill.
  const refill = (s: Stream): void => {
    let rows = s.stmt.all({ ...s.params, cAt: s.cAt, cId: s.cId, limit: fetch });
    if (rows.length < fetch) s.done = true;
    else {
      const lastId = rows[rows.length - 1]![1];
      let k = rows.length - 1;
      while (k > 0 && rows[k - 1]![1] === lastId) k--;
      if (k > 0) rows = rows.slice(0, k);
    }
    s.buf = rows;
    s.pos = 0;
    if (rows.length > 0) {
      const last = rows[rows.length - 1]!;
      s.cAt = last[0] as number;
      s.cId = last[1] as number;
    }
  };

  // The stream whose next message is oldest by (created_at, id); null when all have ended.
  const oldest = (): Stream | null => {
    let best: Stream | null = null;
    let bestAt = 0;
    let bestId = 0;
    let ended = false;
    for (const s of streams) {
      if (s.pos >= s.buf.length) {
        if (!s.done) refill(s);
        if (s.pos >= s.buf.length) {
          ended = true;
          continue;
        }
      }
      const r = s.buf[s.pos]!;
      const at = r[0] as number;
      const id = r[1] as number;
      if (best === null || at < bestAt || (at === bestAt && id < bestId)) {
        best = s;
        bestAt = at;
        bestId = id;
      }
    }
    if (ended) streams = streams.filter((s) => s.pos < s.buf.length || !s.done);
    return best;
  };

  return () => {
    const cap = batchRows + 256;
    const nums = new Float64Array(cap * numeric);
    const strs = new Int32Array(cap * textual);
    const text: string[] = [];
    const index = new Map<string, number>();
    // The last text and its index per column: most columns repeat from row to row.
    const lastText: unknown[] = new Array<unknown>(textual).fill(undefined);
    const lastIndex: number[] = new Array<number>(textual).fill(-1);
    let n = 0;
    while (n < batchRows) {
      const s = oldest();
      if (s === null) break;
      const id = s.buf[s.pos]![1];
      do {
        const r = s.buf[s.pos++]!;
        const nb = n * numeric;
        for (let c = 0; c < numeric; c++) {
          const v = r[c];
          nums[nb + c] = v === null ? NaN : (v as number);
        }
        const sb = n * textual;
        const first = r[numeric];
        if (first === null) strs[sb] = -1;
        else {
          strs[sb] = text.length;
          text.push(first as string);
        }
        for (let c = 1; c < textual; c++) {
          const v = r[numeric + c];
          if (v === null) strs[sb + c] = -1;
          else if (v === lastText[c]) strs[sb + c] = lastIndex[c]!;
          else {
            let i = index.get(v as string);
            if (i === undefined) {
              i = text.length;
              text.push(v as string);
              index.set(v as string, i);
            }
            lastText[c] = v;
            lastIndex[c] = i;
            strs[sb + c] = i;
          }
        }
        n++;
      } while (s.pos < s.buf.length && s.buf[s.pos]![1] === id);
    }
    return n === 0 ? null : { rows: n, nums, strs, text };
  };
}
