// English texts of `campaign ...`'s notes and state changes; the same keys as ../zh-CN/campaign.ts.
import type { campaignZhCN } from '../zh-CN/campaign.js';

export const campaignEn: Record<keyof typeof campaignZhCN, string> = {
  'campaign.warn.invalid': 'number "{input}" is invalid ({problem}); not enqueued',
  'campaign.warn.invalidAt': 'number "{input}" (line {line}) is invalid ({problem}); not enqueued',
  'campaign.note.notChinaMobile': "{count, plural, one {# number is} other {# numbers are}} outside China Mobile's ranges (sent anyway: numbers are portable)",
  'campaign.note.duplicates': '{count, plural, one {# duplicate recipient} other {# duplicate recipients}} removed',
  'campaign.warn.skipped': '{count, plural, one {# message} other {# messages}} skipped ({reason})',
  'campaign.resumed': 'campaign {id} {state} (start it with: campaign start --id {id})',
  'campaign.cancelled': 'campaign {id} cancelled: {cancelled} queued messages cancelled',
  'campaign.cancelledWithdrawn': ', {count} withdrawn from the gateway',
  'campaign.cancelledNotWithdrawn': ', {count} could not be withdrawn',
  'campaign.inDoubt.none': 'no messages in doubt',
  'campaign.inDoubt.col.message': 'message',
  'campaign.inDoubt.col.campaign': 'campaign',
  'campaign.inDoubt.col.number': 'number',
  'campaign.inDoubt.col.charged': 'charged',
  'campaign.yes': 'yes',
  'campaign.no': 'no',
  'campaign.resent': '{count, plural, one {# message} other {# messages}} back in the queue (flagged as possible duplicates); run campaign start to send them',
  'campaign.dropped': '{count, plural, one {# message} other {# messages}} given up (unknown)',
};
