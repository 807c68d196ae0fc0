// Schema version 9, "campaign pause reason": RELEASED, FROZEN once landed. Databases in the field are built by
// exactly this text; test/store/migrations-frozen.test.ts pins its SHA-256. Never edit it (not even a
// comment inside a statement: SQLite keeps that text in sqlite_master); change the schema in a new version.
export const sql = String.raw`
        -- Why a campaign is paused when the engine paused it (its account cannot log in): a
        -- reason text built by shared/reasons.ts, NULL when the operator paused it or it runs.
        ALTER TABLE campaigns ADD COLUMN pause_reason TEXT CHECK (pause_reason IS NULL OR length(pause_reason) <= 1000);
      `;
