// An engine event in the operator's language, for the Monitor's live events and the CLI's lines
// while it sends: a connection or login failure from its close code (the catalogue explains each),
// other events from their code and params; main's English only for an event no catalogue knows.
import type { AccountFailure, LiveLog } from '../ipc/contract/monitor.js';
import { sharedZhCN, type SharedKey, type SharedTranslate } from './catalogue.js';
import { connectStatusText } from './code-text.js';

/** The catalogue key built from an event's data, when the catalogues have it. */
function known(key: string): SharedKey | null {
  return key in sharedZhCN ? (key as SharedKey) : null;
}

export function engineEventText(l: LiveLog, t: SharedTranslate): string {
  if (l.code === 'account-failed' && l.failure) return t('monitor.event.account-refused', { ...l.params, why: closeText(l.failure, t) });
  if (l.code !== 'connection-failed' || !l.close) {
    const key = known(`monitor.event.${l.code}`);
    return key ? t(key, l.params) : l.message;
  }
  const why = closeText(l.close, t);
  const retry = l.close.retryInMs === undefined ? '' : t('monitor.retryIn', { seconds: Math.max(1, Math.round(l.close.retryInMs / 1000)) });
  return t('monitor.event.connection-failed', { account: l.close.account, connection: l.close.connection, why, retry });
}

/** An engine event's code as a short label (the code itself where none is known). */
export function engineEventCodeText(code: string, t: SharedTranslate): string {
  const key = known(`monitor.eventCode.${code}`);
  return key ? t(key) : code;
}

/**
 * Why a connection closed or an account failed, from the session's close code; a refused login
 * adds the CONNECT_RESP Status and its meaning (shared/connect-status.ts).
 */
export function closeText(c: AccountFailure, t: SharedTranslate): string {
  const whyKey = known(`monitor.close.${c.code}`);
  const why = whyKey ? t(whyKey) : t('monitor.close.other', { code: c.code });
  if (c.code !== 'login-status' || c.status === undefined) return why;
  return t('monitor.close.withStatus', { why, status: c.status, meaning: connectStatusText(c.status, t) });
}
