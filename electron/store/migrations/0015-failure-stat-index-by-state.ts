// Schema version 15, "failure Stat index by state": RELEASED, FROZEN once landed. Databases in the field are built by
// exactly this text; test/store/migrations-frozen.test.ts pins its SHA-256. Never edit it (not even a
// comment inside a statement: SQLite keeps that text in sqlite_master); change the schema in a new version.
export const sql = String.raw`
        -- Version 12's Stat index, with the state after the Stat: the Delivery log selects a Stat's state
        -- with it (a failing Stat, the failed messages), so a Stat's parts are one per state, each
        -- counted and walked in the index alone (electron/store/log/filter.ts).
        DROP INDEX messages_by_failure_stat;
        CREATE INDEX messages_by_failure_stat ON messages(stat, state, created_at) WHERE stat <> 'DELIVRD';
      `;
