// Inbox search for the UI and the CLI: MOs whose sender's number or text contains a term, and/or
// that answered one campaign (by the Src_Id extension it was sent with), newest first; and the
// campaigns that have MOs, for the inbox's campaign filter.
import { checkPhone } from '../../../shared/phone.js';
import type { CampaignMoCount } from '../../store/inbox-search.js';
import type { WorkspaceStore } from '../engine.js';
import type { InboxMessage } from '../../../shared/inbox-message.js';
import { InboxError, toView } from './inbox-ports.js';
import { detail, shownValue } from '../../../shared/error-detail.js';

export interface InboxSearchRequest {
  term?: string;
  campaignId?: number;
  limit?: number;
  receivedAtOrBefore?: number;
}

type SearchStore = Pick<WorkspaceStore, 'inbox' | 'inboxSearch' | 'campaigns'>;

/**
 * The term as stored numbers are written: a whole mobile number typed with +86, spaces or dashes
 * becomes its 11 digits; anything else is searched as typed (trimmed).
 */
export function searchTerm(raw: string): string {
  const t = raw.trim();
  if (/^[+\d][\d\s-]*$/.test(t)) {
    const c = checkPhone(t);
    return c.ok ? c.number : t.replace(/[\s-]/g, '');
  }
  return t;
}

export function searchInbox(store: SearchStore, req: InboxSearchRequest): InboxMessage[] {
  const term = req.term === undefined ? undefined : searchTerm(req.term);
  if (term !== undefined && (term === '' || term.length > 100)) {
    throw new InboxError('invalid-input', 'a search term is 1 to 100 characters', term === '' ? detail('empty', 'term') : detail('too-long', 'term', { max: 100, actual: term.length }));
  }
  const limit = req.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new InboxError('invalid-input', `limit must be a whole number from 1 to 10,000, got ${String(limit)}`, detail('out-of-range', 'limit', { min: 1, max: 10_000, value: shownValue(limit) }));
  }
  if (req.campaignId !== undefined) {
    try {
      store.campaigns.get(req.campaignId);
    } catch {
      throw new InboxError('not-found', `campaign ${req.campaignId} does not exist`, detail('campaign-not-found', 'campaignId', { id: req.campaignId }));
    }
  }
  const ids = store.inboxSearch.search({
    limit,
    ...(term !== undefined ? { term } : {}),
    ...(req.campaignId !== undefined ? { campaignId: req.campaignId } : {}),
    ...(req.receivedAtOrBefore !== undefined ? { receivedAtOrBefore: req.receivedAtOrBefore } : {}),
  });
  return ids.map((id) => toView(store.inbox.get(id)));
}

export function campaignsWithMos(store: SearchStore): CampaignMoCount[] {
  return store.inboxSearch.campaigns();
}
