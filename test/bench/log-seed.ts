// The log benchmark's database: N messages (10,000,000; 1,000,000 with --quick) with their
// segments and status reports, in a file with the current schema, written in SQL at a few hundred
// thousand messages a second (the store's own API does ~10,000 a second: 17 minutes at 10M).
//
// How the rows stay true to the store: every kind of message (log-seed-kinds.ts) is first written
// once through the store's real API in a scratch store; those rows are the prototypes, and each
// seeded message copies its kind's prototype rows column by column, with only the per-message
// values substituted: ids, account, campaign, number, times (shifted by the message's creation
// and its place in the campaign's sending) and Msg_Ids. A new column is copied from the prototype
// without any change here. test/bench/log-seed.test.ts replays seeded messages through the API
// and compares every column.
//
// The shape: 365 days ending yesterday (UTC+8 days, the gateways' clock), two campaigns a day at
// 09:00 and 15:00 over 4 accounts in turn (730 campaigns of ~13,700 messages at 10M), 1% direct
// sends between 08:00 and 22:00; 2,000,000 distinct numbers, so a number recurs ~5 times a year.
// The last campaign is still running: its newest rows are submitted or queued. The retention
// setting keeps 12 months live (the seeded year), and the daily statistics are rebuilt from the
// rows by the store's own recount, as the statistics migration fills them from existing rows.
//
// Cached: the file is kept in the bench data directory (CMPP_BENCH_DATA, default
// <tmp>/cmpp-desk-bench) under a name keyed by the schema (its version and the migrations' SHA-256),
// the kinds and this seeder's version, so a rerun reuses it and any schema change reseeds.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { RetentionSetting } from '../../electron/services/settings/retention.js';
import { PlaintextCipher } from '../../electron/store/cipher.js';
import { latestVersion, migrations } from '../../electron/store/migrations.js';
import { STATE_CODES } from '../../electron/store/state-codes.js';
import { Store } from '../../electron/store/store.js';
import { KINDS, QUEUED_KIND, runKind, STEP_MS, SUBMITTED_KIND } from './log-seed-kinds.js';
import { renameArchives } from './log-seed-archive-files.js';
import { numberColumnFrom } from '../../electron/store/message-columns.js';

/** Bump when the generated rows change. */
const SEED_VERSION = 2;
export const DAY_MS = 86_400_000;
export const UTC8_MS = 8 * 3_600_000;
export const SEED_DAYS = 365;
export const SEED_ACCOUNTS = 4;
/** Rows generated per transaction. */
const CHUNK = 500_000;
/** Proto times: any fixed instant; every seeded time is shifted from it. */
const PROTO_T = Date.UTC(2026, 0, 5, 1, 0, 0);
const MSG_ID_BASE = 1_000_000_000_000;
const DELIVER_ID_BASE = 2_000_000_000_000;
/** The newest rows: queued, then (delivered-to-be ones) still awaiting their reports. */
const QUEUED_TAIL = 1_000;
const PENDING_TAIL = 3_000;

export interface SeedInfo {
  messages: number;
  /** First ms of the first seeded day (midnight UTC+8). */
  start: number;
  days: number;
  accountIds: number[];
  /** Campaign ids, oldest first: 2 per day. */
  campaignIds: number[];
  seconds: number;
}

export function benchDataDir(): string {
  return process.env.CMPP_BENCH_DATA ?? join(tmpdir(), 'cmpp-desk-bench');
}

function cacheKey(): string {
  const h = createHash('sha256');
  for (const m of migrations) h.update(`${m.version}\n${m.sql}\n`);
  h.update(JSON.stringify(KINDS));
  return `v${latestVersion}-${h.digest('hex').slice(0, 10)}-s${SEED_VERSION}`;
}

/** The seeded file for `messages` rows: reused when cached, else written (a few minutes at 10M). */
export function seededLog(messages: number, log: (line: string) => void = () => undefined): { path: string; info: SeedInfo } {
  const dir = benchDataDir();
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `log-${messages}-${cacheKey()}.db`);
  const meta = `${path}.json`;
  if (existsSync(path) && existsSync(meta)) return { path, info: JSON.parse(readFileSync(meta, 'utf8')) as SeedInfo };
  const upgraded = upgradeOlder(dir, messages, path, log);
  // Files of the same size for an older schema are never read again (gigabytes at 10M).
  for (const f of readdirSync(dir)) if (f.startsWith(`log-${messages}-`) && !f.startsWith(`log-${messages}-${cacheKey()}.`)) rmSync(join(dir, f), { force: true });
  if (upgraded) return { path, info: upgraded };
  const partial = `${path}.partial`;
  for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
  log(`seeding ${messages.toLocaleString('en-US')} messages into ${path} (cached for later runs)`);
  const info = seedLog(partial, messages, new Date(), log);
  renameSync(partial, path);
  writeFileSync(meta, JSON.stringify(info));
  return { path, info };
}

