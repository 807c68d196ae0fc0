// Moves whole months of the delivery log (messages, their segments, the status reports matched to
// them) out of the live database into per-month archive files beside it, and gives the freed
// space back. Aggregates and every other table stay live and untouched.
//
// A month is archived in steps, each recorded in the journal (journal.ts) before the next begins,
// so a crash (even SIGKILL) at any point leaves the month either entirely live, or archived and
// verified with its live rows deleted, or archived and verified with the delete resumable:
//   1. 'copying' is committed; a worker thread writes <archive>.partial and verifies it against
//      the live month (archive-worker.ts); the file is synced and renamed to its final name.
//      A crash here: the next start removes both names and forgets the row. Nothing live changed.
//   2. 'deleting' is committed with the counts and checksum. The live rows are deleted in short
//      IMMEDIATE transactions, in message-id order, by the ids READ FROM THE ARCHIVE (nothing that
//      is not in the file is ever deleted), each batch committing its progress with it.
//      A crash here: the next start checks the file again and resumes after the last batch.
//   3. 'done'. Then freed pages go back to the file system (incremental vacuum) in short steps.
// Only final messages are archived: a month with a queued, submitting, submitted or in-doubt
// message waits (its status says how many) and is tried again on the next run.
//
// The main thread does only the deletes and the vacuum, each batch sized to take about `batchMs`
// and followed by a rest, so sending and report intake keep the event loop and the write lock.
import Database from 'better-sqlite3';
import type { ArchiveMonthStatus } from '../../../shared/ipc/contract/settings.js';
import { FinalMessageStates, MessageStates, type MessageState } from '../../../shared/message-state.js';
import { StatisticsRecount } from '../statistics/recount.js';
import { STATE_CODE, stateNameSql } from '../state-codes.js';
import { writeTransaction } from '../transactions.js';
import { archiveFileName, archivePath, archivePresent, partialPath, publishArchive, removeIfPresent } from './archive-files.js';
import { ArchiveJobError, endArchiveThread, runArchiveJob, type ArchiveSums } from './archive-worker.js';
import { ArchiveJournal, type JournalRow } from './journal.js';
import { lastDueMonth, monthIndexOf, monthName, monthRange, parseMonth } from './months.js';
import { ArchiveUpgrader, type UpgradeStep } from './upgrader.js';
import { unfoldSql } from '../folded-reports.js';

/** The log's tables an archive holds (report_origins: every row, the few its reports name). */
export const ARCHIVED_TABLES = ['messages', 'segments', 'status_reports', 'report_origins'] as const;

const UNFINISHED: readonly MessageState[] = MessageStates.filter((s) => !FinalMessageStates.includes(s));

export type { ArchiveMonthStatus };

/** A step of the work, for progress lines and the crash test. */
export type ArchiveStep = 'begun' | 'copied' | 'published' | 'verified' | 'batch' | 'deleted' | 'vacuum' | 'recovered' | UpgradeStep;

export interface ArchiverOptions {
  now?: () => number;
  /** Target main-thread time of one delete or vacuum batch. Default 5 ms. */
  batchMs?: number;
  /** Rest after each batch, as a share of its time (2: the archive takes at most a third of the main thread). Default 2. */
  restRatio?: number;
  /**
   * A WAL checkpoint off the main thread, awaited after each delete or vacuum batch (with the
   * rest): the batches write many pages, and left to the main connection's automatic checkpoint
   * they would be copied inside a later commit, a stall of many ms (store/checkpointer.ts).
   */
  checkpoint?: () => Promise<void>;
  /** Called before each step: false stops the run there (e.g. another process took the archive lease). */
  mayContinue?: () => boolean;
  /** `batch` (for a delete or vacuum batch): its size in messages or pages and its main-thread time. */
  onStep?: (month: string, step: ArchiveStep, batch?: { size: number; ms: number }) => void;
}

const rest = (ms: number) => new Promise<void>((ok) => (ms >= 1 ? setTimeout(ok, ms) : setImmediate(ok)));

export class LogArchiver {
  readonly journal: ArchiveJournal;
  private readonly s;
  /** Statistics outlive the live rows: an archived message's counts stay (kept), docs/glossary.md "Statistics". */
  private readonly statistics: StatisticsRecount;
  private readonly now: () => number;
  private readonly batchMs: number;
  private readonly restRatio: number;
  private readonly problems = new Map<string, ArchiveMonthStatus>();
  private running: Promise<void> | null = null;
  private readonly stopping = new AbortController();
  /** Archives written at an older schema version, brought up to this one (upgrader.ts). */
  private readonly upgrader: ArchiveUpgrader;

