// Schema version 6, "status report outcome check as an OR chain": RELEASED, FROZEN. Databases in the field were built by
// exactly this text; test/store/migrations-frozen.test.ts pins its SHA-256. Never edit it (not even a
// comment inside a statement: SQLite keeps that text in sqlite_master); change the schema in a new version.
export const sql = String.raw`
        CREATE TABLE status_reports_v6 (
          id INTEGER PRIMARY KEY,
          account_id INTEGER NOT NULL REFERENCES accounts(id),
          received_at INTEGER NOT NULL,
          deliver_msg_id INTEGER NOT NULL,    -- the DELIVER's own Msg_Id
          msg_id INTEGER NOT NULL,            -- the report's Msg_Id (= SUBMIT_RESP Msg_Id)
          stat TEXT NOT NULL,
          outcome TEXT NOT NULL CHECK (outcome = 'delivered' OR outcome = 'failed' OR outcome = 'unknown' OR outcome = 'pending'),
          submit_time TEXT NOT NULL,
          done_time TEXT NOT NULL,
          dest_terminal_id TEXT NOT NULL,     -- raw, as received
          number TEXT NOT NULL,               -- normalised
          smsc_sequence INTEGER NOT NULL,
          dest_id TEXT NOT NULL,              -- DELIVER Dest_Id
          service_id TEXT NOT NULL,
          connection TEXT,
          segment_id INTEGER REFERENCES segments(id) ON DELETE SET NULL,
          matched_at INTEGER
        ) STRICT;
        INSERT INTO status_reports_v6 SELECT id, account_id, received_at, deliver_msg_id, msg_id, stat, outcome, submit_time,
          done_time, dest_terminal_id, number, smsc_sequence, dest_id, service_id, connection, segment_id, matched_at
          FROM status_reports ORDER BY id;
        DROP TABLE status_reports;
        ALTER TABLE status_reports_v6 RENAME TO status_reports;
        CREATE INDEX reports_by_msg_id ON status_reports(account_id, msg_id, number);
        CREATE INDEX reports_by_segment ON status_reports(segment_id);
        CREATE INDEX reports_unmatched_time ON status_reports(received_at) WHERE segment_id IS NULL;
      `;