/**
 * A file of this seeder's version seeded under an older schema, brought to the current one by the
 * store's own migrations (as a desk in the field is upgraded): minutes instead of a reseed's tens
 * of minutes at 10M. null when there is none, or its upgrade fails.
 */
function upgradeOlder(dir: string, messages: number, path: string, log: (line: string) => void): SeedInfo | null {
  const older = readdirSync(dir).find((f) => f.startsWith(`log-${messages}-v`) && f.endsWith(`-s${SEED_VERSION}.db`) && existsSync(join(dir, `${f}.json`)));
  if (older === undefined) return null;
  const partial = `${path}.partial`;
  log(`upgrading ${older} to the current schema`);
  try {
    renameSync(join(dir, older), partial);
    for (const ext of ['-wal', '-shm']) if (existsSync(join(dir, older + ext))) renameSync(join(dir, older + ext), partial + ext);
    const store = Store.open({ path: partial, cipher: new PlaintextCipher() });
    try {
      renameArchives(store.db, dir, older, basename(path));
    } finally {
      store.close();
    }
    const info = JSON.parse(readFileSync(join(dir, `${older}.json`), 'utf8')) as SeedInfo;
    renameSync(partial, path);
    writeFileSync(`${path}.json`, JSON.stringify(info));
    return info;
  } catch (e) {
    log(`  the upgrade failed (${(e as Error).message}); reseeding`);
    return null;
  }
}

/** Midnight (UTC+8) of the day `now` falls on. */
export function dayStartUtc8(now: Date): number {
  return Math.floor((now.getTime() + UTC8_MS) / DAY_MS) * DAY_MS - UTC8_MS;
}

