// Schema version 5, "settings and concatenation references": RELEASED, FROZEN. Databases in the field were built by
// exactly this text; test/store/migrations-frozen.test.ts pins its SHA-256. Never edit it (not even a
// comment inside a statement: SQLite keeps that text in sqlite_master); change the schema in a new version.
export const sql = String.raw`
        -- Workspace settings (sending rules, keywords) and small counters, as JSON values by key,
        -- shared by the app and the CLI (electron/services/settings.ts).
        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL CHECK (json_valid(value)),
          updated_at INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;

        -- The UDH reference a long message was given at its first claim (docs/protocol.md, "Long messages"), from a per-account
        -- counter: a segment resent later (Result 8, in-doubt resend) must carry the same one, or
        -- the handset cannot reassemble the message. NULL for single messages.
        ALTER TABLE messages ADD COLUMN concat_ref INTEGER CHECK (concat_ref BETWEEN 0 AND 65535);
      `;
