// Schema version 3, "campaigns, outbox and status reports": RELEASED, FROZEN. Databases in the field were built by
// exactly this text; test/store/migrations-frozen.test.ts pins its SHA-256. Never edit it (not even a
// comment inside a statement: SQLite keeps that text in sqlite_master); change the schema in a new version.
// The section mark after `src_id` below pointed to a reference outside this repository; it stays
// because it is stored schema text. The rule it meant: docs/protocol.md, "Replying to an MO".
export const sql = String.raw`
        CREATE TABLE campaigns (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          account_id INTEGER NOT NULL REFERENCES accounts(id),
          template_id INTEGER REFERENCES templates(id) ON DELETE SET NULL,
          text TEXT NOT NULL,                 -- snapshot of the text (merge fields unrendered)
          service_id TEXT NOT NULL,
          fee_type TEXT NOT NULL,
          fee_code TEXT NOT NULL,
          fee_user_type INTEGER NOT NULL CHECK (fee_user_type BETWEEN 0 AND 3),
          fee_terminal_id TEXT NOT NULL,
          src_id_ext TEXT NOT NULL,           -- appended to the account's Src_Id
          registered_delivery INTEGER NOT NULL CHECK (registered_delivery IN (0, 1, 2)),
          valid_time TEXT NOT NULL,           -- ValId_Time, '' = gateway default
          at_time TEXT NOT NULL,              -- At_Time, '' = now
          schedule_at INTEGER,                -- when the pump may start; NULL = at once
          state TEXT NOT NULL CHECK (state IN ('draft', 'running', 'paused', 'completed', 'cancelled')),
          created_by TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          started_at INTEGER,
          finished_at INTEGER,
          updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX campaigns_by_account ON campaigns(account_id, src_id_ext);
        CREATE INDEX campaigns_by_state ON campaigns(state);
        CREATE INDEX campaigns_by_template ON campaigns(template_id);

        -- Per-state message counts, so a live monitor never counts 1,000,000 rows. A row per state is
        -- created with the campaign; outbox.recount() rebuilds them exactly from the messages.
        CREATE TABLE campaign_counts (
          campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
          state TEXT NOT NULL CHECK (state = 'queued' OR state = 'submitting' OR state = 'submitted' OR state = 'delivered' OR state = 'failed' OR state = 'unknown' OR state = 'in_doubt' OR state = 'skipped' OR state = 'cancelled'),
          n INTEGER NOT NULL,
          PRIMARY KEY (campaign_id, state)
        ) STRICT, WITHOUT ROWID;

        -- One row per recipient. campaign_id is NULL for direct sends (inbox replies, one-shot send).
        CREATE TABLE messages (
          id INTEGER PRIMARY KEY,
          campaign_id INTEGER REFERENCES campaigns(id),
          account_id INTEGER NOT NULL REFERENCES accounts(id),
          number TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state = 'queued' OR state = 'submitting' OR state = 'submitted' OR state = 'delivered' OR state = 'failed' OR state = 'unknown' OR state = 'in_doubt' OR state = 'skipped' OR state = 'cancelled'),
          reason TEXT,                        -- why skipped/failed/cancelled, in words
          result INTEGER,                     -- failing SUBMIT_RESP Result, if any
          stat TEXT,                          -- failing (or last) report Stat, raw
          possible_duplicate INTEGER NOT NULL DEFAULT 0 CHECK (possible_duplicate IN (0, 1)),
          segment_count INTEGER NOT NULL CHECK (segment_count BETWEEN 1 AND 255),
          billed_count INTEGER NOT NULL CHECK (billed_count >= 0),
          text TEXT,                          -- rendered text when it differs from the campaign's
          src_id TEXT,                        -- overrides for direct sends / replies (ref §10)
          service_id TEXT,
          link_id TEXT,
          created_at INTEGER NOT NULL,
          submitted_at INTEGER,
          done_at INTEGER,
          updated_at INTEGER NOT NULL
        ) STRICT;
        -- Three indexes only: every one costs the 1,000,000-row enqueue. (state, created_at) and
        -- (campaign_id, state, created_at) end in the rowid, so each state's rows come in queue
        -- order: the pump's claim reads messages_by_campaign, a time range reads every state's
        -- range of messages_by_state (delivery-log.ts merges them).
        CREATE INDEX messages_by_number ON messages(number);  -- few rows per number: sorting them is cheap
        CREATE INDEX messages_by_campaign ON messages(campaign_id, state, created_at);
        CREATE INDEX messages_by_state ON messages(state, created_at);

        -- Inserts and state changes are counted per transaction by enqueue.ts and outbox.ts (per-row
        -- triggers cost the bulk paths a third of their time); deletes, rare, are counted here.
        CREATE TRIGGER messages_count_delete AFTER DELETE ON messages WHEN old.campaign_id IS NOT NULL BEGIN
          UPDATE campaign_counts SET n = n - 1 WHERE campaign_id = old.campaign_id AND state = old.state;
        END;

        -- One row per PDU and destination, created when the pump claims the message.
        CREATE TABLE segments (
          id INTEGER PRIMARY KEY,
          message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
          account_id INTEGER NOT NULL REFERENCES accounts(id),
          number TEXT NOT NULL,               -- the destination, normalised: the report match key
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
        -- docs/protocol.md, "Msg_Id": a report is matched by (account, Msg_Id, destination).
        CREATE INDEX segments_by_msg_id ON segments(account_id, msg_id, number) WHERE msg_id IS NOT NULL;
        -- Gateways that stamp the PDU's Msg_Id on every destination's report (docs/protocol.md, "Msg_Id").
        CREATE INDEX segments_by_pdu_msg_id ON segments(account_id, pdu_msg_id, number) WHERE pdu_msg_id <> msg_id;
        CREATE INDEX segments_awaiting_report ON segments(account_id, response_at)
          WHERE state = 'submitted' AND report_expected = 1;
        -- Crash recovery reads what was on the wire; in-doubt work is found through messages_by_state.
        CREATE INDEX segments_in_flight ON segments(account_id) WHERE state = 'submitting';

        -- Every report received, matched or not (reports matching nothing are kept and shown).
        CREATE TABLE status_reports (
          id INTEGER PRIMARY KEY,
          account_id INTEGER NOT NULL REFERENCES accounts(id),
          received_at INTEGER NOT NULL,
          deliver_msg_id INTEGER NOT NULL,    -- the DELIVER's own Msg_Id
          msg_id INTEGER NOT NULL,            -- the report's Msg_Id (= SUBMIT_RESP Msg_Id)
          stat TEXT NOT NULL,
          outcome TEXT NOT NULL CHECK (outcome IN ('delivered', 'failed', 'unknown', 'pending')),
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
        -- Few indexes: a report insert is on the hot path. Recent reports are read in rowid order.
        -- Resent-DELIVER detection, late matching (report before SUBMIT_RESP) and search by Msg_Id:
        CREATE INDEX reports_by_msg_id ON status_reports(account_id, msg_id, number);
        CREATE INDEX reports_by_segment ON status_reports(segment_id);
        CREATE INDEX reports_unmatched_time ON status_reports(received_at) WHERE segment_id IS NULL;
      `;