/** Writes a new seeded database at `path` (which must not exist). */
export function seedLog(path: string, messages: number, now: Date, log: (line: string) => void = () => undefined): SeedInfo {
  const t0 = performance.now();
  const start = dayStartUtc8(now) - SEED_DAYS * DAY_MS;
  const { accountIds, campaignIds } = createOwners(path, start);
  const { protos, origins } = prototypes(`${path}.prototypes`);
  const db = new Database(path);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    const indexes = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
      AND tbl_name IN ('messages', 'segments', 'status_reports')`).pluck().all() as string[];
    for (const sql of indexes) db.exec(`DROP INDEX ${/^CREATE (?:UNIQUE )?INDEX (\w+)/.exec(sql)![1]}`);
    loadPrototypes(db, protos);
    // The reports' Dest_Id/Service_Id rows, under the prototypes' ids.
    const origin = db.prepare('INSERT INTO main.report_origins (id, dest_id, service_id) VALUES (@id, @dest_id, @service_id)');
    for (const o of origins) origin.run(o);
    const gen = generators(db);
    // BigInt: better-sqlite3 binds a JS number as REAL, and the row arithmetic must stay integer.
    const params = { n: BigInt(messages), start: BigInt(start), firstCampaign: BigInt(campaignIds[0]!), firstAccount: BigInt(accountIds[0]!), accounts: BigInt(accountIds.length) };
    for (let a = 0; a < messages; a += CHUNK) {
      const b = Math.min(messages, a + CHUNK);
      db.transaction(() => {
        db.exec('DELETE FROM temp.seed_chunk');
        gen.chunk.run({ ...params, a: BigInt(a), b: BigInt(b) });
        gen.messages.run();
        gen.segments.run();
        gen.reports.run();
      })();
      log(`  ${b.toLocaleString('en-US')} messages (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
    log('  indexes');
    for (const sql of indexes) db.exec(sql);
    // The counters are kept by name, the messages' states as codes (state-codes.ts).
    db.exec(`UPDATE campaign_counts SET n = (SELECT count(*) FROM messages m WHERE m.campaign_id = campaign_counts.campaign_id
      AND m.state = CASE campaign_counts.state ${STATE_CODES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} END)`);
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
  log('  statistics');
  const store = Store.open({ path, cipher: new PlaintextCipher() });
  try {
    store.statistics.recount();
  } finally {
    store.close();
  }
  return { messages, start, days: SEED_DAYS, accountIds, campaignIds, seconds: (performance.now() - t0) / 1000 };
}

/** The accounts and campaigns, through the store's API; campaign times and states set after. */
export function createOwners(path: string, start: number): { accountIds: number[]; campaignIds: number[] } {
  const store = Store.open({ path, cipher: new PlaintextCipher() });
  try {
    const accountIds = Array.from({ length: SEED_ACCOUNTS }, (_, i) =>
      store.accounts.create({ name: `账号 ${String.fromCharCode(65 + i)}`, host: '127.0.0.1', port: 7890, version: '3.0', spId: `90000${i + 1}`, secret: 'x', serviceId: 'SVC', srcId: `106900${i + 1}` }).id,
    );
    new RetentionSetting(store.db).set({ keepMonths: 12 });
    const campaignIds: number[] = [];
    const setTimes = store.db.prepare(`UPDATE campaigns SET state = ?, created_at = ?, started_at = ?, finished_at = ?, updated_at = ? WHERE id = ?`);
    store.transaction(() => {
      for (let slot = 0; slot < SEED_DAYS * 2; slot++) {
        const day = Math.floor(slot / 2);
        const id = store.campaigns.create({ name: `活动 ${day + 1}-${(slot % 2) + 1}`, accountId: accountIds[slot % SEED_ACCOUNTS]!, text: '【测试】会员日全场八折，回T退订' }).id;
        const at = campaignCreatedAt(start, slot);
        const last = slot === SEED_DAYS * 2 - 1;
        setTimes.run(last ? 'running' : 'completed', at, at, last ? null : at + 3 * 3_600_000, at, id);
        if (campaignIds.length > 0 && id !== campaignIds[campaignIds.length - 1]! + 1) throw new Error('campaign ids are not consecutive');
        campaignIds.push(id);
      }
    });
    if (accountIds.some((id, i) => id !== accountIds[0]! + i)) throw new Error('account ids are not consecutive');
    return { accountIds, campaignIds };
  } finally {
    store.close();
  }
}

/** A campaign's creation: 09:00 or 15:00 (UTC+8) of its day. */
export function campaignCreatedAt(start: number, slot: number): number {
  return start + Math.floor(slot / 2) * DAY_MS + (slot % 2 === 0 ? 9 : 15) * 3_600_000;
}

interface Proto {
  kind: number;
  direct: 0 | 1;
  message: Record<string, unknown>;
  segments: Record<string, unknown>[];
  reports: Record<string, unknown>[];
}

/** Each kind written once through the API (for a campaign and as a direct send), in a scratch store. */
function prototypes(scratch: string): { protos: Proto[]; origins: Record<string, unknown>[] } {
  const store = Store.open({ path: scratch, cipher: new PlaintextCipher() });
  try {
    const accountId = store.accounts.create({ name: 'p', host: '127.0.0.1', port: 7890, version: '3.0', spId: '900001', secret: 'x', serviceId: 'SVC', srcId: '1069' }).id;
    const campaignId = store.campaigns.create({ name: 'p', accountId, text: '【测试】p' }).id;
    const out: Proto[] = [];
    KINDS.forEach((kind, k) => {
      for (const direct of [0, 1] as const) {
        const i = out.length;
        const id = runKind(store, kind, {
          accountId,
          campaignId: direct ? null : campaignId,
          number: `1380000${String(i).padStart(4, '0')}`,
          createdAt: PROTO_T,
          delayMs: 0,
          msgId: (pk) => BigInt(MSG_ID_BASE + i * 2 + pk),
          deliverMsgId: (pk) => BigInt(DELIVER_ID_BASE + i * 2 + pk),
        });
        const segments = store.db.prepare('SELECT * FROM segments WHERE message_id = ? ORDER BY pk_number').all(id) as Record<string, unknown>[];
        const reports = store.db
          .prepare('SELECT r.*, s.pk_number AS seed_pk FROM status_reports r JOIN segments s ON s.id = r.segment_id WHERE s.message_id = ? ORDER BY r.id')
          .all(id) as Record<string, unknown>[];
        out.push({ kind: k, direct, message: store.db.prepare('SELECT * FROM messages WHERE id = ?').get(id) as Record<string, unknown>, segments, reports });
      }
    });
    return { protos: out, origins: store.db.prepare('SELECT * FROM report_origins ORDER BY id').all() as Record<string, unknown>[] };
  } finally {
    store.close();
    for (const f of [scratch, `${scratch}-wal`, `${scratch}-shm`]) rmSync(f, { force: true });
  }
}

function columnsOf(db: Database.Database, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]);
}

