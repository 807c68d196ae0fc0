// Schema version 20, "message numbers as integers": RELEASED, FROZEN once landed. Databases in the field are built by
// exactly this text; test/store/migrations-frozen.test.ts pins its SHA-256. Never edit it (not even a
// comment inside a statement: SQLite keeps that text in sqlite_master); change the schema in a new version.
export const sql = String.raw`
        -- A message's number as an INTEGER when it is a plain digit string that reads back the same (no
        -- leading zero, at most 15 digits: 6 bytes for a mobile number instead of 11, in the row and in
        -- messages_by_number), else as its text (electron/store/message-columns.ts); one form per number
        -- (the CHECK), so an equality finds it. Rebuilt as in version 17, ids kept; its indexes and
        -- triggers as version 17 left them.
        CREATE TABLE messages_v20 (
          id INTEGER PRIMARY KEY,
          campaign_id INTEGER REFERENCES campaigns(id),
          account_id INTEGER NOT NULL REFERENCES accounts(id),
          number ANY NOT NULL CHECK (CASE typeof(number) WHEN 'integer' THEN number > 0 AND number < 1000000000000000
            WHEN 'text' THEN NOT (number GLOB '[1-9]*' AND length(number) <= 15 AND number NOT GLOB '*[^0-9]*') ELSE 0 END),
          state INTEGER NOT NULL CHECK (state BETWEEN 0 AND 8),
          reason TEXT,                        -- why skipped/failed/cancelled, in words
          result INTEGER,                     -- failing SUBMIT_RESP Result, if any
          stat TEXT,                          -- failing (or last) report Stat, raw; a delivered message's DELIVRD NULL, its NULL ''
          possible_duplicate INTEGER NOT NULL DEFAULT 0 CHECK (possible_duplicate IN (0, 1)),
          segment_count INTEGER NOT NULL CHECK (segment_count BETWEEN 1 AND 255),
          billed_count INTEGER NOT NULL CHECK (billed_count >= 0),
          text TEXT,                          -- rendered text when it differs from the campaign's
          src_id TEXT,                        -- overrides for direct sends and replies
          service_id TEXT,
          link_id TEXT,
          concat_ref INTEGER CHECK (concat_ref BETWEEN 0 AND 65535),
          created_at INTEGER NOT NULL,
          submitted_after INTEGER,            -- first submission time - created_at
          done_after INTEGER                  -- time it reached its final state - created_at
        ) STRICT;
        INSERT INTO messages_v20 (id, campaign_id, account_id, number, state, reason, result, stat, possible_duplicate,
          segment_count, billed_count, text, src_id, service_id, link_id, concat_ref, created_at, submitted_after, done_after)
          SELECT id, campaign_id, account_id,
            CASE WHEN number GLOB '[1-9]*' AND length(number) <= 15 AND number NOT GLOB '*[^0-9]*' THEN CAST(number AS INTEGER) ELSE number END,
            state, reason, result, stat, possible_duplicate, segment_count, billed_count, text, src_id, service_id, link_id, concat_ref,
            created_at, submitted_after, done_after
          FROM messages ORDER BY id;
        DROP TABLE messages;
        ALTER TABLE messages_v20 RENAME TO messages;
        -- A number's messages: the log's number search, the frequency rule.
        CREATE INDEX messages_by_number ON messages(number);
        -- The pump's claim and a campaign's log by state, in queue order.
        CREATE INDEX messages_by_campaign ON messages(campaign_id, state, created_at);
        -- The log by state and time; archiving a month.
        CREATE INDEX messages_by_state ON messages(state, created_at);
        -- The log's Stat filter (electron/store/log/filter.ts): delivered messages are not in it.
        CREATE INDEX messages_by_failure_stat ON messages(stat, state, created_at) WHERE stat <> 'DELIVRD';

        -- Deletes, rare, lower the campaign's per-state counter (kept by name: a handful of rows).
        CREATE TRIGGER messages_count_delete AFTER DELETE ON messages WHEN old.campaign_id IS NOT NULL BEGIN
          UPDATE campaign_counts SET n = n - 1 WHERE campaign_id = old.campaign_id AND state = CASE old.state WHEN 0 THEN 'delivered'
            WHEN 1 THEN 'failed' WHEN 2 THEN 'unknown' WHEN 3 THEN 'queued' WHEN 4 THEN 'submitting' WHEN 5 THEN 'submitted'
            WHEN 6 THEN 'in_doubt' WHEN 7 THEN 'skipped' ELSE 'cancelled' END;
        END;

        -- Version 16's anchor triggers, as it wrote them. The saved anchors are dropped: the number
        -- term of their parts changed.
        DELETE FROM log_anchors;
        CREATE TRIGGER log_anchors_insert AFTER INSERT ON messages
        WHEN new.created_at <= (SELECT max(created_at) FROM log_anchors) BEGIN
          DELETE FROM log_anchors WHERE created_at >= new.created_at;
          UPDATE log_anchor_drops SET n = n + 1;
        END;
        CREATE TRIGGER log_anchors_delete AFTER DELETE ON messages
        WHEN old.created_at <= (SELECT max(created_at) FROM log_anchors) BEGIN
          DELETE FROM log_anchors WHERE created_at >= old.created_at;
          UPDATE log_anchor_drops SET n = n + 1;
        END;
        CREATE TRIGGER log_anchors_update AFTER UPDATE OF state, stat, campaign_id, account_id, number, created_at ON messages
        WHEN min(old.created_at, new.created_at) <= (SELECT max(created_at) FROM log_anchors) BEGIN
          DELETE FROM log_anchors WHERE created_at >= min(old.created_at, new.created_at);
          UPDATE log_anchor_drops SET n = n + 1;
        END;
      `;
