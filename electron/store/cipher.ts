// Gateway secrets go through a pluggable cipher. In the app Electron's safeStorage implements it
// (main.ts); the CLI and tests use LocalKeyCipher. Each stored secret is tagged with the cipher's
// name (accounts.secret_cipher), and reading it with another cipher is an error: never a silent
// plaintext fallback.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, writeSync } from 'node:fs';
import { StoreError } from './errors.js';

export interface SecretCipher {
  /** Stored beside every secret it writes; must never change for a given scheme. */
  readonly name: string;
  encrypt(plain: string): Buffer;
  decrypt(blob: Buffer): string;
  /** True when encrypt() protects nothing; the UI and CLI warn about it. */
  readonly isPlaintext: boolean;
}

const keyBytes = 32;
const ivBytes = 12;
const tagBytes = 16;
const formatVersion = 1;

/**
 * AES-256-GCM with a random key kept in a separate file (mode 0600) beside the database.
 * Honest limits: it only protects against casual reading of the database file (a copied .db, a
 * screenshot of a SQL browser). Anyone who can read the key file, i.e. the same user, can decrypt.
 * Blob layout: version(1) | iv(12) | tag(16) | ciphertext.
 */
export class LocalKeyCipher implements SecretCipher {
  readonly name = 'local-key-file';
  readonly isPlaintext = false;

  private constructor(
    private key: Buffer | null,
    readonly keyPath: string,
  ) {}

  /** The key file for a database: `<db path>.key`. */
  static keyPathFor(dbPath: string): string {
    return `${dbPath}.key`;
  }

  /**
   * Loads the key file, creating it (exclusively, mode 0600) when `create` is true and it does not
   * exist. Refuses a key file that group or others can read (POSIX), or one of the wrong size.
   */
  static open(keyPath: string, { create = true }: { create?: boolean } = {}): LocalKeyCipher {
    const key = LocalKeyCipher.load(keyPath) ?? (create ? LocalKeyCipher.create(keyPath) : null);
    if (!key) throw new StoreError('key-file', `secret key file ${keyPath} does not exist`);
    return new LocalKeyCipher(key, keyPath);
  }

  /**
   * The key file beside a database file. An existing key file is read (and checked) now; a missing
   * one is created only when the first secret is encrypted, so opening a path that turns out not to
   * be a database of ours (or a database without secrets) never leaves a key file beside it.
   */
  static besideDatabase(dbPath: string): LocalKeyCipher {
    const keyPath = LocalKeyCipher.keyPathFor(dbPath);
    return new LocalKeyCipher(LocalKeyCipher.load(keyPath), keyPath);
  }

  /** The key in the file, or null when there is no file. */
  private static load(keyPath: string): Buffer | null {
    let fd: number;
    try {
      fd = openSync(keyPath, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreError('key-file', `cannot read secret key file ${keyPath}: ${(e as Error).message}`);
    }
    let text: string;
    try {
      const mode = fstatSync(fd).mode;
      if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
        throw new StoreError(
          'key-file',
          `secret key file ${keyPath} is readable by others (mode ${(mode & 0o777).toString(8)}); chmod 600 it`,
        );
      }
      text = readFileSync(fd, 'utf8').trim();
    } finally {
      closeSync(fd);
    }
    if (!/^[0-9a-f]{64}$/.test(text)) {
      throw new StoreError('key-file', `secret key file ${keyPath} is not a 32-byte hex key`);
    }
    return Buffer.from(text, 'hex');
  }

  private static create(keyPath: string): Buffer {
    const key = randomBytes(keyBytes);
    let fd: number;
    try {
      fd = openSync(keyPath, 'wx', 0o600); // 'wx': never overwrite a key another process just made
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        const theirs = LocalKeyCipher.load(keyPath);
        if (theirs) return theirs;
      }
      throw new StoreError('key-file', `cannot create secret key file ${keyPath}: ${(e as Error).message}`);
    }
    try {
      writeSync(fd, `${key.toString('hex')}\n`);
    } finally {
      closeSync(fd);
    }
    return key;
  }

  /** The key, from the file if another process created it meanwhile; created when `create`. */
  private keyFor(create: boolean): Buffer {
    this.key ??= LocalKeyCipher.load(this.keyPath) ?? (create ? LocalKeyCipher.create(this.keyPath) : null);
    if (!this.key) throw new StoreError('key-file', `secret key file ${this.keyPath} does not exist, so the stored secrets cannot be read; re-enter them`);
    return this.key;
  }

  encrypt(plain: string): Buffer {
    const iv = randomBytes(ivBytes);
    const c = createCipheriv('aes-256-gcm', this.keyFor(true), iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([Buffer.from([formatVersion]), iv, c.getAuthTag(), body]);
  }

  decrypt(blob: Buffer): string {
    if (blob.length < 1 + ivBytes + tagBytes || blob[0] !== formatVersion) {
      throw new StoreError('cipher-failure', `secret blob is not in the ${this.name} format`);
    }
    const iv = blob.subarray(1, 1 + ivBytes);
    const tag = blob.subarray(1 + ivBytes, 1 + ivBytes + tagBytes);
    const d = createDecipheriv('aes-256-gcm', this.keyFor(false), iv);
    d.setAuthTag(tag);
    try {
      return Buffer.concat([d.update(blob.subarray(1 + ivBytes + tagBytes)), d.final()]).toString('utf8');
    } catch {
      throw new StoreError(
        'cipher-failure',
        `secret cannot be decrypted with key file ${this.keyPath}: it is not the key the secret was written with`,
      );
    }
  }
}

/**
 * Stores secrets as UTF-8 bytes. Only for tests and for users who explicitly choose it (e.g. a
 * CLI flag naming it); its name says so wherever it is shown.
 */
export class PlaintextCipher implements SecretCipher {
  readonly name = 'plaintext-UNPROTECTED';
  readonly isPlaintext = true;

  encrypt(plain: string): Buffer {
    return Buffer.from(plain, 'utf8');
  }

  decrypt(blob: Buffer): string {
    return blob.toString('utf8');
  }
}
