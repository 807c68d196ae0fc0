// Schema version 16, "delivery-log anchors": RELEASED, FROZEN once landed. Databases in the field are built by
// exactly this text; test/store/migrations-frozen.test.ts pins its SHA-256. Never edit it (not even a
// comment inside a statement: SQLite keeps that text in sqlite_master); change the schema in a new version.
export const sql = String.raw`
        -- Keys at fixed positions of the delivery log's parts (electron/store/log/saved-anchors.ts),
        -- counted from each part's OLDEST entry, kept across restarts so that a jump deep into tens of
        -- millions of rows does not walk them again. New messages enter at the top of the log's
        -- (created_at, id) order, so such a position stays right until a message at or below its key
        -- comes, goes or moves between parts: the triggers then drop every anchor at or above that
        -- message's created_at (of every part: a cache, dropped generously) and count the drop in
        -- log_anchor_drops, which a walk in progress reads to know its keys are gone.
        CREATE TABLE log_anchors (
          part TEXT NOT NULL,          -- which rows: a hash of a part's source, terms, parameters and step
          pos INTEGER NOT NULL,        -- 0-based position in the part, from its oldest entry
          created_at INTEGER NOT NULL, -- the key of the entry there
          id INTEGER NOT NULL,
          PRIMARY KEY (part, pos)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX log_anchors_by_time ON log_anchors(created_at);
        CREATE TABLE log_anchor_drops (
          one INTEGER PRIMARY KEY CHECK (one = 1),
          n INTEGER NOT NULL
        ) STRICT;
        INSERT INTO log_anchor_drops (one, n) VALUES (1, 0);

        -- Each trigger's WHEN reads the newest anchor's time through the index: most changes are at
        -- the top of the log, above every anchor, and cost that one lookup.
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
