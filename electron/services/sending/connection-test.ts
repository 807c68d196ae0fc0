// The Settings screen's connection test: one login with the account's settings over a temporary
// pool (one connection), then a graceful stop. The outcome is classified so the window can explain
// it in the operator's language: the CONNECT_RESP Status, whose meaning the UI gives (docs/protocol.md "Result and Status codes"), TLS and network
// errors, timeouts, and the IP allow-list symptom (accepted, then closed at once).
//
// Decisions:
// - A DELIVER arriving on the test connection is handed to `onDeliver` when the account exists
//   (the workspace stores it as on any connection); without one the handler refuses it, so no
//   DELIVER_RESP is sent and the gateway resends it to the real session later: a test never
//   swallows a status report or an MO.
// - After a successful login the test waits `graceMs` (default 1.5 s): a gateway whose IP
//   allow-list refuses us often accepts the login and closes at once.
import { CmppAccountPool, CmppConfigError, type ConnectionStateEvent } from '../../cmpp/session/client.js';
import type { DeliverHandler } from '../../cmpp/session/outcomes.js';
import type { AccountSettingsArgs, ConnectionTestCode, ConnectionTestResult, ConnectionTestWarning } from '../../../shared/ipc/contract/accounts.js';

export interface ConnectionTestOptions {
  /** Overall bound. Default 15 s. */
  timeoutMs?: number;
  /** Wait after a successful login for a close by the gateway. Default 1500 ms. */
  graceMs?: number;
  onDeliver?: DeliverHandler;
}

const TLS_WORDS = /\b(tls|ssl|certificate|cert|self[- ]signed|handshake|EPROTO|ERR_SSL|UNABLE_TO_VERIFY|DEPTH_ZERO|ERR_TLS|alert)\b/i;

export async function testConnection(settings: AccountSettingsArgs, secret: string, opts: ConnectionTestOptions = {}): Promise<ConnectionTestResult> {
  const started = performance.now();
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const graceMs = opts.graceMs ?? 1500;
  const warnings: ConnectionTestWarning[] = [];
  const took = () => Math.round(performance.now() - started);
  let pool: CmppAccountPool;
  try {
    pool = new CmppAccountPool({
      name: `${settings.name} (test)`,
      host: settings.host,
      port: settings.port,
      tls: settings.tls,
      version: settings.version,
      spId: settings.spId,
      secret,
      strictAuthenticator: settings.strictAuthenticator,
      connections: 1,
      window: settings.window,
      rate: settings.rate,
      maxDestinations: settings.destsPerSubmit,
      requestTimeoutMs: settings.responseTimeoutMs,
      maxSends: settings.maxSends,
      activeTestIntervalMs: settings.activeTestIntervalMs,
      loginTimeoutMs: Math.max(1000, Math.min(timeoutMs - 500, 30_000)),
      // One attempt is the test: a long back-off would only delay the answer.
      backoff: { initialMs: 60_000, maxMs: 60_000 },
      onDeliver:
        opts.onDeliver ??
        (() => {
          throw new Error('connection test: the DELIVER is left for the account session');
        }),
      onInFlightLost: () => 'hand-back',
    });
  } catch (e) {
    if (e instanceof CmppConfigError) return { ok: false, code: 'config', status: null, detail: e.message, tookMs: took(), warnings };
    throw e;
  }

  const outcome = await new Promise<Omit<ConnectionTestResult, 'tookMs' | 'warnings'>>((resolve) => {
    let done = false;
    let grace: NodeJS.Timeout | undefined;
    let last: ConnectionStateEvent | undefined;
    const finish = (r: Omit<ConnectionTestResult, 'tookMs' | 'warnings'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(grace);
      resolve(r);
    };
    const timer = setTimeout(() => {
      const where = last ? `last state ${last.state}${last.reason ? `: ${last.reason}` : ''}` : 'no answer';
      finish({ ok: false, code: 'timeout', status: null, detail: `no conclusive answer within ${timeoutMs} ms (${where})` });
    }, timeoutMs);
    pool.on('log', (e) => {
      if (e.level !== 'info') warnings.push({ code: e.code, message: e.message });
    });
    pool.on('state', (e) => {
      last = e;
      if (e.state === 'ready') {
        grace ??= setTimeout(() => finish({ ok: true, code: 'ok', status: 0, detail: `logged in to ${settings.host}:${settings.port}` }), graceMs);
        return;
      }
      if ((e.state === 'backing-off' || e.state === 'failed' || e.state === 'stopped') && e.code !== undefined && e.code !== 'stopped') {
        finish(classify(e, settings.tls));
      }
    });
    pool.start();
  });

  // Bounded: TERMINATE and close, so the test leaves no connection behind.
  await pool.stop({ timeoutMs: 1000, terminateTimeoutMs: 1000 }).catch(() => undefined);
  pool.removeAllListeners();
  return { ...outcome, tookMs: took(), warnings };
}

function classify(e: ConnectionStateEvent, tls: boolean): Omit<ConnectionTestResult, 'tookMs' | 'warnings'> {
  const detail = e.reason ?? e.code ?? 'failed';
  let code: ConnectionTestCode;
  switch (e.code) {
    case 'login-status':
      return { ok: false, code: 'login-status', status: e.status ?? null, detail };
    case 'network':
      code = tls && TLS_WORDS.test(detail) ? 'tls' : 'network';
      break;
    case 'authenticator':
    case 'login-timeout':
    case 'login-malformed':
    case 'closed-during-login':
    case 'closed-after-login':
      code = e.code;
      break;
    default:
      code = 'other';
  }
  return { ok: false, code, status: null, detail };
}