  constructor(
    private readonly db: Database.Database,
    private readonly dbPath: string,
    private readonly options: ArchiverOptions = {},
  ) {
    this.journal = new ArchiveJournal(db);
    this.statistics = new StatisticsRecount(db);
    this.now = options.now ?? Date.now;
    this.batchMs = options.batchMs ?? 5;
    this.restRatio = options.restRatio ?? 2;
    this.upgrader = new ArchiveUpgrader(dbPath, { signal: this.stopping.signal, proceed: () => this.proceed(), onStep: (month, step) => options.onStep?.(month, step) });
    this.s = {
      oldest: db.prepare('SELECT min(created_at) FROM messages WHERE state = ?').pluck(),
      any: db.prepare('SELECT 1 FROM messages WHERE state = ? AND created_at >= ? AND created_at < ? LIMIT 1').pluck(),
      count: db.prepare('SELECT count(*) FROM messages WHERE state = ? AND created_at >= ? AND created_at < ?').pluck(),
      countsByCampaign: db.prepare(`SELECT campaign_id AS c, ${stateNameSql('state')} AS s, count(*) AS n FROM messages
        WHERE id IN (SELECT value FROM json_each(?)) AND campaign_id IS NOT NULL GROUP BY 1, 2`),
      // A report matched to an archived segment after the copy (a gateway resending one months
      // late) is not in the archive: it stays live as a report matching nothing, its Msg_Id and
      // number written out (migration 13 leaves them to the segment), instead of going with it.
      keepLate: db.prepare(`UPDATE status_reports SET
          msg_id = coalesce(msg_id, (SELECT s.msg_id FROM segments s WHERE s.id = status_reports.segment_id)),
          number = coalesce(number, (SELECT CAST(m.number AS TEXT) FROM segments s JOIN messages m ON m.id = s.message_id WHERE s.id = status_reports.segment_id)),
          matched_after = NULL, segment_id = NULL
        WHERE segment_id IN (SELECT value FROM json_each(@segments)) AND id NOT IN (SELECT value FROM json_each(@reports))`),
      // The same for a report kept in its segment's row (../folded-reports.ts) that the archive's
      // copy of the segment does not hold: moved to status_reports first, then kept as above.
      unfoldLate: db.prepare(unfoldSql(`s.id IN (SELECT value FROM json_each(@segments)) AND s.id NOT IN (SELECT value FROM json_each(@folded))`)),
      delReports: db.prepare('DELETE FROM status_reports WHERE id IN (SELECT value FROM json_each(?))'),
      delSegments: db.prepare('DELETE FROM segments WHERE id IN (SELECT value FROM json_each(?))'),
      delMessages: db.prepare('DELETE FROM messages WHERE id IN (SELECT value FROM json_each(?))'),
      // Deleting a message lowers its campaign's per-state count (migration 3's trigger); an
      // archived message still counts for its campaign, so the batch puts the counts back.
      addCounts: db.prepare('UPDATE campaign_counts SET n = n + @n WHERE campaign_id = @c AND state = @s'),
    };
  }

  /** Whether the database reclaims freed pages step by step (auto_vacuum = INCREMENTAL). */
  get incrementalVacuum(): boolean {
    return this.db.pragma('auto_vacuum', { simple: true }) === 2;
  }

  /** Every month archived or on its way, and the months that wait or failed in this process. */
  status(): ArchiveMonthStatus[] {
    const out = new Map<string, ArchiveMonthStatus>(this.problems);
    for (const r of this.journal.rows()) {
      const state = r.phase === 'done' ? 'archived' : r.phase;
      const st: ArchiveMonthStatus = { month: r.month, state, file: r.file, present: archivePresent(archivePath(this.dbPath, r.file)) };
      if (r.messages !== null) st.messages = r.messages;
      const upgrade = st.present && r.phase !== 'copying' ? this.upgrader.problem(r) : undefined;
      if (upgrade) {
        st.upgrade = upgrade.state;
        if (upgrade.error !== undefined) st.error = upgrade.error;
      }
      const problem = this.problems.get(r.month);
      out.set(r.month, problem && r.phase !== 'done' ? { ...st, state: problem.state, error: problem.error } : st);
    }
    return [...out.values()].sort((a, b) => a.month.localeCompare(b.month));
  }

