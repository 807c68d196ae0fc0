// Inbox search: MOs by a term (a part of the sender's number or of the text) and by the campaign
// they answered, newest first; the campaigns that have MOs (the inbox's campaign filter); and a
// recipient's answers to a campaign (the delivery log's message detail).
// A scan in received_at order that stops at the page's limit: the inbox is searched by hand, a
// page at a time, and a LIKE with a leading wildcard has no index to use anyway.
import type Database from 'better-sqlite3';
import { checkInt, checkText } from './validate.js';

export interface InboxSearchFilter {
  /** A part of the number or of the text (case-insensitive for Latin letters). */
  term?: string;
  campaignId?: number;
  limit: number;
  /** Page: only MOs received at or before this time. */
  receivedAtOrBefore?: number;
}

export interface CampaignMoCount {
  campaignId: number;
  name: string;
  mos: number;
  unhandled: number;
}

/** LIKE's wildcards taken literally. */
const likeLiteral = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export class InboxSearch {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      search: db.prepare(`SELECT id FROM mo_messages INDEXED BY mo_by_time
        WHERE received_at <= @before AND (@campaign IS NULL OR campaign_id = @campaign)
          AND (@term IS NULL OR number LIKE @term ESCAPE '\\' OR text LIKE @term ESCAPE '\\')
        ORDER BY received_at DESC, id DESC LIMIT @limit`).pluck(),
      answers: db.prepare('SELECT id FROM mo_messages WHERE number = ? AND campaign_id = ? ORDER BY received_at, id LIMIT ?').pluck(),
      campaigns: db.prepare(`SELECT m.campaign_id AS campaignId, c.name AS name, count(*) AS mos, sum(m.handled = 0) AS unhandled
        FROM mo_messages m JOIN campaigns c ON c.id = m.campaign_id
        WHERE m.campaign_id IS NOT NULL GROUP BY m.campaign_id ORDER BY m.campaign_id DESC`),
    };
  }

  /** Ids of the matching MOs, newest first. */
  search(f: InboxSearchFilter): number[] {
    checkInt(f.limit, 'limit', 1, 10_000);
    if (f.term !== undefined) checkText(f.term, 'search term', 1, 100);
    if (f.campaignId !== undefined) checkInt(f.campaignId, 'campaign id', 1, Number.MAX_SAFE_INTEGER);
    const term = f.term === undefined ? null : likeLiteral(f.term);
    return this.s.search.all({ before: f.receivedAtOrBefore ?? Number.MAX_SAFE_INTEGER, campaign: f.campaignId ?? null, term, limit: f.limit }) as number[];
  }

  /** Ids of a number's MOs that answered a campaign (sent to its Src_Id extension), oldest first. */
  answers(campaignId: number, number: string, limit = 50): number[] {
    return this.s.answers.all(number, campaignId, limit) as number[];
  }

  /** Campaigns that MOs answered (by their Src_Id extension), newest campaign first. */
  campaigns(): CampaignMoCount[] {
    return this.s.campaigns.all() as CampaignMoCount[];
  }
}
