// Schema version 17, "compact messages": RELEASED, FROZEN once landed. Databases in the field are built by
// exactly this text; test/store/migrations-frozen.test.ts pins its SHA-256. Never edit it (not even a
// comment inside a statement: SQLite keeps that text in sqlite_master); change the schema in a new version.
export const sql = String.raw`
        -- A message in fewer bytes (electron/store/message-columns.ts reads it back exactly): its state
        -- as a small code (electron/store/state-codes.ts; 0 and 1 cost no byte), no Stat where the state
        -- implies it (a delivered message's DELIVRD), its submission and completion times as delays after
        -- its creation, and no update time (nothing read it). Rebuilt as in version 13, ids kept, so the
        -- segments still refer to their messages.
        CREATE TABLE messages_v17 (
          id INTEGER PRIMARY KEY,
          campaign_id INTEGER REFERENCES campaigns(id),
          account_id INTEGER NOT NULL REFERENCES accounts(id),
          number TEXT NOT NULL,
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
        INSERT INTO messages_v17 (id, campaign_id, account_id, number, state, reason, result, stat, possible_duplicate,
          segment_count, billed_count, text, src_id, service_id, link_id, concat_ref, created_at, submitted_after, done_after)
          SELECT id, campaign_id, account_id, number,
            CASE state WHEN 'delivered' THEN 0 WHEN 'failed' THEN 1 WHEN 'unknown' THEN 2 WHEN 'queued' THEN 3 WHEN 'submitting' THEN 4
              WHEN 'submitted' THEN 5 WHEN 'in_doubt' THEN 6 WHEN 'skipped' THEN 7 ELSE 8 END,
            reason, result, CASE WHEN state <> 'delivered' THEN stat WHEN stat = 'DELIVRD' THEN NULL ELSE coalesce(stat, '') END, possible_duplicate,
            segment_count, billed_count, text, src_id, service_id, link_id, concat_ref, created_at, submitted_at - created_at,
            done_at - created_at
          FROM messages ORDER BY id;
        DROP TABLE messages;
        ALTER TABLE messages_v17 RENAME TO messages;
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

        -- Version 16's anchor triggers, as it wrote them. The saved anchors are dropped: their parts
        -- were keyed by the states' names.
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
