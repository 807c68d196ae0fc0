// Schema version 13, "compact status reports and segments": RELEASED, FROZEN once landed. Databases in the field are built by
// exactly this text; test/store/migrations-frozen.test.ts pins its SHA-256. Never edit it (not even a
// comment inside a statement: SQLite keeps that text in sqlite_master); change the schema in a new version.
export const sql = String.raw`
        -- The DELIVER Dest_Id and Service_Id pairs reports arrived with: an account sees a handful,
        -- so a report keeps a small id instead of both strings.
        CREATE TABLE report_origins (
          id INTEGER PRIMARY KEY,
          dest_id TEXT NOT NULL,
          service_id TEXT NOT NULL,
          UNIQUE (dest_id, service_id)
        ) STRICT;
        INSERT INTO report_origins (dest_id, service_id) SELECT DISTINCT dest_id, service_id FROM status_reports ORDER BY 1, 2;

        -- Every report received, matched or not, in fewer bytes (electron/store/report-columns.ts reads
        -- them back exactly as received). A matched report does not repeat what its segment holds:
        -- its message's number, and the segment's msg_id when the report was matched by it. A segment
        -- deleted takes its reports with it (campaign deletion deleted them first already).
        CREATE TABLE status_reports_v10 (
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
        INSERT INTO status_reports_v10 SELECT r.id, r.account_id, r.received_at, r.deliver_msg_id,
          CASE WHEN r.msg_id = s.msg_id AND r.number = m.number THEN NULL ELSE r.msg_id END, r.stat,
          CASE r.outcome WHEN 'delivered' THEN 0 WHEN 'failed' THEN 1 WHEN 'unknown' THEN 2 ELSE 3 END,
          CASE WHEN r.submit_time GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' THEN CAST(r.submit_time AS INTEGER) ELSE r.submit_time END,
          CASE WHEN r.done_time GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' THEN CAST(r.done_time AS INTEGER) ELSE r.done_time END,
          nullif(r.dest_terminal_id, r.number), CASE WHEN r.number = m.number THEN NULL ELSE r.number END, r.smsc_sequence, o.id,
          r.connection, r.segment_id, CASE WHEN r.segment_id IS NULL THEN NULL ELSE coalesce(r.matched_at, r.received_at) - r.received_at END
          FROM status_reports r JOIN report_origins o ON o.dest_id = r.dest_id AND o.service_id = r.service_id
          LEFT JOIN segments s ON s.id = r.segment_id LEFT JOIN messages m ON m.id = s.message_id ORDER BY r.id;
        DROP TABLE status_reports;
        ALTER TABLE status_reports_v10 RENAME TO status_reports;
        -- forSegment, and resent-DELIVER detection of matched reports (through the segments a report matches).
        CREATE INDEX reports_by_segment ON status_reports(segment_id);
        -- The operator's list of reports matching nothing, newest first.
        CREATE INDEX reports_unmatched_time ON status_reports(received_at) WHERE segment_id IS NULL;
        -- Late matching (report before SUBMIT_RESP), resent-DELIVER detection and search by Msg_Id of the
        -- reports keeping their own Msg_Id: unmatched ones and those matched through the PDU's Msg_Id.
        CREATE INDEX reports_by_msg_id ON status_reports(account_id, msg_id, number) WHERE msg_id IS NOT NULL;

        -- A segment's destination is its message's number: the report match reads it there.
        DROP INDEX segments_by_msg_id;
        DROP INDEX segments_by_pdu_msg_id;
        ALTER TABLE segments DROP COLUMN number;
        -- The SUBMIT_RESP Msg_Id is kept only where it differs from the destination's (destination i > 0).
        UPDATE segments SET pdu_msg_id = NULL WHERE pdu_msg_id = msg_id;
        -- docs/protocol.md, "Msg_Id": a report is matched by (account, Msg_Id), then its destination.
        CREATE INDEX segments_by_msg_id ON segments(account_id, msg_id) WHERE msg_id IS NOT NULL;
        -- Gateways that stamp the PDU's Msg_Id on every destination's report (docs/protocol.md, "Msg_Id").
        CREATE INDEX segments_by_pdu_msg_id ON segments(account_id, pdu_msg_id) WHERE pdu_msg_id IS NOT NULL;
      `;
