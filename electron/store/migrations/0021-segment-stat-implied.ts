// Schema version 21, "segment Stat implied": RELEASED, FROZEN once landed. Databases in the field are built by
// exactly this text; test/store/migrations-frozen.test.ts pins its SHA-256. Never edit it (not even a
// comment inside a statement: SQLite keeps that text in sqlite_master); change the schema in a new version.
export const sql = String.raw`
        -- A delivered segment's Stat as a message's since version 17 (electron/store/segment-columns.ts):
        -- DELIVRD implied (NULL), no Stat as '' (none: only a report delivers a segment), others kept.
        UPDATE segments SET stat = CASE WHEN stat = 'DELIVRD' THEN NULL ELSE coalesce(stat, '') END WHERE state = 0;
      `;