  /** The months whose archive file is in place and of this version's schema: what the log may search. */
  searchable(): { month: string; path: string; phase: 'deleting' | 'done' }[] {
    return this.journal
      .rows()
      .filter((r) => r.phase !== 'copying' && archivePresent(archivePath(this.dbPath, r.file)) && this.upgrader.problem(r) === undefined)
      .map((r) => ({ month: r.month, path: archivePath(this.dbPath, r.file), phase: r.phase as 'deleting' | 'done' }));
  }

  /**
   * Finishes what a crash interrupted, then archives every month older than the last `keepMonths`
   * (0: none). One run at a time: a second call returns the first's promise.
   */
  run(keepMonths: number): Promise<void> {
    this.running ??= this.runAll(keepMonths).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Resolves when the current run (if any) has ended. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** Ends the work at the next step (a copy in progress is abandoned: its month stays live). */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.idle();
    await endArchiveThread();
  }

  private async runAll(keepMonths: number): Promise<void> {
    await this.recover();
    if (this.proceed()) await this.upgrader.run(this.journal.rows());
    const last = lastDueMonth(this.now(), keepMonths);
    if (last !== null) {
      for (const index of this.liveMonths(last)) {
        if (!this.proceed()) return;
        await this.archiveMonth(index);
      }
    }
    await this.reclaim();
  }

  /** A copy cut short is dropped; a delete cut short is resumed once its file checks out again. */
  private async recover(): Promise<void> {
    await this.upgrader.recover(this.journal.rows());
    for (const row of this.journal.rows()) {
      if (!this.proceed()) return;
      if (row.phase === 'copying') {
        const path = archivePath(this.dbPath, row.file);
        await removeIfPresent(partialPath(path));
        await removeIfPresent(path);
        this.journal.forget(row.month);
        this.options.onStep?.(row.month, 'recovered');
      } else if (row.phase === 'deleting') {
        await this.resumeDelete(row);
      }
    }
  }

  private async resumeDelete(row: JournalRow): Promise<void> {
    const path = archivePath(this.dbPath, row.file);
    if (!archivePresent(path)) {
      this.fail(row.month, `the archive file ${row.file} is missing: put it back beside the database to finish archiving this month`);
      return;
    }
    const sums = await runArchiveJob({ kind: 'check', archivePath: path }, this.stopping.signal).catch((e: Error) => e);
    if (this.stopping.signal.aborted) return;
    if (sums instanceof Error || sums.checksum !== row.checksum) {
      const why = sums instanceof Error ? sums.message : `checksum ${sums.checksum}, expected ${row.checksum}`;
      this.fail(row.month, `the archive file ${row.file} no longer matches what was verified (${why}); its live rows are kept`);
      return;
    }
    await this.deleteLive(row.month, path, row.deletedThrough);
  }

  /** Months from the oldest live message up to `last` that still have live messages and no journal row. */
  private liveMonths(last: number): number[] {
    const oldest = MessageStates.map((s) => this.s.oldest.get(STATE_CODE[s]) as number | null).filter((t): t is number => t !== null);
    if (oldest.length === 0) return [];
    const journaled = new Set(this.journal.rows().map((r) => parseMonth(r.month)));
    const out: number[] = [];
    for (let i = monthIndexOf(Math.min(...oldest)); i <= last; i++) {
      if (journaled.has(i)) continue;
      const [from, to] = monthRange(i);
      if (MessageStates.some((s) => this.s.any.get(STATE_CODE[s], from, to) !== undefined)) out.push(i);
    }
    return out;
  }

  private async archiveMonth(index: number): Promise<void> {
    const month = monthName(index);
    const [from, to] = monthRange(index);
    this.problems.delete(month);
    const unfinished = UNFINISHED.reduce((n, s) => n + (this.s.count.get(STATE_CODE[s], from, to) as number), 0);
    if (unfinished > 0) {
      this.problems.set(month, { month, state: 'waiting', unfinished });
      return;
    }
    const file = archiveFileName(this.dbPath, month);
    const path = archivePath(this.dbPath, file);
    if (archivePresent(path)) {
      this.fail(month, `a file named ${file} is already beside the database and no archive of ${month} is recorded; move it away to archive this month`);
      return;
    }
    await removeIfPresent(partialPath(path));
    this.journal.begin(month, file, this.now());
    this.options.onStep?.(month, 'begun');
    let sums: ArchiveSums;
    try {
      sums = await runArchiveJob({
        kind: 'copy', livePath: this.dbPath, partialPath: partialPath(path), month, from, to, finalStates: FinalMessageStates.map((s) => STATE_CODE[s]), tables: ARCHIVED_TABLES,
      }, this.stopping.signal);
      this.options.onStep?.(month, 'copied');
      await publishArchive(partialPath(path), path);
      this.options.onStep?.(month, 'published');
    } catch (e) {
      await removeIfPresent(partialPath(path));
      await removeIfPresent(path);
      if (this.db.open) this.journal.forget(month);
      if (this.stopping.signal.aborted) return;
      if (e instanceof ArchiveJobError && e.unfinished) this.problems.set(month, { month, state: 'waiting', unfinished: 1 });
      else this.fail(month, (e as Error).message);
      return;
    }
    this.journal.verified(month, sums, this.now());
    this.options.onStep?.(month, 'verified');
    await this.deleteLive(month, path, 0);
  }

