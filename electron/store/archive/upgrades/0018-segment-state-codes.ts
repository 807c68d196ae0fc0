// Archives of schema version 17 to version 18, "segment state codes": RELEASED, FROZEN once landed
// (test/store/archive-conversions.test.ts pins its hash). The same change as migration 18
// (electron/store/migrations/0018-segment-state-codes.ts) on an archive's segments: the table as the
// migration leaves it (its text as the rename leaves it), its rows converted the same way, its
// indexes; status_reports, report_origins and messages are carried over unchanged.
// It imports nothing, as a migration: registry.ts checks its shape (ArchiveConversion).
export const conversion = {
  version: 18,
  name: 'segment state codes',
  build: String.raw`
        CREATE TABLE "segments" (
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
        INSERT INTO main.segments SELECT id, message_id, account_id, pk_number, pk_total,
          CASE state WHEN 'delivered' THEN 0 WHEN 'failed' THEN 1 WHEN 'unknown' THEN 2 WHEN 'queued' THEN 3 WHEN 'submitting' THEN 4
            WHEN 'submitted' THEN 5 WHEN 'in_doubt' THEN 6 WHEN 'skipped' THEN 7 WHEN 'cancelled' THEN 8 END,
          report_expected, sequence_id, connection, msg_id, pdu_msg_id, result, stat, reason, submit_at, response_at, report_at,
          CASE WHEN done_time GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' THEN CAST(done_time AS INTEGER) ELSE done_time END,
          send_count FROM old.segments ORDER BY id;
        -- docs/protocol.md, "Msg_Id": a report is matched by (account, Msg_Id), then its destination.
        CREATE INDEX segments_by_msg_id ON segments(account_id, msg_id) WHERE msg_id IS NOT NULL;
        -- Gateways that stamp the PDU's Msg_Id on every destination's report (docs/protocol.md, "Msg_Id").
        CREATE INDEX segments_by_pdu_msg_id ON segments(account_id, pdu_msg_id) WHERE pdu_msg_id IS NOT NULL;
        -- The segments awaiting their report (5: submitted), oldest response first: the expiry sweep.
        CREATE INDEX segments_awaiting_report ON segments(account_id, response_at) WHERE state = 5 AND report_expected = 1;
        -- Crash recovery reads what was on the wire (4: submitting).
        CREATE INDEX segments_in_flight ON segments(account_id) WHERE state = 4;
      `,
};
