// Schema version 8, "campaign rules and deletion": RELEASED, FROZEN once landed. Databases in the field are built by
// exactly this text; test/store/migrations-frozen.test.ts pins its SHA-256. Never edit it (not even a
// comment inside a statement: SQLite keeps that text in sqlite_master); change the schema in a new version.
export const sql = String.raw`
        -- Whether the campaign is commercial SMS (the 【签名】 rule applies), so a copy of it keeps its rules.
        ALTER TABLE campaigns ADD COLUMN commercial INTEGER NOT NULL DEFAULT 1 CHECK (commercial IN (0, 1));
        -- A campaign deleted with its delivery-log rows kept: hidden from the campaign list, its
        -- messages still found in the delivery log under its name. NULL = not deleted.
        ALTER TABLE campaigns ADD COLUMN deleted_at INTEGER;
      `;
