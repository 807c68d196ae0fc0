// What the campaign subcommands share: the campaign named by --id, and the services' typed
// refusals as one-line CLI errors.
import { StoreError } from '../store/errors.js';
import { CampaignInputError } from '../services/campaigns/campaigns.js';
import { intFlag, type ParsedArgs } from './args.js';
import { CliError } from './errors.js';
import { RefusalError } from './refusal.js';
import { parseNothingToSend } from '../../shared/nothing-to-send.js';
import { isSharedKey } from '../../shared/i18n/catalogue.js';
import type { Texts } from './texts.js';

export function idOf(a: ParsedArgs): number {
  const raw = a.values.get('id');
  if (raw === undefined) throw CliError.of('error.required', { flag: 'id' });
  return intFlag(a, 'id', 0, 1, Number.MAX_SAFE_INTEGER);
}

/** Typed errors of the services become one-line CLI errors (exit 2: the input was wrong). */
export async function guarded<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof CampaignInputError && e.code === 'nothing-to-send') {
      const refusal = parseNothingToSend(e.message);
      if (refusal) throw new RefusalError(e.message, refusal);
    }
    if (e instanceof CampaignInputError || e instanceof StoreError) throw CliError.engine(e);
    throw e;
  }
}

/** A count of messages skipped for one reason (a skip code), as a warning line in the operator's language. */
export function skippedLine(code: string, count: number, texts: Texts): string {
  const key = `refusal.what.${code}`;
  const reason = texts.lang !== 'en' && isSharedKey(key) ? texts.shared(key) : code;
  return texts.t('warning.line', { message: texts.t('campaign.warn.skipped', { count, reason }) });
}
