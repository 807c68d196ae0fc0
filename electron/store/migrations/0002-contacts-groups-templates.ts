// Schema version 2, "contacts, groups and templates": RELEASED, FROZEN. Databases in the field were built by
// exactly this text; test/store/migrations-frozen.test.ts pins its SHA-256. Never edit it (not even a
// comment inside a statement: SQLite keeps that text in sqlite_master); change the schema in a new version.
export const sql = String.raw`
        CREATE TABLE contact_groups (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          size INTEGER NOT NULL DEFAULT 0,    -- kept by contacts.ts per chunk: no COUNT over 1,000,000 rows
          created_at INTEGER NOT NULL
        ) STRICT;

        -- A contact is a row of a group (as in the operator's spreadsheet): the same number in two
        -- groups is two rows, each with its own merge fields.
        CREATE TABLE contacts (
          id INTEGER PRIMARY KEY,
          group_id INTEGER NOT NULL REFERENCES contact_groups(id) ON DELETE CASCADE,
          number TEXT NOT NULL,
          name TEXT NOT NULL,
          fields TEXT NOT NULL CHECK (json_valid(fields)), -- extra columns: merge fields
          created_at INTEGER NOT NULL,
          UNIQUE (group_id, number)
        ) STRICT;
        CREATE INDEX contacts_by_group ON contacts(group_id);   -- keyset paging (group_id, rowid)
        CREATE INDEX contacts_by_number ON contacts(number);

        CREATE TABLE templates (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          text TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;
      `;
