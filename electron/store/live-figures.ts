// Read-only figures for the live screens (campaign detail, inbox, monitor), prepared once per
// database. Each query reads through an index: (campaign_id, state) on messages, campaign_counts,
// and mo_messages by received_at.
import type Database from 'better-sqlite3';
import { sqlState, sqlStates, stateNameSql } from './state-codes.js';
import { MESSAGE_COLUMNS } from './message-columns.js';
import type { OptEvent } from '../../shared/inbox-message.js';

export interface OptEventRecord {
  id: number;
  number: string;
  text: string | null;
  opt_event: OptEvent;
  received_at: number;
}

export class LiveFigures {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      skipped: db.prepare(
        `SELECT coalesce(reason, '') AS reason, count(*) AS n FROM messages WHERE campaign_id = ? AND state = ${sqlState('skipped')} GROUP BY 1 ORDER BY 2 DESC`,
      ),
      inDoubt: db.prepare(
        `SELECT id, ${MESSAGE_COLUMNS.number} AS number, created_at FROM messages WHERE campaign_id = ? AND state = ${sqlState('in_doubt')} ORDER BY created_at, id LIMIT ?`,
      ),
      messageText: db
        .prepare(`SELECT coalesce(m.text, c.text) AS text FROM messages m LEFT JOIN campaigns c ON c.id = m.campaign_id WHERE m.id = ?`)
        .pluck(),
      optEvents: db.prepare(
        `SELECT id, number, text, opt_event, received_at FROM mo_messages WHERE opt_event IS NOT NULL ORDER BY received_at DESC, id DESC LIMIT ?`,
      ),
      // campaign_counts is kept per transaction by the outbox, so campaigns' rows are never counted here.
      backlogOfCampaigns: db.prepare(
        `SELECT cc.state AS state, sum(cc.n) AS n FROM campaign_counts cc JOIN campaigns c ON c.id = cc.campaign_id
         WHERE c.account_id = ? AND cc.state IN ('queued', 'in_doubt') GROUP BY cc.state`,
      ),
      backlogOfDirect: db.prepare(
        `SELECT ${stateNameSql('state')} AS state, count(*) AS n FROM messages WHERE campaign_id IS NULL AND account_id = ?
         AND state IN (${sqlStates(['queued', 'in_doubt'])}) GROUP BY 1`,
      ),
    };
  }

  skippedReasons(campaignId: number): { reason: string; count: number }[] {
    return (this.s.skipped.all(campaignId) as { reason: string; n: number }[]).map((r) => ({ reason: r.reason, count: Number(r.n) }));
  }

  inDoubtMessages(campaignId: number, limit = 1000): { id: number; number: string; createdAt: number }[] {
    return (this.s.inDoubt.all(campaignId, limit) as { id: number; number: string; created_at: number }[]).map((m) => ({
      id: Number(m.id),
      number: m.number,
      createdAt: Number(m.created_at),
    }));
  }

  messageText(messageId: number): string | null {
    return (this.s.messageText.get(messageId) as string | null | undefined) ?? null;
  }

  recentOptEvents(limit = 200): OptEventRecord[] {
    return this.s.optEvents.all(limit) as OptEventRecord[];
  }

  /** Queued and in-doubt messages of one account (campaigns and direct sends). */
  accountBacklog(accountId: number): { queued: number; inDoubt: number } {
    const out = { queued: 0, inDoubt: 0 };
    const rows = [...this.s.backlogOfCampaigns.all(accountId), ...this.s.backlogOfDirect.all(accountId)] as { state: string; n: number }[];
    for (const r of rows) {
      if (r.state === 'queued') out.queued += Number(r.n);
      else out.inDoubt += Number(r.n);
    }
    return out;
  }
}

const perDatabase = new WeakMap<Database.Database, LiveFigures>();

/** The figures of a database, prepared on first use. */
export function liveFiguresOf(db: Database.Database): LiveFigures {
  let f = perDatabase.get(db);
  if (!f) {
    f = new LiveFigures(db);
    perDatabase.set(db, f);
  }
  return f;
}
