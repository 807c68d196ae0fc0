// Append-only audit log: who did what, when, with which account/campaign/template: proof of consent and of what was sent.
// The table refuses UPDATE and DELETE (migration 4), so entries are proof, not notes.
import type Database from 'better-sqlite3';
import { invalid } from './errors.js';
import { checkText } from './validate.js';

export interface AuditInput {
  /** Who: an OS user name, "cli", "scheduler", ... */
  actor: string;
  /** What, as a stable verb: "campaign.start", "account.update", "optout.add", ... */
  action: string;
  accountId?: number | null;
  campaignId?: number | null;
  templateId?: number | null;
  number?: string | null;
  /** Anything else worth keeping (names, counts, old/new values). Never secrets. */
  details?: Record<string, unknown>;
  at?: number;
}

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  accountId: number | null;
  campaignId: number | null;
  templateId: number | null;
  number: string | null;
  details: Record<string, unknown>;
}

type Row = Omit<AuditEntry, 'details'> & { details: string };

const select = `SELECT id, at, actor, action, account_id AS accountId, campaign_id AS campaignId,
  template_id AS templateId, number, details FROM audit_log`;

const fromRow = ({ details, ...r }: Row): AuditEntry => ({ ...r, details: JSON.parse(details) as Record<string, unknown> });

export class AuditLog {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      insert: db.prepare(`INSERT INTO audit_log (at, actor, action, account_id, campaign_id, template_id, number, details)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      recent: db.prepare(`${select} WHERE at <= ? ORDER BY at DESC, id DESC LIMIT ?`),
      ofCampaign: db.prepare(`${select} WHERE campaign_id = ? ORDER BY at, id`),
      ofNumber: db.prepare(`${select} WHERE number = ? ORDER BY at, id`),
    };
  }

  append(e: AuditInput): number {
    checkText(e.actor, 'audit actor', 1, 200);
    checkText(e.action, 'audit action', 1, 100);
    const details = JSON.stringify(e.details ?? {});
    if (/"(secret|password)"\s*:/i.test(details)) throw invalid('audit details must not contain secrets');
    return Number(
      this.s.insert.run(
        e.at ?? Date.now(),
        e.actor,
        e.action,
        e.accountId ?? null,
        e.campaignId ?? null,
        e.templateId ?? null,
        e.number ?? null,
        details,
      ).lastInsertRowid,
    );
  }

  /** Newest first; page with `atOrBefore`. */
  recent(limit = 100, atOrBefore = Number.MAX_SAFE_INTEGER): AuditEntry[] {
    return (this.s.recent.all(atOrBefore, limit) as Row[]).map(fromRow);
  }

  forCampaign(campaignId: number): AuditEntry[] {
    return (this.s.ofCampaign.all(campaignId) as Row[]).map(fromRow);
  }

  /** A number's history: opt-outs, opt-ins, replies (proof of consent). */
  forNumber(number: string): AuditEntry[] {
    return (this.s.ofNumber.all(number) as Row[]).map(fromRow);
  }
}
