// Migration 11 fills statistics_daily from the rows an older database already has (INSERT ... SELECT
// ... GROUP BY, literal SQL), so an upgraded database is exact too: its rows equal a recount, for
// messages in every state with every reason text shared/reasons.ts builds, and for MO.
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/store/database.js';
import { MessageStates } from '../../shared/message-state.js';
import { reasons, ReasonCodes, parseReason } from '../../shared/reasons.js';
import { sharedEn, sharedZhCN } from '../../shared/i18n/catalogue.js';
import { fixtureAccount, openTestStore, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const now = Date.UTC(2026, 11, 6, 15, 59, 59); // 23:59:59 at UTC+8: the day boundary is right behind

/** Every reason text a builder of shared/reasons.ts writes, with parameters. */
const everyReason = [
  reasons.submitResult(13), reasons.flowControl(), reasons.segmentFailed(2), reasons.siblingFailed(reasons.submitResult(9)),
  reasons.reportStat('MK:0005'), reasons.inDoubt('timeout', 'no answer'), reasons.crashInDoubt(), reasons.droppedInDoubt(),
  reasons.cancelledByOperator(), reasons.withdrawn(), reasons.reportWaitExpired(), reasons.connectionUnavailable(),
  reasons.notSent('socket closed'), reasons.noText(), reasons.replanned(3, 2), reasons.optOut(), reasons.frequencyCap(4, 3_600_000, 3),
  reasons.signature(), reasons.sensitiveWord('发票'), reasons.mergeField('name'), reasons.unsendable('GBK cannot encode'),
  'free text no builder wrote',
];

/** Rows of every state and reason, written with raw SQL into a database of version 10 (before the statistics). */
function seed(db: Database.Database): void {
  const accountId = fixtureAccount(db, now);
  const c = db.prepare(`INSERT INTO campaigns (name, account_id, text, service_id, fee_type, fee_code, fee_user_type, fee_terminal_id,
    src_id_ext, registered_delivery, valid_time, at_time, state, created_by, created_at, updated_at)
    VALUES ('old', ?, '测试', 'test', '01', '0', 2, '', '', 1, '', '', 'completed', 'me', ?, ?)`).run(accountId, now, now).lastInsertRowid;
  const insert = db.prepare(`INSERT INTO messages (campaign_id, account_id, number, state, reason, result, stat, segment_count, billed_count,
    created_at, submitted_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  let n = 0;
  for (const state of MessageStates) {
    for (const reason of [null, ...everyReason]) {
      for (const [result, stat] of [[null, null], [13, null], [0, 'UNDELIV'], [null, 'DELIVRD']] as const) {
        const sent = state !== 'queued' && state !== 'skipped' && n % 3 !== 0;
        insert.run(n % 2 === 0 ? c : null, accountId, String(13800000000 + n), state, reason, result, stat, 1 + (n % 3), n % 4,
          now - (n % 5) * 1000, sent ? now + (n % 7) * 1000 : null, now);
        n++;
      }
    }
  }
  const mo = db.prepare(`INSERT INTO mo_messages (account_id, number, src_terminal_id, dest_id, service_id, link_id, msg_fmt, text, content,
    complete, segment_total, segment_received, received_at, opt_event, campaign_id) VALUES (?, ?, ?, '1069', 'test', '', 15, 'x', x'78', 1, 2, ?, ?, ?, ?)`);
  for (let i = 0; i < 9; i++) mo.run(accountId, `1390000000${i}`, `1390000000${i}`, 1 + (i % 2), now + i * 500, [null, 'opt_out', 'opt_in'][i % 3], i % 2 ? c : null);
}

describe('migration 11 (daily statistics)', () => {
  it('backfills an upgraded database exactly: its rows equal a recount', () => {
    const path = tmp.file('upgrade.db');
    const old = openDatabase(path, { targetVersion: 10 });
    seed(old);
    old.close();
    const store = openTestStore(path);
    const expected = store.statistics.expectedRows();
    expect(expected.length).toBeGreaterThan(100);
    expect(store.statistics.liveRows()).toEqual(expected);
    // The migration's reason patterns and shared/reasons.ts name every reason alike.
    for (const r of everyReason) {
      const code = store.db.prepare(`SELECT code FROM statistics_daily WHERE outcome = 'skipped' AND code <> '' AND code = ?`).pluck().get(parseReason(r)?.code ?? 'other');
      expect(code, r).toBeDefined();
    }
    store.close();
  });

  it('every reason code has its few words in both languages', () => {
    for (const code of [...ReasonCodes, 'other', 'none']) {
      expect(sharedZhCN, code).toHaveProperty([`statistics.reason.${code}`]);
      expect(sharedEn, code).toHaveProperty([`statistics.reason.${code}`]);
    }
  });
});
