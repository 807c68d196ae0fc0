// `campaign start --id ID [--wait] [--json]`: runs the pump in this process (unless another pump,
// e.g. the app, holds the lease). Without --wait it returns once nothing of the campaign is queued or
// on the wire; with --wait once every message is final or waits for the operator (reports
// included). On stderr it says what it waits for when that changes (campaign-watch.ts). An account
// that cannot log in ends the wait at once, with the reason, and the campaign paused with it.
import type { CampaignCounts } from '../store/campaigns.js';
import { reasonText } from '../../shared/i18n/reason-text.js';
import { intFlag, noPositional, parseArgs } from './args.js';
import { watchCampaign } from './campaign-watch.js';
import { toJson, withWorkspace } from './context.js';
import { CliError } from './errors.js';
import { campaignStateText, engineEventLine, type Texts } from './texts.js';

/** Log codes the watch tells in its own words (once, when they change). */
const TOLD_BY_WATCH = new Set(['connection-failed', 'account-failed']);

export async function startCampaign(argv: string[], out: (l: string) => void, err: (l: string) => void, texts: Texts, guarded: <T>(fn: () => Promise<T> | T) => Promise<T>): Promise<number> {
  const { t } = texts;
  const a = parseArgs(argv, { values: ['db', 'id'], booleans: ['wait', 'json'] });
  noPositional(a);
  if (!a.values.has('id')) throw CliError.of('error.required', { flag: 'id' });
  const id = intFlag(a, 'id', 0, 1, Number.MAX_SAFE_INTEGER);
  const wait = a.booleans.has('wait');
  return withWorkspace(a, async (ws) => {
    const failures: string[] = [];
    ws.on('log', (e) => {
      if (TOLD_BY_WATCH.has(e.code)) {
        if (e.level === 'error') failures.push(e.message);
        return;
      }
      // In the operator's language, as the Monitor says it (engineEventLine).
      const message = engineEventLine(texts, e);
      if (e.level === 'error') {
        failures.push(e.message);
        err(t('error.line', { message }));
      } else if (e.level === 'warn') err(t('warning.line', { message }));
      // Lease changes and the database's recovery are news to the operator, not noise.
      else if (e.code.startsWith('lease-') || e.code === 'store-recovered') err(t('note.line', { message }));
    });
    const watch = watchCampaign(ws, id, err, texts, ws.now);
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let counts: CampaignCounts;
    try {
      const { pumping } = await guarded(() => ws.campaigns.start(id));
      if (!pumping) err(t('note.line', { message: t('watch.leaseHeld', { holder: ws.pump.leaseHolder()?.text ?? '?' }) }));
      counts = await ws.campaigns.waitUntilSettled(id, { reports: wait, signal: abort.signal, onProgress: (n) => watch.tick(n) });
    } catch (e) {
      if (e instanceof CliError) throw e;
      const c = ws.campaigns.get(id);
      // Paused by the engine (its account cannot log in): the reason, once, in the operator's language.
      if (c.state === 'paused' && c.pauseReason !== null) err(t('error.line', { message: t('watch.loginPaused', { id, reason: reasonText(c.pauseReason, texts.shared) }) }));
      else err(t('error.line', { message: (e as Error).message }));
      return 1;
    } finally {
      watch.stop();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    watch.final(counts);
    const c = ws.campaigns.get(id);
    if (a.booleans.has('json')) out(toJson({ id, state: c.state, ...counts }));
    else out(t('campaign.stateLine', { id, state: campaignStateText(texts, c.state) }));
    if (counts.in_doubt > 0) err(t('note.line', { message: t('watch.inDoubt', { count: counts.in_doubt }) }));
    return failures.length > 0 ? 1 : 0;
  });
}
