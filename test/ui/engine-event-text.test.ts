// The Monitor words engine events from their code and params, not from main's English: the events
// a real StoreFaults logs (every fault kind, then recovery) read in Chinese with every placeholder
// filled, and in English from the English catalogue.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreFaults } from '../../electron/services/sending/store-faults.js';
import type { LiveLog } from '../../shared/ipc/contract/monitor.js';
import { translate, type Translate } from '../../renderer/src/i18n/index.js';
import { logText } from '../../renderer/src/monitor/format.js';

const dir = mkdtempSync(join(tmpdir(), 'event-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function faultEvents(): LiveLog[] {
  const logged: LiveLog[] = [];
  let now = 1_000;
  const faults = new StoreFaults({ dbPath: join(dir, 'desk.db'), now: () => now, log: (e) => logged.push({ at: now, ...e }), faultChanged: () => {} });
  for (const code of ['SQLITE_BUSY', 'SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_CORRUPT']) {
    faults.failed('outcomes', Object.assign(new Error(`${code}: something in English`), { code }));
  }
  now += 42_000;
  faults.ok('outcomes');
  return logged;
}

const zh: Translate = (key, params) => translate('zh-CN', key, params);
const en: Translate = (key, params) => translate('en', key, params);

describe('engine event texts', () => {
  it('say a database fault and its recovery in Chinese, every placeholder filled', () => {
    const events = faultEvents();
    expect(events.map((e) => e.code)).toEqual(['store-busy', 'store-full', 'store-io', 'store-other', 'store-recovered']);
    for (const e of events) {
      const text = logText(e, zh);
      expect(text).not.toMatch(/[{}]/);
      // Only the unit of the space to free (MB) is in Latin letters.
      expect(text.replace(/\bMB\b/g, '')).not.toMatch(/[A-Za-z]/);
    }
    expect(logText(events[4]!, zh)).toBe('数据库在 42 秒后恢复可写，发送继续');
    expect(logText(events[1]!, zh)).toMatch(/^数据库所在磁盘已满：发送已暂停，腾出约 \d+\.\d MB 空间后自动继续/);
    expect(logText(events[4]!, en)).toBe('the database is writable again after 42 s; sending goes on');
  });

  it('falls back to main\'s English only for an event the catalogues do not know', () => {
    expect(logText({ at: 0, level: 'info', code: 'something-new', message: 'a new kind of event' }, zh)).toBe('a new kind of event');
  });
});
