// Schema version 4, "inbox, opt-out and audit log": RELEASED, FROZEN. Databases in the field were built by
// exactly this text; test/store/migrations-frozen.test.ts pins its SHA-256. Never edit it (not even a
// comment inside a statement: SQLite keeps that text in sqlite_master); change the schema in a new version.
export const sql = String.raw`
        CREATE TABLE mo_messages (
          id INTEGER PRIMARY KEY,
          account_id INTEGER NOT NULL REFERENCES accounts(id),
          number TEXT NOT NULL,               -- the sender, normalised
          src_terminal_id TEXT NOT NULL,      -- raw
          dest_id TEXT NOT NULL,              -- what the user texted (Src_Id + extension)
          service_id TEXT NOT NULL,
          link_id TEXT NOT NULL,              -- 3.0 LinkID, '' in 2.0
          msg_fmt INTEGER NOT NULL,
          text TEXT,                          -- decoded; NULL when the Msg_Fmt cannot be decoded
          content BLOB NOT NULL,              -- the reassembled user data, without UDH
          complete INTEGER NOT NULL CHECK (complete IN (0, 1)), -- 0: timed out with parts missing
          segment_total INTEGER NOT NULL CHECK (segment_total >= 1),
          segment_received INTEGER NOT NULL CHECK (segment_received >= 1),
          campaign_id INTEGER REFERENCES campaigns(id) ON DELETE SET NULL,
          received_at INTEGER NOT NULL,
          handled INTEGER NOT NULL DEFAULT 0 CHECK (handled IN (0, 1)),
          handled_at INTEGER,
          opt_event TEXT CHECK (opt_event IN ('opt_out', 'opt_in'))
        ) STRICT;
        CREATE INDEX mo_by_number ON mo_messages(number, received_at);
        CREATE INDEX mo_by_time ON mo_messages(received_at);
        CREATE INDEX mo_unhandled ON mo_messages(received_at) WHERE handled = 0;
        CREATE INDEX mo_by_campaign ON mo_messages(campaign_id);

        -- Conversations by number, kept by inbox.ts, so the inbox list never groups every MO.
        CREATE TABLE mo_threads (
          number TEXT PRIMARY KEY,
          last_message_id INTEGER NOT NULL REFERENCES mo_messages(id),
          last_at INTEGER NOT NULL,
          total INTEGER NOT NULL,
          unhandled INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX mo_threads_by_time ON mo_threads(last_at);

        -- Raw MO DELIVERs, kept so reassembly survives a restart (docs/protocol.md, "Long messages").
        CREATE TABLE mo_segments (
          id INTEGER PRIMARY KEY,
          account_id INTEGER NOT NULL REFERENCES accounts(id),
          received_at INTEGER NOT NULL,
          deliver_msg_id INTEGER NOT NULL,
          number TEXT NOT NULL,
          src_terminal_id TEXT NOT NULL,
          dest_id TEXT NOT NULL,
          service_id TEXT NOT NULL,
          tp_pid INTEGER NOT NULL,
          tp_udhi INTEGER NOT NULL,
          msg_fmt INTEGER NOT NULL,
          content BLOB NOT NULL,              -- raw Msg_Content, UDH included
          link_id TEXT NOT NULL,
          concat_ref INTEGER,                 -- from the UDH; NULL for a single-part message
          concat_total INTEGER,
          concat_index INTEGER,
          mo_message_id INTEGER REFERENCES mo_messages(id) ON DELETE SET NULL
        ) STRICT;
        CREATE INDEX mo_segments_by_deliver ON mo_segments(account_id, deliver_msg_id);
        CREATE INDEX mo_segments_by_message ON mo_segments(mo_message_id);
        CREATE INDEX mo_segments_pending ON mo_segments(account_id, number, dest_id, concat_ref, concat_total)
          WHERE mo_message_id IS NULL;
        CREATE INDEX mo_segments_pending_time ON mo_segments(received_at) WHERE mo_message_id IS NULL;

        CREATE TABLE opt_outs (
          number TEXT PRIMARY KEY,
          source TEXT NOT NULL CHECK (source IN ('mo', 'manual', 'import')),
          keyword TEXT,
          mo_message_id INTEGER REFERENCES mo_messages(id) ON DELETE SET NULL,
          created_at INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;

        -- Who did what, when, with which template/campaign. Append-only: proof of consent and of
        -- what was sent must not be editable through the app.
        CREATE TABLE audit_log (
          id INTEGER PRIMARY KEY,
          at INTEGER NOT NULL,
          actor TEXT NOT NULL,
          action TEXT NOT NULL,
          account_id INTEGER,                 -- no foreign keys: history outlives what it names
          campaign_id INTEGER,
          template_id INTEGER,
          number TEXT,
          details TEXT NOT NULL CHECK (json_valid(details))
        ) STRICT;
        CREATE INDEX audit_by_time ON audit_log(at);
        CREATE INDEX audit_by_campaign ON audit_log(campaign_id, at) WHERE campaign_id IS NOT NULL;
        CREATE INDEX audit_by_number ON audit_log(number, at) WHERE number IS NOT NULL;
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
          SELECT RAISE(ABORT, 'audit_log is append-only');
        END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
          SELECT RAISE(ABORT, 'audit_log is append-only');
        END;
      `;