/** temp.proto_<table>: the prototype rows, with their kind and direct flag. */
function loadPrototypes(db: Database.Database, protos: readonly Proto[]): void {
  const load = (table: string, extra: string[], rows: Record<string, unknown>[]) => {
    const cols = [...extra, ...columnsOf(db, table)];
    db.exec(`CREATE TEMP TABLE proto_${table} AS SELECT ${extra.map((e) => `0 AS ${e}`).join(', ')}, * FROM main.${table} LIMIT 0`);
    const insert = db.prepare(`INSERT INTO temp.proto_${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`);
    for (const r of rows) insert.run(Object.fromEntries(cols.map((c) => [c, r[c] ?? null])));
  };
  const tag = (p: Proto, r: Record<string, unknown>) => ({ ...r, seed_kind: p.kind, seed_direct: p.direct });
  load('messages', ['seed_kind', 'seed_direct'], protos.map((p) => tag(p, p.message)));
  load('segments', ['seed_kind', 'seed_direct'], protos.flatMap((p) => p.segments.map((s) => tag(p, s))));
  load('status_reports', ['seed_kind', 'seed_direct', 'seed_pk'], protos.flatMap((p) => p.reports.map((r) => tag(p, r))));
  db.exec('CREATE TEMP TABLE seed_kinds (kind INTEGER PRIMARY KEY, lo INTEGER NOT NULL, hi INTEGER NOT NULL)');
  let lo = 0;
  const insertKind = db.prepare('INSERT INTO temp.seed_kinds VALUES (?, ?, ?)');
  KINDS.forEach((k, i) => {
    if (k.per1000 > 0) insertKind.run(i, lo, lo + k.per1000);
    lo += k.per1000;
  });
  if (lo !== 1000) throw new Error(`the kinds' shares add up to ${lo} per 1,000, not 1,000`);
  db.exec(`CREATE TEMP TABLE seed_chunk (i INTEGER PRIMARY KEY, id INTEGER, kind INTEGER, direct INTEGER, campaign_id INTEGER,
    account_id INTEGER, number TEXT, created_at INTEGER, t INTEGER)`);
}

/** A time column of a prototype moved to a seeded message (`c`): creation stays creation, the rest follows its sending. */
const shifted = (col: string): string =>
  `CASE WHEN p.${col} IS NULL THEN NULL WHEN p.${col} = ${PROTO_T} THEN c.created_at ELSE p.${col} - ${PROTO_T} + c.t END`;
/** A delay after creation (message-columns.ts) moved the same way: 0 stays 0, the rest follows the sending. */
const shiftedDelay = (col: string): string => `CASE WHEN p.${col} IS NULL THEN NULL WHEN p.${col} = 0 THEN 0 ELSE p.${col} + c.t - c.created_at END`;
/**
 * A YYMMDDHHMM (UTC+8) column, `offset` ms after the message's sending started: an INTEGER where the
 * prototype holds a number (its temp copy may hold it as REAL: the bound JS number).
 */
const gatewayText = (offset: number): string => `substr(strftime('%Y%m%d%H%M', (c.t + ${offset}) / 1000, 'unixepoch', '+8 hours'), 3)`;
const gatewayTimeAt = (col: string, offset: number): string => {
  const text = gatewayText(offset);
  return `CASE WHEN p.${col} IS NULL THEN NULL WHEN typeof(p.${col}) <> 'text' THEN CAST(${text} AS INTEGER) ELSE ${text} END`;
};
/** A folded report's Submit_time (electron/store/folded-reports.ts): Done_time minus it where the prototype has a number. */
const foldedSubmitTimeAt = (col: string, sent: number, done: number): string =>
  `CASE WHEN p.${col} IS NULL THEN NULL WHEN typeof(p.${col}) <> 'text' THEN CAST(${gatewayText(done)} AS INTEGER) - CAST(${gatewayText(sent)} AS INTEGER)
    ELSE ${gatewayText(sent)} END`;
/** The message's value where the prototype has one (a matched report leaves some to its segment). */
const ifSet = (col: string, value: string): string => `CASE WHEN p.${col} IS NULL THEN NULL ELSE ${value} END`;
const msgIdOf = (col: string, base: number): string => `CASE WHEN p.${col} IS NULL THEN NULL ELSE ${base} + c.i * 2 + p.pk_number END`;

/** INSERT ... SELECT copying every column of the prototype but those given. */
function copyStatement(db: Database.Database, table: string, from: string, over: Record<string, string>): Database.Statement {
  const cols = columnsOf(db, table);
  const exprs = cols.map((c) => over[c] ?? `p.${c}`);
  return db.prepare(`INSERT INTO main.${table} (${cols.join(', ')}) SELECT ${exprs.join(', ')} FROM ${from}`);
}

