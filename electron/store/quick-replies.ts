// Quick replies (migration 7): saved snippets the inbox offers beside its reply box.
import type Database from 'better-sqlite3';
import { AUTO_REPLY_LIMITS } from '../../shared/auto-reply.js';
import { conflict, notFound } from './errors.js';
import { checkText } from './validate.js';
import { writeTransaction } from './transactions.js';
import { detail } from '../../shared/error-detail.js';

export interface QuickReply {
  id: number;
  text: string;
  createdAt: number;
}

export class QuickReplies {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      insert: db.prepare('INSERT INTO quick_replies (text, created_at) VALUES (?, ?)'),
      all: db.prepare('SELECT id, text, created_at AS createdAt FROM quick_replies ORDER BY id'),
      byText: db.prepare('SELECT id FROM quick_replies WHERE text = ?').pluck(),
      count: db.prepare('SELECT count(*) FROM quick_replies').pluck(),
      del: db.prepare('DELETE FROM quick_replies WHERE id = ?'),
    };
  }

  /** Saves a snippet (surrounding spaces trimmed); refuses a duplicate and more than the limit. */
  add(text: string, now = Date.now()): QuickReply {
    const t = typeof text === 'string' ? text.trim() : text;
    checkText(t, 'quick reply', 1, AUTO_REPLY_LIMITS.quickReplyChars);
    return writeTransaction(this.db, () => {
      if (this.s.byText.get(t) !== undefined) throw conflict('this quick reply is saved already', detail('quick-reply-saved'));
      if ((this.s.count.get() as number) >= AUTO_REPLY_LIMITS.quickReplies) throw conflict(`at most ${AUTO_REPLY_LIMITS.quickReplies} quick replies; delete one first`, detail('quick-replies-full', undefined, { max: AUTO_REPLY_LIMITS.quickReplies }));
      const id = Number(this.s.insert.run(t, now).lastInsertRowid);
      return { id, text: t, createdAt: now };
    });
  }

  list(): QuickReply[] {
    return this.s.all.all() as QuickReply[];
  }

  delete(id: number): void {
    if (this.s.del.run(id).changes === 0) throw notFound(`quick reply ${id} does not exist`);
  }
}
