// Schema version 18, "segment state codes": RELEASED, FROZEN once landed. Databases in the field are built by
// exactly this text; test/store/migrations-frozen.test.ts pins its SHA-256. Never edit it (not even a
// comment inside a statement: SQLite keeps that text in sqlite_master); change the schema in a new version.
export const sql = String.raw`
        -- Segments rebuilt as in version 17 (migrate() runs the steps with foreign keys off, so the
        -- reports that reference them are neither cascaded nor rewritten) with the state as its small
        -- INTEGER code (electron/store/state-codes.ts) and the report's Done_time as an INTEGER when
        -- it is ten digits (electron/store/report-columns.ts), ids kept.
        CREATE TABLE segments_v18 (
          id INTEGER PRIMARY KEY,
          message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
          account_id INTEGER NOT NULL REFERENCES accounts(id),
          pk_number INTEGER NOT NULL,
          pk_total INTEGER NOT NULL CHECK (pk_total BETWEEN 1 AND 255),
          state INTEGER NOT NULL CHECK (state BETWEEN 0 AND 8),  -- 0 delivered, 1 failed, 2 unknown, 3 queued, 4 submitting, 5 submitted, 6 in_doubt, 7 skipped, 8 cancelled
          report_expected INTEGER NOT NULL CHECK (report_expected IN (0, 1)),
          sequence_id INTEGER,                -- of the last send
          connection TEXT,                    -- which connection of the account sent it last
          msg_id INTEGER,                     -- this destination's Msg_Id (signed reinterpretation)
          pdu_msg_id INTEGER,                 -- the SUBMIT_RESP Msg_Id where it differs from msg_id (destination i > 0)
          result INTEGER,
          stat TEXT,
          reason TEXT,                        -- why failed/unknown/cancelled, in words
          submit_at INTEGER,                  -- first send
          response_at INTEGER,
          report_at INTEGER,
          done_time ANY,                      -- the report's raw Done_time: INTEGER when ten digits, else TEXT
          send_count INTEGER NOT NULL DEFAULT 0,
          CHECK (pk_number BETWEEN 1 AND pk_total),
          UNIQUE (message_id, pk_number)
        ) STRICT;
        INSERT INTO segments_v18 SELECT id, message_id, account_id, pk_number, pk_total,
          CASE state WHEN 'delivered' THEN 0 WHEN 'failed' THEN 1 WHEN 'unknown' THEN 2 WHEN 'queued' THEN 3 WHEN 'submitting' THEN 4
            WHEN 'submitted' THEN 5 WHEN 'in_doubt' THEN 6 WHEN 'skipped' THEN 7 WHEN 'cancelled' THEN 8 END,
          report_expected, sequence_id, connection, msg_id, pdu_msg_id, result, stat, reason, submit_at, response_at, report_at,
          CASE WHEN done_time GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' THEN CAST(done_time AS INTEGER) ELSE done_time END,
          send_count FROM segments ORDER BY id;
        DROP TABLE segments;
        ALTER TABLE segments_v18 RENAME TO segments;
        -- docs/protocol.md, "Msg_Id": a report is matched by (account, Msg_Id), then its destination.
        CREATE INDEX segments_by_msg_id ON segments(account_id, msg_id) WHERE msg_id IS NOT NULL;
        -- Gateways that stamp the PDU's Msg_Id on every destination's report (docs/protocol.md, "Msg_Id").
        CREATE INDEX segments_by_pdu_msg_id ON segments(account_id, pdu_msg_id) WHERE pdu_msg_id IS NOT NULL;
        -- The segments awaiting their report (5: submitted), oldest response first: the expiry sweep.
        CREATE INDEX segments_awaiting_report ON segments(account_id, response_at) WHERE state = 5 AND report_expected = 1;
        -- Crash recovery reads what was on the wire (4: submitting).
        CREATE INDEX segments_in_flight ON segments(account_id) WHERE state = 4;
      `;