  /** Deletes the live rows the archive holds, in id order after `after`, in short transactions. */
  private async deleteLive(month: string, path: string, after: number): Promise<void> {
    const archive = new Database(path, { readonly: true, fileMustExist: true });
    try {
      archive.pragma('foreign_keys = OFF');
      // Each page of ids is read once, in order: a small cache keeps the app's memory flat.
      archive.pragma('cache_size = -2048');
      const a = {
        ids: archive.prepare('SELECT id FROM messages WHERE id > ? ORDER BY id LIMIT ?').pluck(),
        segments: archive.prepare('SELECT id FROM segments WHERE message_id IN (SELECT value FROM json_each(?))').pluck(),
        reports: archive.prepare('SELECT id FROM status_reports WHERE segment_id IN (SELECT value FROM json_each(?))').pluck(),
        folded: archive.prepare('SELECT id FROM segments WHERE id IN (SELECT value FROM json_each(?)) AND report_deliver_msg_id IS NOT NULL').pluck(),
      };
      let size = 256;
      for (;;) {
        if (!this.proceed()) return;
        const started = performance.now();
        const ids = a.ids.all(after, size) as number[];
        if (ids.length === 0) break;
        const list = JSON.stringify(ids);
        const segments = JSON.stringify(a.segments.all(list));
        const reports = JSON.stringify(a.reports.all(segments));
        const folded = JSON.stringify(a.folded.all(segments));
        const last = ids[ids.length - 1]!;
        writeTransaction(this.db, () => {
          const counts = this.s.countsByCampaign.all(list);
          this.statistics.beforeDelete(list, true);
          this.s.unfoldLate.run({ segments, folded });
          this.s.keepLate.run({ segments, reports });
          this.s.delReports.run(reports);
          this.s.delSegments.run(segments);
          this.s.delMessages.run(list);
          for (const c of counts) this.s.addCounts.run(c);
          this.journal.progressIn(month, last);
        });
        after = last;
        const took = performance.now() - started;
        this.options.onStep?.(month, 'batch', { size: ids.length, ms: took });
        size = Math.max(16, Math.min(2048, Math.round(size * Math.min(2, Math.max(0.5, this.batchMs / Math.max(took, 0.1))))));
        await this.pause(took);
      }
    } finally {
      archive.close();
    }
    this.journal.done(month, this.now());
    this.options.onStep?.(month, 'deleted');
  }

  /** Gives free pages back to the file system in short steps (INCREMENTAL databases only; docs/architecture.md "Log archives"). */
  private async reclaim(): Promise<void> {
    if (!this.incrementalVacuum) return;
    const free = () => this.db.pragma('freelist_count', { simple: true }) as number;
    while (free() > 0) {
      if (!this.proceed()) return;
      const started = performance.now();
      // 64 pages (256 KiB) a statement, as many as fit in the batch's time, in one transaction.
      let pages = 0;
      writeTransaction(this.db, () => {
        do {
          this.db.pragma('incremental_vacuum(64)');
          pages += 64;
        } while (performance.now() - started < this.batchMs && free() > 0);
      });
      const took = performance.now() - started;
      this.options.onStep?.('', 'vacuum', { size: pages, ms: took });
      await this.pause(took);
    }
  }

  /** After a batch that took `took` ms of the main thread: its rest, and its pages checkpointed. */
  private async pause(took: number): Promise<void> {
    await Promise.all([rest(took * this.restRatio), this.options.checkpoint?.()]);
  }

  private proceed(): boolean {
    return !this.stopping.signal.aborted && this.db.open && (this.options.mayContinue?.() ?? true);
  }

  private fail(month: string, error: string): void {
    this.problems.set(month, { month, state: 'failed', error });
  }
}
