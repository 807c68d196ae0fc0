// The CLI tests' look into the database the CLI wrote: opened with its key file, closed after.
import { LocalKeyCipher } from '../../electron/store/cipher.js';
import { Store } from '../../electron/store/store.js';

export function withStore<T>(db: string, fn: (s: Store) => T): T {
  const s = Store.open({ path: db, cipher: LocalKeyCipher.besideDatabase(db) });
  try {
    return fn(s);
  } finally {
    s.close();
  }
}
