// Schema version 10, "delivery-log archives": RELEASED, FROZEN once landed. Databases in the field are built by
// exactly this text; test/store/migrations-frozen.test.ts pins its SHA-256. Never edit it (not even a
// comment inside a statement: SQLite keeps that text in sqlite_master); change the schema in a new version.
export const sql = String.raw`
        -- One row per month of the delivery log moved (or being moved) into its archive file beside
        -- the database. phase is the step a crash resumes from: 'copying' (the file is being written
        -- and checked; every row of the month is still live), 'deleting' (the file is complete and
        -- verified; the live rows are deleted in batches, up to message id deleted_through), 'done'.
        CREATE TABLE log_archives (
          month TEXT PRIMARY KEY CHECK (length(month) = 7 AND month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
          file TEXT NOT NULL CHECK (length(file) BETWEEN 1 AND 255),
          phase TEXT NOT NULL CHECK (phase = 'copying' OR phase = 'deleting' OR phase = 'done'),
          messages INTEGER,
          segments INTEGER,
          reports INTEGER,
          checksum TEXT,
          deleted_through INTEGER NOT NULL DEFAULT 0,
          started_at INTEGER NOT NULL,
          verified_at INTEGER,
          finished_at INTEGER
        ) STRICT;
      `;
