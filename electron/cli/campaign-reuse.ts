// `campaign clone` and `campaign delete`: a campaign used again (a new draft with its text, fee
// settings, options and rules, to all its recipients or only those it did not reach: resend to the
// failed numbers), and a draft or finished campaign deleted, its delivery-log rows kept or deleted.
import { CLONE_RECIPIENTS, type CloneRecipients } from '../services/campaigns/clone.js';
import { ioOf, type CliIo } from './account.js';
import { noPositional, parseArgs } from './args.js';
import { guarded, idOf, skippedLine } from './campaign-args.js';
import { toJson, withWorkspace } from './context.js';
import { CliError } from './errors.js';

export async function cloneCommand(argv: string[], io: CliIo): Promise<number> {
  const { out, err, texts } = ioOf(io);
  const a = parseArgs(argv, { values: ['db', 'id', 'only', 'name'], booleans: ['json'] });
  noPositional(a);
  const id = idOf(a);
  const only = a.values.get('only') ?? 'all';
  if (!(CLONE_RECIPIENTS as readonly string[]).includes(only)) throw CliError.of('campaign.clone.badOnly', { value: only });
  const name = a.values.get('name');
  return withWorkspace(a, async (ws) => {
    // Without --name the copy is named in the operator's language, as the Campaigns screen names it.
    const r = await guarded(() =>
      ws.campaigns.clone({ id, only: only as CloneRecipients, name: name ?? cloneName(texts.t(`campaign.clone.suffix.${only as CloneRecipients}`), ws.campaigns.get(id).name) }),
    );
    const c = r.campaign;
    for (const [code, n] of Object.entries(r.skippedByReason)) err(skippedLine(code, n, texts));
    if (a.booleans.has('json')) {
      out(toJson({ id: c.id, name: c.name, state: c.state, sourceId: r.sourceId, only: r.only, recipients: r.messages, queued: r.queued, skipped: r.skipped, skippedByReason: r.skippedByReason }));
    } else {
      out(texts.t('campaign.clone.done', { id: c.id, name: c.name, source: r.sourceId, recipients: r.messages, queued: r.queued, skipped: r.skipped }));
    }
    return 0;
  });
}

export async function deleteCommand(argv: string[], io: CliIo): Promise<number> {
  const { out, texts } = ioOf(io);
  const a = parseArgs(argv, { values: ['db', 'id'], booleans: ['keep-log', 'delete-log', 'json'] });
  noPositional(a);
  const id = idOf(a);
  const keep = a.booleans.has('keep-log');
  if (keep === a.booleans.has('delete-log')) throw CliError.of('campaign.delete.logChoice');
  return withWorkspace(a, async (ws) => {
    const r = await guarded(() => ws.campaigns.delete(id, keep ? 'keep' : 'delete'));
    if (a.booleans.has('json')) out(toJson({ id, name: r.campaign.name, deleted: true, log: r.log, messages: r.messages }));
    else out(texts.t(keep ? 'campaign.delete.kept' : 'campaign.delete.deleted', { id, name: r.campaign.name, messages: r.messages }));
    return 0;
  });
}

/** The copy's name: the source's name cut so that name and suffix fit the store's 200 characters. */
function cloneName(suffix: string, sourceName: string): string {
  const room = 200 - [...suffix].length;
  return `${[...sourceName].slice(0, Math.max(0, room)).join('')}${suffix}`;
}
