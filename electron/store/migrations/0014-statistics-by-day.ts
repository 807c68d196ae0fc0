// Schema version 14, "statistics by day and outcome": RELEASED, FROZEN once landed. Databases in the field are built by
// exactly this text; test/store/migrations-frozen.test.ts pins its SHA-256. Never edit it (not even a
// comment inside a statement: SQLite keeps that text in sqlite_master); change the schema in a new version.
export const sql = String.raw`
        -- The statistics of a range of days read in this order (electron/store/statistics/queries.ts):
        -- grouped by day and outcome as the rows come, with no sort of a year of rows, and covering,
        -- so the table itself is not read. A year of a busy desk is about 100,000 rows.
        CREATE INDEX statistics_by_day ON statistics_daily(day, outcome, sent, result, code, account_id, campaign_id, messages, segments, billed);
      `;
