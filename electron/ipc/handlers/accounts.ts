// Handlers of gateway accounts (shared/ipc/contract/accounts.ts): list, create, update (a connected
// account reconnects with its new settings), remove, and the connection test. Every change is
// audited; the secret is write-only.
import type { ACCOUNTS_INVOKE } from '../../../shared/ipc/channels/accounts.js';
import type { AccountSettingsArgs, AccountView } from '../../../shared/ipc/contract/accounts.js';
import { IpcFailure } from '../../../shared/ipc/envelope.js';
import { testConnection } from '../../services/sending/connection-test.js';
import type { Account } from '../../store/accounts.js';
import type { HandlerTable } from '../register.js';
import type { HandlerContext } from './context.js';
import { detail } from '../../../shared/error-detail.js';

export type AccountsHandlers = Pick<HandlerTable, (typeof ACCOUNTS_INVOKE)[number]>;

export function accountsHandlers(ctx: HandlerContext): AccountsHandlers {
  return {
    'accounts.list': () => ctx.workspace().store.accounts.list().map(accountView),
    'accounts.create': ({ settings, secret }) => {
      const w = ctx.workspace();
      const a = w.store.accounts.create({ ...settings, name: settings.name.trim(), host: settings.host.trim(), secret }, w.now());
      w.store.audit.append({ actor: w.actor, action: 'account.create', accountId: a.id, details: { name: a.name, host: a.host, port: a.port } });
      return accountView(a);
    },
    'accounts.update': async ({ id, settings, secret }) => {
      const w = ctx.workspace();
      const a = w.store.accounts.patch(id, { ...settings, name: settings.name.trim(), host: settings.host.trim(), ...(secret === undefined ? {} : { secret }) }, w.now());
      w.store.audit.append({ actor: w.actor, action: 'account.update', accountId: id, details: { name: a.name, secretChanged: secret !== undefined } });
      // A connected account keeps its old settings until its session is rebuilt: reconnect the
      // workspace (pools and pump start afresh from the rows), as after a resume from sleep.
      const pool = w.existingPool(id);
      if (pool && pool.state !== 'stopped') {
        if (ctx.deps.live) await ctx.deps.live.reconnect();
        else await w.resetPool(id);
      }
      return accountView(a);
    },
    'accounts.remove': async ({ id }) => {
      const w = ctx.workspace();
      const name = w.store.accounts.get(id).name;
      w.store.accounts.remove(id);
      w.store.audit.append({ actor: w.actor, action: 'account.remove', accountId: id, details: { name } });
      await w.resetPool(id);
      return null;
    },
    'accounts.test': async ({ id, settings, secret, timeoutMs }) => {
      const w = ctx.workspace();
      let key = secret;
      if (key === undefined) {
        if (id === undefined) throw new IpcFailure('invalid-args', 'enter the shared secret to test a new account', detail('required', 'secret'));
        key = w.store.accounts.getSecret(id);
      }
      const result = await testConnection(settings, key, {
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        ...(id === undefined ? {} : { onDeliver: (deliver, info) => w.router.onDeliver(id, deliver, info) }),
      });
      // A login result like any other, for support.
      const fields = { account: settings.name, host: settings.host, port: settings.port, code: result.code, status: result.status, detail: result.detail, tookMs: result.tookMs };
      if (result.ok) w.supportLog.info('connection-test', fields);
      else w.supportLog.warn('connection-test', fields);
      return result;
    },
  };
}

function accountView(a: Account): AccountView {
  const settings: AccountSettingsArgs = {
    name: a.name,
    host: a.host,
    port: a.port,
    version: a.version,
    spId: a.spId,
    serviceId: a.serviceId,
    srcId: a.srcId,
    connections: a.connections,
    window: a.window,
    rate: a.rate,
    destsPerSubmit: a.destsPerSubmit,
    activeTestIntervalMs: a.activeTestIntervalMs,
    responseTimeoutMs: a.responseTimeoutMs,
    maxSends: a.maxSends,
    tls: a.tls,
    strictAuthenticator: a.strictAuthenticator,
    signature: a.signature,
    signaturePosition: a.signaturePosition,
    gatewayAppends: a.gatewayAppends,
    feeType: a.feeType as AccountSettingsArgs['feeType'],
    feeCode: a.feeCode,
    feeUserType: a.feeUserType as AccountSettingsArgs['feeUserType'],
    feeTerminalId: a.feeTerminalId,
    registeredDelivery: a.registeredDelivery as AccountSettingsArgs['registeredDelivery'],
    maxSegments: a.maxSegments,
    useGbk: a.useGbk,
    reportWaitMs: a.reportWaitMs,
  };
  return { id: a.id, ...settings, secretSet: true, createdAt: a.createdAt, updatedAt: a.updatedAt };
}
