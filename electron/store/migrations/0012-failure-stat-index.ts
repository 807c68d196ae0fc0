// Schema version 12, "failure Stat index": RELEASED, FROZEN once landed. Databases in the field are built by
// exactly this text; test/store/migrations-frozen.test.ts pins its SHA-256. Never edit it (not even a
// comment inside a statement: SQLite keeps that text in sqlite_master); change the schema in a new version.
export const sql = String.raw`
        -- The delivery log's Stat filter (electron/store/log/filter.ts): the messages carrying a Stat
        -- other than DELIVRD (UNDELIV, EXPIRED, MK:0012, UNKNOWN, ...), in creation order per Stat, so a
        -- Stat's pages, count and jumps read its own rows instead of walking the whole log. Partial:
        -- delivered messages (about nine in ten) are not in it, so it costs a few bytes per message.
        CREATE INDEX messages_by_failure_stat ON messages(stat, created_at) WHERE stat <> 'DELIVRD';
      `;
