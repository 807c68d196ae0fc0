// The schema as an ordered list of steps. `PRAGMA user_version` holds the last applied version;
// database.ts runs every pending step in ONE transaction, so a file is never half-migrated.
// A released step is frozen literal SQL in migrations/NNNN-*.ts, never built from live constants
// (a CHECK generated from MessageStates would silently change old steps for new databases while
// existing ones keep the old rule). test/store/migrations-frozen.test.ts pins each step's SHA-256,
// upgrades a database made at every version to the latest and compares the schema with a fresh
// one, and checks that the live vocabularies (MessageStates, CampaignStates, ...) still agree with
// the latest CHECKs: a new state fails that test until a new migration adds it.
//
// Conventions: STRICT tables everywhere (a text in an INTEGER column is an error, not a silent
// affinity conversion); times are INTEGER milliseconds since the Unix epoch (UTC); booleans are
// INTEGER 0/1 with a CHECK; numbers (MSISDNs) are TEXT, normalised (electron/store/number-key.ts);
// Msg_Ids are INTEGER holding the unsigned 64-bit value reinterpreted as signed (docs/protocol.md,
// "Msg_Id"; msg-id-column.ts). Message-state CHECKs are OR chains, not IN lists: SQLite evaluates
// a longer IN list in a CHECK through a temporary index built per row (1.3 us per inserted message).
import type Database from 'better-sqlite3';
import { sql as v1 } from './migrations/0001-accounts-and-leases.js';
import { sql as v2 } from './migrations/0002-contacts-groups-templates.js';
import { sql as v3 } from './migrations/0003-campaigns-outbox-reports.js';
import { sql as v4 } from './migrations/0004-inbox-opt-out-audit.js';
import { sql as v5 } from './migrations/0005-settings-concat-refs.js';
import { sql as v6 } from './migrations/0006-report-outcome-or-chain.js';
import { sql as v7 } from './migrations/0007-auto-replies-quick-replies.js';
import { sql as v8 } from './migrations/0008-campaign-rules-and-deletion.js';
import { sql as v9 } from './migrations/0009-campaign-pause-reason.js';
import { sql as v10 } from './migrations/0010-log-archives.js';
import { sql as v11 } from './migrations/0011-statistics-daily.js';
import { sql as v12 } from './migrations/0012-failure-stat-index.js';
import { sql as v13 } from './migrations/0013-compact-reports-and-segments.js';
import { sql as v14 } from './migrations/0014-statistics-by-day.js';
import { sql as v15 } from './migrations/0015-failure-stat-index-by-state.js';
import { sql as v16 } from './migrations/0016-log-anchors.js';
import { sql as v17 } from './migrations/0017-compact-messages.js';
import { sql as v18 } from './migrations/0018-segment-state-codes.js';
import { sql as v19 } from './migrations/0019-first-report-in-segment.js';
import { sql as v20 } from './migrations/0020-message-number-integers.js';
import { sql as v21 } from './migrations/0021-segment-stat-implied.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** The step's literal SQL, exactly as released. */
  readonly sql: string;
  up(db: Database.Database): void;
}

function step(version: number, name: string, sql: string): Migration {
  return { version, name, sql, up: (db) => void db.exec(sql) };
}

export const migrations: readonly Migration[] = [
  step(1, 'gateway accounts and leases', v1),
  step(2, 'contacts, groups and templates', v2),
  step(3, 'campaigns, outbox and status reports', v3),
  step(4, 'inbox, opt-out and audit log', v4),
  step(5, 'settings and concatenation references', v5),
  // Version 6 rewrites version 3's report outcome CHECK (outcome IN (...)) as an OR chain (2-3 us
  // of a ~6 us report insert); a CHECK cannot be altered, so the table is rebuilt (SQLite's ALTER
  // TABLE documentation, "other kinds of schema changes"): nothing references status_reports.
  step(6, 'status report outcome check as an OR chain', v6),
  step(7, 'auto-reply rules and quick replies', v7),
  step(8, 'campaign rules and deletion', v8),
  step(9, 'campaign pause reason', v9),
  step(10, 'delivery-log archives', v10),
  // Version 11 adds the daily statistics and fills them from the rows already there (docs/glossary.md "Statistics").
  step(11, 'daily statistics', v11),
  step(12, 'failure Stat index', v12),
  // Version 13 stores a delivered message in fewer bytes (test/bench/rows.ts measures them): status
  // reports rebuilt as in version 6 with compact columns (electron/store/report-columns.ts), a
  // Msg_Id index only over the reports keeping their own, segments without the copy of their message's
  // number, and the SUBMIT_RESP Msg_Id only where it differs from the destination's.
  step(13, 'compact status reports and segments', v13),
  step(14, 'statistics by day and outcome', v14),
  step(15, 'failure Stat index by state', v15),
  step(16, 'delivery-log anchors', v16),
  // Version 17 stores a message in fewer bytes (electron/store/message-columns.ts): the table is
  // rebuilt as in version 13, its ids kept (migrate() runs the steps with foreign keys off, so
  // dropping the old table does not cascade to the segments).
  step(17, 'compact messages', v17),
  // Version 18 stores a segment's state as its code (electron/store/state-codes.ts) and its Done_time
  // as an INTEGER when ten digits, rebuilding segments (and status_reports, which references them).
  step(18, 'segment state codes', v18),
  // Version 19 keeps a segment's first report, matched on arrival with a final Stat, in the segment
  // row (electron/store/folded-reports.ts) instead of a status_reports row, and moves those already stored.
  step(19, 'first report in its segment', v19),
  // Version 20 stores a message's number as an INTEGER where it reads back the same (message-columns.ts), rebuilt as 17.
  step(20, 'message numbers as integers', v20),
  // Version 21 stores a delivered segment's Stat as a message's (electron/store/segment-columns.ts).
  step(21, 'segment Stat implied', v21),
];

export const latestVersion: number = migrations[migrations.length - 1]!.version;
