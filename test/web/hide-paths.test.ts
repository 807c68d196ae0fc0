// The server's folders cut out of what is sent to the page, leaving valid JSON and the file names.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathHider } from '../../electron/web/hide-paths.js';

describe('pathHider', () => {
  const dataDir = join('/home/张三/.config', 'CMPP Desk');
  const tempDir = '/tmp/cmpp-desk-web-AbC123';
  const hide = pathHider(dataDir, tempDir);

  it('leaves the file names of the data directory and of the temp folder, in valid JSON', () => {
    const value = {
      dbPath: join(dataDir, 'cmpp-desk.db'),
      demo: { dbPath: join(dataDir, 'demo.db') },
      file: join(tempDir, 'x_Y-9', '客户名单 "2026".csv'),
      message: `cannot open ${join(dataDir, 'cmpp-desk.db')}: locked`,
      other: '/srv/elsewhere/file.csv',
    };
    expect(JSON.parse(hide(JSON.stringify(value)))).toEqual({
      dbPath: 'cmpp-desk.db',
      demo: { dbPath: 'demo.db' },
      file: '客户名单 "2026".csv',
      message: 'cannot open cmpp-desk.db: locked',
      other: '/srv/elsewhere/file.csv',
    });
  });

  it('returns text without those folders unchanged', () => {
    const text = JSON.stringify({ ok: true, value: { rows: [1, 2, 3], name: 'CMPP Desk' } });
    expect(hide(text)).toBe(text);
  });
});
