// Schema version 7, "auto-reply rules and quick replies": RELEASED, FROZEN once landed. Databases in the field are built by
// exactly this text; test/store/migrations-frozen.test.ts pins its SHA-256. Never edit it (not even a
// comment inside a statement: SQLite keeps that text in sqlite_master); change the schema in a new version.
export const sql = String.raw`
        -- Keyword auto-replies to MOs (electron/services/inbox/auto-reply.ts): a rule answers an MO
        -- whose text matches its keyword (the whole reply, its start, or a checked pattern), on
        -- one account (NULL: every account) and one Src_Id extension (NULL: any; '': none).
        CREATE TABLE auto_reply_rules (
          id INTEGER PRIMARY KEY,
          match_kind TEXT NOT NULL CHECK (match_kind = 'exact' OR match_kind = 'prefix' OR match_kind = 'pattern'),
          keyword TEXT NOT NULL CHECK (length(keyword) BETWEEN 1 AND 200),
          reply TEXT NOT NULL CHECK (length(reply) BETWEEN 1 AND 1000),
          account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
          src_ext TEXT CHECK (src_ext IS NULL OR length(src_ext) <= 20),
          created_at INTEGER NOT NULL
        ) STRICT;

        -- Saved reply snippets the inbox offers beside its reply box.
        CREATE TABLE quick_replies (
          id INTEGER PRIMARY KEY,
          text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
          created_at INTEGER NOT NULL
        ) STRICT;
      `;
