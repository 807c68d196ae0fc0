// Shared by the import/export tests: a real store in a temp dir, files written there.
import { writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { ImportExportService } from '../../electron/services/import-export.js';
import type { Store } from '../../electron/store/store.js';
import { openTestStore, tempDir } from '../store/helpers.js';

export function ioFixture(name: string): { store: Store; io: ImportExportService; file: (n: string) => string; write: (n: string, content: string | Buffer) => string; cleanup: () => Promise<void> } {
  const tmp = tempDir();
  const store = openTestStore(tmp.file(`${name}.db`));
  const io = new ImportExportService(store);
  return {
    store,
    io,
    file: tmp.file,
    write: (n, content) => {
      const p = tmp.file(n);
      writeFileSync(p, content);
      return p;
    },
    cleanup: async () => {
      await io.close();
      store.close();
      tmp.cleanup();
    },
  };
}

export const utf8Bom = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
export const gbk = (text: string) => iconv.encode(text, 'gbk');

/** Every member of a group as plain objects, in insertion order. */
export function membersOf(store: Store, groupId: number): { number: string; name: string; fields: Record<string, string> }[] {
  const out: { number: string; name: string; fields: Record<string, string> }[] = [];
  for (const chunk of store.contacts.memberChunks(groupId, 1000)) for (const c of chunk) out.push({ number: c.number, name: c.name, fields: c.fields });
  return out;
}
