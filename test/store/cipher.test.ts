import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalKeyCipher, PlaintextCipher, type SecretCipher } from '../../electron/store/cipher.js';
import { CipherMismatchError } from '../../electron/store/errors.js';
import { Store } from '../../electron/store/store.js';
import { accountInput, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const posix = process.platform !== 'win32';

describe('LocalKeyCipher', () => {
  it('round-trips secrets with AES-256-GCM and a fresh IV each time', () => {
    const c = LocalKeyCipher.open(tmp.file('k1.key'));
    for (const s of ['888888', '密码-ä-😀', 'x'.repeat(64)]) expect(c.decrypt(c.encrypt(s))).toBe(s);
    const a = c.encrypt('888888');
    const b = c.encrypt('888888');
    expect(a.equals(b)).toBe(false);
    expect(a.includes(Buffer.from('888888'))).toBe(false);
    expect(c.name).toBe('local-key-file');
    expect(c.isPlaintext).toBe(false);
  });

  it('creates the key file with mode 0600 and reuses it', () => {
    const path = tmp.file('k2.key');
    const c1 = LocalKeyCipher.open(path);
    if (posix) expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    const c2 = LocalKeyCipher.open(path, { create: false });
    expect(c2.decrypt(c1.encrypt('s3cret'))).toBe('s3cret');
  });

  it('refuses a missing key file when asked not to create, a malformed one, and (POSIX) one others can read', () => {
    expect(() => LocalKeyCipher.open(tmp.file('none.key'), { create: false })).toThrow(expect.objectContaining({ code: 'key-file' }));
    const bad = tmp.file('bad.key');
    writeFileSync(bad, 'not a key\n', { mode: 0o600 });
    expect(() => LocalKeyCipher.open(bad)).toThrow(/not a 32-byte hex key/);
    if (posix) {
      const open = tmp.file('open.key');
      LocalKeyCipher.open(open);
      chmodSync(open, 0o644);
      expect(() => LocalKeyCipher.open(open)).toThrow(/readable by others/);
    }
  });

  it('fails clearly with another key file, and on a corrupted blob', () => {
    const a = LocalKeyCipher.open(tmp.file('a.key'));
    const b = LocalKeyCipher.open(tmp.file('b.key'));
    expect(() => b.decrypt(a.encrypt('888888'))).toThrow(/not the key the secret was written with/);
    const blob = a.encrypt('888888');
    blob[blob.length - 1]! ^= 1;
    expect(() => a.decrypt(blob)).toThrow(expect.objectContaining({ code: 'cipher-failure' }));
    expect(() => a.decrypt(Buffer.from('888888'))).toThrow(/not in the local-key-file format/);
  });
});

describe('secrets in the store', () => {
  it('stores the secret encrypted and tagged with the cipher name, and gives it back', () => {
    const path = tmp.file('s1.db');
    const cipher = LocalKeyCipher.besideDatabase(path);
    const store = Store.open({ path, cipher });
    const acc = store.accounts.create(accountInput({ secret: '888888' }));
    expect(acc.secretCipher).toBe('local-key-file');
    expect(JSON.stringify(acc)).not.toContain('888888');
    const raw = store.db.prepare('SELECT secret, secret_cipher FROM accounts').get() as { secret: Buffer; secret_cipher: string };
    expect(raw.secret_cipher).toBe('local-key-file');
    expect(raw.secret.includes(Buffer.from('888888'))).toBe(false);
    expect(store.accounts.getSecret(acc.id)).toBe('888888');
    store.accounts.patch(acc.id, { secret: 'new-secret' });
    expect(store.accounts.getSecret(acc.id)).toBe('new-secret');
    store.close();
    // The same key file beside the same database opens it again.
    const again = Store.open({ path, cipher: LocalKeyCipher.besideDatabase(path) });
    expect(again.accounts.getSecret(acc.id)).toBe('new-secret');
    again.close();
  });

  it('refuses to open a database whose secrets another cipher wrote: never silently plaintext', () => {
    const path = tmp.file('s2.db');
    const store = Store.open({ path, cipher: LocalKeyCipher.besideDatabase(path) });
    store.accounts.create(accountInput());
    store.close();
    let err: unknown;
    try {
      Store.open({ path, cipher: new PlaintextCipher() });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CipherMismatchError);
    expect((err as CipherMismatchError).storedCipher).toBe('local-key-file');
    expect((err as CipherMismatchError).activeCipher).toBe('plaintext-UNPROTECTED');
    expect((err as Error).message).toMatch(/written with secret cipher 'local-key-file'/);
  });

  it('and the reverse: plaintext secrets are not read as if encrypted', () => {
    const path = tmp.file('s3.db');
    const store = Store.open({ path, cipher: new PlaintextCipher() });
    const acc = store.accounts.create(accountInput());
    expect(store.accounts.getSecret(acc.id)).toBe('888888');
    store.close();
    expect(() => Store.open({ path, cipher: LocalKeyCipher.besideDatabase(path) })).toThrow(CipherMismatchError);
  });

  it('has no default cipher: opening without one is an error', () => {
    expect(() => Store.open({ path: tmp.file('s4.db') } as never)).toThrow(/needs a cipher/);
  });

  it('refuses per secret too (a row written by another cipher after open)', () => {
    const path = tmp.file('s5.db');
    const store = Store.open({ path, cipher: LocalKeyCipher.besideDatabase(path) });
    const acc = store.accounts.create(accountInput());
    store.db.prepare(`UPDATE accounts SET secret_cipher = 'electron-safeStorage'`).run();
    expect(() => store.accounts.getSecret(acc.id)).toThrow(/written with secret cipher 'electron-safeStorage'/);
    store.close();
  });

  it('re-encrypts every secret from one cipher to another', () => {
    const path = tmp.file('s6.db');
    const plain = new PlaintextCipher();
    const store = Store.open({ path, cipher: plain });
    const a = store.accounts.create(accountInput({ name: 'a', secret: 'one' }));
    const b = store.accounts.create(accountInput({ name: 'b', secret: 'two' }));
    store.close();
    const fake: SecretCipher = {
      name: 'test-rot',
      isPlaintext: false,
      encrypt: (s) => Buffer.from([...Buffer.from(s)].map((x) => x ^ 0x5a)),
      decrypt: (b) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString(),
    };
    expect(() => Store.open({ path, cipher: fake })).toThrow(CipherMismatchError);
    const moved = Store.open({ path, cipher: fake, previousCiphers: [plain] });
    expect(moved.accounts.getSecret(a.id)).toBe('one');
    expect(moved.accounts.getSecret(b.id)).toBe('two');
    moved.close();
    const reopened = Store.open({ path, cipher: fake });
    expect(reopened.accounts.getSecret(b.id)).toBe('two');
    reopened.close();
  });
});