function generators(db: Database.Database) {
  // Multiplicative hashes of the row number: the kind (h), the direct sends (1 in 100) and the
  // number (one of 2,000,000) look random but are reproducible.
  const chunk = db.prepare(`INSERT INTO temp.seed_chunk
    WITH RECURSIVE s(i) AS (SELECT @a UNION ALL SELECT i + 1 FROM s WHERE i + 1 < @b),
    g AS (SELECT i, (i * ${SEED_DAYS}) / @n AS day, (i * ${SEED_DAYS}) % @n AS pos,
      ((i * 2654435761) % 4294967296) >> 12 AS x, ((i * 2246822519) % 4294967296) >> 10 AS y,
      ((i * 3266489917 + 374761393) % 4294967296) % 2000000 AS z FROM s),
    k AS (SELECT *, x % 1000 AS h, y % 100 = 0 AS direct, day * 2 + (pos * 2 >= @n) AS slot FROM g),
    r AS (SELECT *, CASE WHEN direct THEN @start + day * ${DAY_MS} + 28800000 + pos * 50400000 / @n
      ELSE @start + day * ${DAY_MS} + CASE WHEN slot % 2 = 0 THEN 32400000 ELSE 54000000 END END AS created_at FROM k)
    SELECT i, i + 1,
      CASE WHEN i >= @n - ${QUEUED_TAIL} THEN ${QUEUED_KIND} WHEN i >= @n - ${PENDING_TAIL} AND h < 900 THEN ${SUBMITTED_KIND}
        ELSE (SELECT kind FROM temp.seed_kinds WHERE h >= lo AND h < hi) END,
      direct, CASE WHEN direct THEN NULL ELSE @firstCampaign + slot END,
      CASE WHEN direct THEN @firstAccount ELSE @firstAccount + slot % @accounts END,
      printf('1%d%09d', 3 + z % 7, (z * 7919 + 13) % 1000000000),
      created_at, created_at + CASE WHEN direct THEN 0 ELSE ((pos * 2) % @n) / ${SEED_DAYS} * 5 END
    FROM r`);
  const messages = copyStatement(db, 'messages', 'temp.seed_chunk c JOIN temp.proto_messages p ON p.seed_kind = c.kind AND p.seed_direct = c.direct ORDER BY c.i', {
    id: 'c.id',
    campaign_id: 'c.campaign_id',
    account_id: 'c.account_id',
    number: numberColumnFrom('c.number'),
    created_at: 'c.created_at',
    submitted_after: shiftedDelay('submitted_after'),
    done_after: shiftedDelay('done_after'),
  });
  const segments = copyStatement(db, 'segments', 'temp.seed_chunk c JOIN temp.proto_segments p ON p.seed_kind = c.kind AND p.seed_direct = c.direct ORDER BY c.i, p.pk_number', {
    id: 'c.i * 2 + p.pk_number',
    message_id: 'c.id',
    account_id: 'c.account_id',
    number: 'c.number',
    msg_id: msgIdOf('msg_id', MSG_ID_BASE),
    pdu_msg_id: msgIdOf('pdu_msg_id', MSG_ID_BASE),
    submit_at: shifted('submit_at'),
    response_at: shifted('response_at'),
    report_at: shifted('report_at'),
    done_time: gatewayTimeAt('done_time', STEP_MS.report),
    report_deliver_msg_id: msgIdOf('report_deliver_msg_id', DELIVER_ID_BASE),
    report_submit_time: foldedSubmitTimeAt('report_submit_time', STEP_MS.sent, STEP_MS.report),
  });
  const reports = copyStatement(db, 'status_reports', 'temp.seed_chunk c JOIN temp.proto_status_reports p ON p.seed_kind = c.kind AND p.seed_direct = c.direct ORDER BY c.i, p.seed_pk', {
    id: 'c.i * 2 + p.seed_pk',
    account_id: 'c.account_id',
    received_at: shifted('received_at'),
    matched_at: shifted('matched_at'),
    deliver_msg_id: `${DELIVER_ID_BASE} + c.i * 2 + p.seed_pk`,
    msg_id: ifSet('msg_id', `${MSG_ID_BASE} + c.i * 2 + p.seed_pk`),
    submit_time: gatewayTimeAt('submit_time', STEP_MS.sent),
    done_time: gatewayTimeAt('done_time', STEP_MS.report),
    dest_terminal_id: ifSet('dest_terminal_id', 'c.number'),
    number: ifSet('number', 'c.number'),
    segment_id: 'c.i * 2 + p.seed_pk',
  });
  return { chunk, messages, segments, reports };
}
