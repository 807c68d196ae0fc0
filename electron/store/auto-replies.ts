// Keyword auto-reply rules (migration 7), their switch and limits (one JSON value in the settings
// table), and the count of auto-replies a number got since a time (for the daily cap; counted from
// the audit log, which records every auto-reply sent).
import type Database from 'better-sqlite3';
import { AUTO_REPLY_LIMITS, isAutoReplyMatchKind, type AutoReplyMatchKind } from '../../shared/auto-reply.js';
import { invalid, notFound } from './errors.js';
import { requireNumberKey } from './number-key.js';
import { SettingsTable } from './settings-table.js';
import { checkText } from './validate.js';
import { writeTransaction } from './transactions.js';
import { detail, shownValue } from '../../shared/error-detail.js';

export interface AutoReplyRuleInput {
  matchKind: AutoReplyMatchKind;
  keyword: string;
  reply: string;
  /** null: every account. */
  accountId: number | null;
  /** null: any extension; '': only MOs to the account's Src_Id itself. */
  srcExt: string | null;
}

export interface AutoReplyRule extends AutoReplyRuleInput {
  id: number;
  createdAt: number;
}

/** The audit action of one auto-reply queued (the daily cap counts these). */
export const AUTO_REPLY_SENT = 'autoreply.sent';

const CONFIG_KEY = 'auto-reply';
const select = `SELECT id, match_kind AS matchKind, keyword, reply, account_id AS accountId, src_ext AS srcExt, created_at AS createdAt
  FROM auto_reply_rules`;

export class AutoReplies {
  private readonly s;
  private readonly settings: SettingsTable;

  constructor(private readonly db: Database.Database) {
    this.settings = new SettingsTable(db);
    this.s = {
      insert: db.prepare('INSERT INTO auto_reply_rules (match_kind, keyword, reply, account_id, src_ext, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      all: db.prepare(`${select} ORDER BY id`),
      byId: db.prepare(`${select} WHERE id = ?`),
      del: db.prepare('DELETE FROM auto_reply_rules WHERE id = ?'),
      sent: db.prepare('SELECT count(*) FROM audit_log WHERE number = ? AND at >= ? AND action = ?').pluck(),
    };
  }

  add(input: AutoReplyRuleInput, now = Date.now()): AutoReplyRule {
    if (!isAutoReplyMatchKind(input.matchKind)) throw invalid(`match kind must be exact, prefix or pattern, got ${String(input.matchKind)}`, detail('not-in-set', 'matchKind', { allowed: 'exact / prefix / pattern', value: shownValue(input.matchKind) }));
    checkText(input.keyword, 'keyword', 1, AUTO_REPLY_LIMITS.patternChars);
    checkText(input.reply, 'reply text', 1, AUTO_REPLY_LIMITS.replyChars);
    if (input.srcExt !== null && (typeof input.srcExt !== 'string' || !new RegExp(`^\\d{0,${AUTO_REPLY_LIMITS.extDigits}}$`).test(input.srcExt))) {
      throw invalid(`Src_Id extension must be up to ${AUTO_REPLY_LIMITS.extDigits} digits, got "${String(input.srcExt)}"`, detail('digits-length', 'srcExt', { min: 0, max: AUTO_REPLY_LIMITS.extDigits, value: shownValue(input.srcExt) }));
    }
    return writeTransaction(this.db, () => {
      const id = Number(this.s.insert.run(input.matchKind, input.keyword, input.reply, input.accountId, input.srcExt, now).lastInsertRowid);
      return this.get(id);
    });
  }

  /** Every rule, oldest first. */
  list(): AutoReplyRule[] {
    return this.s.all.all() as AutoReplyRule[];
  }

  get(id: number): AutoReplyRule {
    const r = this.s.byId.get(id) as AutoReplyRule | undefined;
    if (!r) throw notFound(`auto-reply rule ${id} does not exist`);
    return r;
  }

  delete(id: number): void {
    if (this.s.del.run(id).changes === 0) throw notFound(`auto-reply rule ${id} does not exist`);
  }

  /** Auto-replies queued to a number since `since` (epoch ms). */
  sentSince(number: string, since: number): number {
    return this.s.sent.get(requireNumberKey(number), since, AUTO_REPLY_SENT) as number;
  }

  /** The stored switch and limits as JSON text (the service validates them), undefined when never set. */
  configText(): string | undefined {
    return this.settings.get(CONFIG_KEY);
  }

  putConfigText(json: string, now = Date.now()): void {
    this.settings.put(CONFIG_KEY, json, now);
  }
}
