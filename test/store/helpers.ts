// Real SQLite files in a temp dir, removed after each test file.
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountInput } from '../../electron/store/accounts.js';
import { PlaintextCipher } from '../../electron/store/cipher.js';
import { Store, type StoreOptions } from '../../electron/store/store.js';

export function tempDir(): { dir: string; file: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cmpp-store-'));
  return { dir, file: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openTestStore(path: string, extra: Partial<StoreOptions> = {}): Store {
  return Store.open({ path, cipher: new PlaintextCipher(), ...extra });
}

export function accountInput(over: Partial<AccountInput> = {}): AccountInput {
  return {
    name: 'gw1',
    host: '127.0.0.1',
    port: 7890,
    version: '3.0',
    spId: '900001',
    secret: '888888',
    serviceId: 'test',
    srcId: '106900001',
    ...over,
  };
}

/** December Msg_Id (docs/protocol.md "Msg_Id" layout): month 12 puts it above 2^63. */
export function decemberMsgId(seq: number, second = 7): bigint {
  const month = 12n, day = 24n, hour = 23n, minute = 59n, ismg = 79101n;
  return (
    (month << 60n) | (day << 55n) | (hour << 50n) | (minute << 44n) | (BigInt(second) << 38n) | (ismg << 16n) | BigInt(seq & 0xffff)
  );
}

export function* numbers(count: number, start = 13800000000): Generator<{ number: string }> {
  for (let i = 0; i < count; i++) yield { number: String(start + i) };
}

/** An account row written with raw SQL: migration tests use it on files at any version >= 1. */
export function fixtureAccount(db: Database.Database, now: number): number {
  return Number(
    db
      .prepare(
        `INSERT INTO accounts (name, host, port, version, sp_id, secret, secret_cipher, service_id, src_id, connections,
        window_size, rate, dests_per_submit, active_test_interval_ms, response_timeout_ms, max_sends, tls, strict_authenticator,
        signature, signature_position, gateway_appends, fee_type, fee_code, fee_user_type, fee_terminal_id, registered_delivery,
        max_segments, use_gbk, report_wait_ms, created_at, updated_at)
        VALUES ('gw', '127.0.0.1', 7890, '3.0', '900001', x'01', 'plaintext-UNPROTECTED', 'test', '1069', 1, 16, 100, 1,
        180000, 60000, 3, 0, 0, '', 'prefix', '', '01', '0', 2, '', 1, 10, 0, 172800000, ?, ?)`,
      )
      .run(now, now).lastInsertRowid,
  );
}
