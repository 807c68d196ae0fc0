// Schema version 1, "gateway accounts and leases": RELEASED, FROZEN. Databases in the field were built by
// exactly this text; test/store/migrations-frozen.test.ts pins its SHA-256. Never edit it (not even a
// comment inside a statement: SQLite keeps that text in sqlite_master); change the schema in a new version.
// The section mark after `rate` below pointed to a reference outside this repository; it stays
// because it is stored schema text. The rule it meant: docs/protocol.md, "Flow control".
export const sql = String.raw`
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

        -- One pump per database: whoever holds the lease sends.
        CREATE TABLE leases (
          name TEXT PRIMARY KEY,
          holder TEXT NOT NULL,
          acquired_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
      `;
