// Archive conversion to schema version 13, "compact status reports and segments": RELEASED, FROZEN
// once landed (test/store/archive-conversions.test.ts pins its SHA-256). Never edit it; a later
// change gets a conversion of its own. The same change as migration 13 on an archive written at 10
// to 12: its reports in the compact columns with their Dest_Id/Service_Id pairs as report_origins
// rows (numbered within the archive, which reads only its own), its segments without the copy of
// their message's number and with the PDU's Msg_Id only where it differs; the tables' text and
// indexes exactly as the migration leaves them (an archive has no triggers).
import type { ArchiveConversion } from './conversion.js';

export const conversion: ArchiveConversion = {
  version: 13,
  name: 'compact status reports and segments',
  build: String.raw`
        CREATE TABLE report_origins (
          id INTEGER PRIMARY KEY,
          dest_id TEXT NOT NULL,
          service_id TEXT NOT NULL,
          UNIQUE (dest_id, service_id)
        ) STRICT;
        INSERT INTO main.report_origins (dest_id, service_id) SELECT DISTINCT dest_id, service_id FROM old.status_reports ORDER BY 1, 2;

        CREATE TABLE segments (
          id INTEGER PRIMARY KEY,
          message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
          account_id INTEGER NOT NULL REFERENCES accounts(id),
          pk_number INTEGER NOT NULL,
          pk_total INTEGER NOT NULL CHECK (pk_total BETWEEN 1 AND 255),
          state TEXT NOT NULL CHECK (state = 'queued' OR state = 'submitting' OR state = 'submitted' OR state = 'delivered' OR state = 'failed' OR state = 'unknown' OR state = 'in_doubt' OR state = 'skipped' OR state = 'cancelled'),
          report_expected INTEGER NOT NULL CHECK (report_expected IN (0, 1)),
          sequence_id INTEGER,                -- of the last send
          connection TEXT,                    -- which connection of the account sent it last
          msg_id INTEGER,                     -- this destination's Msg_Id (signed reinterpretation)
          pdu_msg_id INTEGER,                 -- the SUBMIT_RESP Msg_Id (differs for destination i > 0)
          result INTEGER,
          stat TEXT,
          reason TEXT,                        -- why failed/unknown/cancelled, in words
          submit_at INTEGER,                  -- first send
          response_at INTEGER,
          report_at INTEGER,
          done_time TEXT,                     -- the report's Done_time, raw YYMMDDHHMM
          send_count INTEGER NOT NULL DEFAULT 0,
          CHECK (pk_number BETWEEN 1 AND pk_total),
          UNIQUE (message_id, pk_number)
        ) STRICT;
        INSERT INTO main.segments SELECT id, message_id, account_id, pk_number, pk_total, state, report_expected, sequence_id, connection,
          msg_id, CASE WHEN pdu_msg_id = msg_id THEN NULL ELSE pdu_msg_id END, result, stat, reason, submit_at, response_at, report_at,
          done_time, send_count
          FROM old.segments ORDER BY id;
        CREATE INDEX segments_awaiting_report ON segments(account_id, response_at)
          WHERE state = 'submitted' AND report_expected = 1;
        CREATE INDEX segments_in_flight ON segments(account_id) WHERE state = 'submitting';
        CREATE INDEX segments_by_msg_id ON segments(account_id, msg_id) WHERE msg_id IS NOT NULL;
        CREATE INDEX segments_by_pdu_msg_id ON segments(account_id, pdu_msg_id) WHERE pdu_msg_id IS NOT NULL;

        CREATE TABLE "status_reports" (
          id INTEGER PRIMARY KEY,
          account_id INTEGER NOT NULL REFERENCES accounts(id),
          received_at INTEGER NOT NULL,
          deliver_msg_id INTEGER NOT NULL,    -- the DELIVER's own Msg_Id
          msg_id INTEGER,                     -- the report's Msg_Id; NULL when it is its segment's msg_id (and number NULL)
          stat TEXT NOT NULL,
          outcome INTEGER NOT NULL CHECK (outcome BETWEEN 0 AND 3),  -- 0 delivered, 1 failed, 2 unknown, 3 pending
          submit_time ANY NOT NULL,           -- raw YYMMDDHHMM: INTEGER when ten digits, else TEXT
          done_time ANY NOT NULL,             -- the same
          dest_terminal_id TEXT,              -- raw, as received; NULL when equal to number
          number TEXT,                        -- normalised; NULL when it is its segment's message's number
          smsc_sequence INTEGER NOT NULL,
          origin_id INTEGER NOT NULL REFERENCES report_origins(id),
          connection TEXT,
          segment_id INTEGER REFERENCES segments(id) ON DELETE CASCADE,
          matched_after INTEGER,              -- matched_at - received_at; NULL while unmatched
          CHECK (segment_id IS NOT NULL OR (msg_id IS NOT NULL AND number IS NOT NULL AND matched_after IS NULL)),
          CHECK (msg_id IS NOT NULL OR (number IS NULL AND segment_id IS NOT NULL))
        ) STRICT;
        INSERT INTO main.status_reports SELECT r.id, r.account_id, r.received_at, r.deliver_msg_id,
          CASE WHEN r.msg_id = s.msg_id AND r.number = m.number THEN NULL ELSE r.msg_id END, r.stat,
          CASE r.outcome WHEN 'delivered' THEN 0 WHEN 'failed' THEN 1 WHEN 'unknown' THEN 2 ELSE 3 END,
          CASE WHEN r.submit_time GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' THEN CAST(r.submit_time AS INTEGER) ELSE r.submit_time END,
          CASE WHEN r.done_time GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' THEN CAST(r.done_time AS INTEGER) ELSE r.done_time END,
          nullif(r.dest_terminal_id, r.number), CASE WHEN r.number = m.number THEN NULL ELSE r.number END, r.smsc_sequence, o.id,
          r.connection, r.segment_id, CASE WHEN r.segment_id IS NULL THEN NULL ELSE coalesce(r.matched_at, r.received_at) - r.received_at END
          FROM old.status_reports r JOIN main.report_origins o ON o.dest_id = r.dest_id AND o.service_id = r.service_id
          LEFT JOIN old.segments s ON s.id = r.segment_id LEFT JOIN old.messages m ON m.id = s.message_id ORDER BY r.id;
        CREATE INDEX reports_by_segment ON status_reports(segment_id);
        CREATE INDEX reports_unmatched_time ON status_reports(received_at) WHERE segment_id IS NULL;
        CREATE INDEX reports_by_msg_id ON status_reports(account_id, msg_id, number) WHERE msg_id IS NOT NULL;
      `,
};
