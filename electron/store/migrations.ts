// The schema as an ordered list of steps. `PRAGMA user_version` holds the last applied version;
// database.ts runs every pending step in ONE transaction, so a file is never half-migrated.
// Never edit a released step: add a new one. Each step has a test in test/store/migrations.test.ts
// that opens the file at version N-1 with fixture data, migrates, and asserts.
//
// Conventions: STRICT tables everywhere (a text in an INTEGER column is an error, not a silent
// affinity conversion); times are INTEGER milliseconds since the Unix epoch (UTC); booleans are
// INTEGER 0/1 with a CHECK; numbers (MSISDNs) are TEXT, normalised (electron/store/number-key.ts);
// Msg_Ids are INTEGER holding the unsigned 64-bit value reinterpreted as signed (ref §6, msg-id-column.ts).
import type Database from 'better-sqlite3';
import { MessageStates } from '../../shared/message-state.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}

// Built from the shared enum so the CHECK can never disagree with the TypeScript type. Written
// as an OR chain: SQLite evaluates a 9-value IN list in a CHECK through a temporary index built
// per row, which measured 1.3 us per inserted message (a quarter of the bulk enqueue).
const stateCheck = (column: string) => `(${MessageStates.map((s) => `${column} = '${s}'`).join(' OR ')})`;

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'gateway accounts and leases',
    up(db) {
      db.exec(`
        CREATE TABLE accounts (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          host TEXT NOT NULL,
          port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
          version TEXT NOT NULL CHECK (version IN ('2.0', '3.0')),
          sp_id TEXT NOT NULL,
          secret BLOB NOT NULL,
          secret_cipher TEXT NOT NULL,           -- SecretCipher.name that wrote secret
          service_id TEXT NOT NULL,
          src_id TEXT NOT NULL,                  -- service code or long number, extension included
          connections INTEGER NOT NULL CHECK (connections >= 1),
          window_size INTEGER NOT NULL CHECK (window_size >= 1),
          rate INTEGER NOT NULL CHECK (rate >= 1), -- messages/s as the gateway counts them (ref §7)
          dests_per_submit INTEGER NOT NULL CHECK (dests_per_submit BETWEEN 1 AND 99),
          active_test_interval_ms INTEGER NOT NULL CHECK (active_test_interval_ms > 0), -- C
          response_timeout_ms INTEGER NOT NULL CHECK (response_timeout_ms > 0),         -- T
          max_sends INTEGER NOT NULL CHECK (max_sends >= 1),                            -- N
          tls INTEGER NOT NULL CHECK (tls IN (0, 1)),
          strict_authenticator INTEGER NOT NULL CHECK (strict_authenticator IN (0, 1)),
          signature TEXT NOT NULL,
          signature_position TEXT NOT NULL CHECK (signature_position IN ('prefix', 'suffix')),
          gateway_appends TEXT NOT NULL,          -- text the gateway adds after our split
          fee_type TEXT NOT NULL,
          fee_code TEXT NOT NULL,
          fee_user_type INTEGER NOT NULL CHECK (fee_user_type BETWEEN 0 AND 3),
          fee_terminal_id TEXT NOT NULL,
          registered_delivery INTEGER NOT NULL CHECK (registered_delivery IN (0, 1, 2)),
          max_segments INTEGER NOT NULL CHECK (max_segments BETWEEN 1 AND 255),
          use_gbk INTEGER NOT NULL CHECK (use_gbk IN (0, 1)),
          report_wait_ms INTEGER NOT NULL CHECK (report_wait_ms > 0),
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;

        -- One pump per database (issue 4 §2): whoever holds the lease sends.
        CREATE TABLE leases (
          name TEXT PRIMARY KEY,
          holder TEXT NOT NULL,
          acquired_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
      `);
    },
  },
  {
    version: 2,
    name: 'contacts, groups and templates',
    up(db) {
      db.exec(`
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
      `);
    },
  },
  {
    version: 3,
    name: 'campaigns, outbox and status reports',
    up(db) {
      db.exec(`
        CREATE TABLE campaigns (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          account_id INTEGER NOT NULL REFERENCES accounts(id),
          template_id INTEGER REFERENCES templates(id) ON DELETE SET NULL,
          text TEXT NOT NULL,                 -- snapshot of the text (merge fields unrendered)
          service_id TEXT NOT NULL,
          fee_type TEXT NOT NULL,
          fee_code TEXT NOT NULL,
          fee_user_type INTEGER NOT NULL CHECK (fee_user_type BETWEEN 0 AND 3),
          fee_terminal_id TEXT NOT NULL,
          src_id_ext TEXT NOT NULL,           -- appended to the account's Src_Id
          registered_delivery INTEGER NOT NULL CHECK (registered_delivery IN (0, 1, 2)),
          valid_time TEXT NOT NULL,           -- ValId_Time, '' = gateway default
          at_time TEXT NOT NULL,              -- At_Time, '' = now
          schedule_at INTEGER,                -- when the pump may start; NULL = at once
          state TEXT NOT NULL CHECK (state IN ('draft', 'running', 'paused', 'completed', 'cancelled')),
          created_by TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          started_at INTEGER,
          finished_at INTEGER,
          updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX campaigns_by_account ON campaigns(account_id, src_id_ext);
        CREATE INDEX campaigns_by_state ON campaigns(state);
        CREATE INDEX campaigns_by_template ON campaigns(template_id);

        -- Per-state message counts, so a live monitor never counts 1,000,000 rows. A row per state is
        -- created with the campaign; outbox.recount() rebuilds them exactly from the messages.
        CREATE TABLE campaign_counts (
          campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
          state TEXT NOT NULL CHECK ${stateCheck('state')},
          n INTEGER NOT NULL,
          PRIMARY KEY (campaign_id, state)
        ) STRICT, WITHOUT ROWID;

        -- One row per recipient. campaign_id is NULL for direct sends (inbox replies, one-shot send).
        CREATE TABLE messages (
          id INTEGER PRIMARY KEY,
          campaign_id INTEGER REFERENCES campaigns(id),
          account_id INTEGER NOT NULL REFERENCES accounts(id),
          number TEXT NOT NULL,
          state TEXT NOT NULL CHECK ${stateCheck('state')},
          reason TEXT,                        -- why skipped/failed/cancelled, in words
          result INTEGER,                     -- failing SUBMIT_RESP Result, if any
          stat TEXT,                          -- failing (or last) report Stat, raw
          possible_duplicate INTEGER NOT NULL DEFAULT 0 CHECK (possible_duplicate IN (0, 1)),
          segment_count INTEGER NOT NULL CHECK (segment_count BETWEEN 1 AND 255),
          billed_count INTEGER NOT NULL CHECK (billed_count >= 0),
          text TEXT,                          -- rendered text when it differs from the campaign's
          src_id TEXT,                        -- overrides for direct sends / replies (ref §10)
          service_id TEXT,
          link_id TEXT,
          created_at INTEGER NOT NULL,
          submitted_at INTEGER,
          done_at INTEGER,
          updated_at INTEGER NOT NULL
        ) STRICT;
        -- Three indexes only: every one costs the 1,000,000-row enqueue. (state, created_at) and
        -- (campaign_id, state, created_at) end in the rowid, so each state's rows come in queue
        -- order: the pump's claim reads messages_by_campaign, a time range reads every state's
        -- range of messages_by_state (delivery-log.ts merges them).
        CREATE INDEX messages_by_number ON messages(number);  -- few rows per number: sorting them is cheap
        CREATE INDEX messages_by_campaign ON messages(campaign_id, state, created_at);
        CREATE INDEX messages_by_state ON messages(state, created_at);

        -- Inserts and state changes are counted per transaction by enqueue.ts and outbox.ts (per-row
        -- triggers cost the bulk paths a third of their time); deletes, rare, are counted here.
        CREATE TRIGGER messages_count_delete AFTER DELETE ON messages WHEN old.campaign_id IS NOT NULL BEGIN
          UPDATE campaign_counts SET n = n - 1 WHERE campaign_id = old.campaign_id AND state = old.state;
        END;

        -- One row per PDU and destination, created when the pump claims the message.
        CREATE TABLE segments (
          id INTEGER PRIMARY KEY,
          message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
          account_id INTEGER NOT NULL REFERENCES accounts(id),
          number TEXT NOT NULL,               -- the destination, normalised: the report match key
          pk_number INTEGER NOT NULL,
          pk_total INTEGER NOT NULL CHECK (pk_total BETWEEN 1 AND 255),
          state TEXT NOT NULL CHECK ${stateCheck('state')},
          report_expected INTEGER NOT NULL CHECK (report_expected IN (0, 1)),
          sequence_id INTEGER,                -- of the last send
          connection TEXT,                    -- which connection of the account sent it last
          msg_id INTEGER,                     -- this destination's Msg_Id (signed reinterpretation)
          pdu_msg_id INTEGER,                 -- the SUBMIT_RESP Msg_Id (differs for destination i > 0)
          result INTEGER,
          stat TEXT,
          reason TEXT,                        -- why failed/unknown/cancelled, in words
          submit_at INTEGER,                  -- first send
          response_at INTEGER,
          report_at INTEGER,
          done_time TEXT,                     -- the report's Done_time, raw YYMMDDHHMM
          send_count INTEGER NOT NULL DEFAULT 0,
          CHECK (pk_number BETWEEN 1 AND pk_total),
          UNIQUE (message_id, pk_number)
        ) STRICT;
        -- ref §6: a report is matched by (account, Msg_Id, destination).
        CREATE INDEX segments_by_msg_id ON segments(account_id, msg_id, number) WHERE msg_id IS NOT NULL;
        -- Gateways that stamp the PDU's Msg_Id on every destination's report (ref §6).
        CREATE INDEX segments_by_pdu_msg_id ON segments(account_id, pdu_msg_id, number) WHERE pdu_msg_id <> msg_id;
        CREATE INDEX segments_awaiting_report ON segments(account_id, response_at)
          WHERE state = 'submitted' AND report_expected = 1;
        -- Crash recovery reads what was on the wire; in-doubt work is found through messages_by_state.
        CREATE INDEX segments_in_flight ON segments(account_id) WHERE state = 'submitting';

        -- Every report received, matched or not (reports matching nothing are kept and shown).
        CREATE TABLE status_reports (
          id INTEGER PRIMARY KEY,
          account_id INTEGER NOT NULL REFERENCES accounts(id),
          received_at INTEGER NOT NULL,
          deliver_msg_id INTEGER NOT NULL,    -- the DELIVER's own Msg_Id
          msg_id INTEGER NOT NULL,            -- the report's Msg_Id (= SUBMIT_RESP Msg_Id)
          stat TEXT NOT NULL,
          outcome TEXT NOT NULL CHECK (outcome IN ('delivered', 'failed', 'unknown', 'pending')),
          submit_time TEXT NOT NULL,
          done_time TEXT NOT NULL,
          dest_terminal_id TEXT NOT NULL,     -- raw, as received
          number TEXT NOT NULL,               -- normalised
          smsc_sequence INTEGER NOT NULL,
          dest_id TEXT NOT NULL,              -- DELIVER Dest_Id
          service_id TEXT NOT NULL,
          connection TEXT,
          segment_id INTEGER REFERENCES segments(id) ON DELETE SET NULL,
          matched_at INTEGER
        ) STRICT;
        -- Few indexes: a report insert is on the hot path. Recent reports are read in rowid order.
        -- Resent-DELIVER detection, late matching (report before SUBMIT_RESP) and search by Msg_Id:
        CREATE INDEX reports_by_msg_id ON status_reports(account_id, msg_id, number);
        CREATE INDEX reports_by_segment ON status_reports(segment_id);
        CREATE INDEX reports_unmatched_time ON status_reports(received_at) WHERE segment_id IS NULL;
      `);
    },
  },
  {
    version: 4,
    name: 'inbox, opt-out and audit log',
    up(db) {
      db.exec(`
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

        -- Raw MO DELIVERs, kept so reassembly survives a restart (ref §8 Receiving).
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
      `);
    },
  },
  {
    version: 5,
    name: 'settings and concatenation references',
    up(db) {
      db.exec(`
        -- Workspace settings (sending rules, keywords) and small counters, as JSON values by key,
        -- shared by the app and the CLI (electron/services/settings.ts).
        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL CHECK (json_valid(value)),
          updated_at INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;

        -- The UDH reference a long message was given at its first claim (ref §8), from a per-account
        -- counter: a segment resent later (Result 8, in-doubt resend) must carry the same one, or
        -- the handset cannot reassemble the message. NULL for single messages.
        ALTER TABLE messages ADD COLUMN concat_ref INTEGER CHECK (concat_ref BETWEEN 0 AND 65535);
      `);
    },
  },
  {
    version: 6,
    name: 'status report outcome check as an OR chain',
    up(db) {
      // The same rule as version 3's CHECK (outcome IN (...)), written as an OR chain: SQLite
      // checks a list of more than two values through a temporary index built per statement run,
      // i.e. per report (measured 2-3 us of a ~6 us insert, on the campaign's hottest insert).
      // A CHECK cannot be altered, so the table is rebuilt (ALTER TABLE docs, "other kinds of
      // schema changes"): nothing references status_reports, so dropping it cascades nowhere.
      db.exec(`
        CREATE TABLE status_reports_v6 (
          id INTEGER PRIMARY KEY,
          account_id INTEGER NOT NULL REFERENCES accounts(id),
          received_at INTEGER NOT NULL,
          deliver_msg_id INTEGER NOT NULL,    -- the DELIVER's own Msg_Id
          msg_id INTEGER NOT NULL,            -- the report's Msg_Id (= SUBMIT_RESP Msg_Id)
          stat TEXT NOT NULL,
          outcome TEXT NOT NULL CHECK (outcome = 'delivered' OR outcome = 'failed' OR outcome = 'unknown' OR outcome = 'pending'),
          submit_time TEXT NOT NULL,
          done_time TEXT NOT NULL,
          dest_terminal_id TEXT NOT NULL,     -- raw, as received
          number TEXT NOT NULL,               -- normalised
          smsc_sequence INTEGER NOT NULL,
          dest_id TEXT NOT NULL,              -- DELIVER Dest_Id
          service_id TEXT NOT NULL,
          connection TEXT,
          segment_id INTEGER REFERENCES segments(id) ON DELETE SET NULL,
          matched_at INTEGER
        ) STRICT;
        INSERT INTO status_reports_v6 SELECT id, account_id, received_at, deliver_msg_id, msg_id, stat, outcome, submit_time,
          done_time, dest_terminal_id, number, smsc_sequence, dest_id, service_id, connection, segment_id, matched_at
          FROM status_reports ORDER BY id;
        DROP TABLE status_reports;
        ALTER TABLE status_reports_v6 RENAME TO status_reports;
        CREATE INDEX reports_by_msg_id ON status_reports(account_id, msg_id, number);
        CREATE INDEX reports_by_segment ON status_reports(segment_id);
        CREATE INDEX reports_unmatched_time ON status_reports(received_at) WHERE segment_id IS NULL;
      `);
    },
  },
];

export const latestVersion: number = migrations[migrations.length - 1]!.version;
