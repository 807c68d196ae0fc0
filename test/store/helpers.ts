// Real SQLite files in a temp dir, removed after each test file.
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

/** December Msg_Id (ref §6 layout): month 12 puts it above 2^63. */
export function decemberMsgId(seq: number, second = 7): bigint {
  const month = 12n, day = 24n, hour = 23n, minute = 59n, ismg = 79101n;
  return (
    (month << 60n) | (day << 55n) | (hour << 50n) | (minute << 44n) | (BigInt(second) << 38n) | (ismg << 16n) | BigInt(seq & 0xffff)
  );
}

export function* numbers(count: number, start = 13800000000): Generator<{ number: string }> {
  for (let i = 0; i < count; i++) yield { number: String(start + i) };
}
