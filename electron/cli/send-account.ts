// Which account `send` uses: never one added without a word. An account of the operator whose
// gateway, SP_Id, secret, version, Service_Id and Src_Id are the flags' is used as it is (its
// signature and fees included); otherwise send's own account, named after the gateway, created or
// brought to the flags. The caller tells the operator which of the three happened.
import type { Account, AccountInput } from '../store/accounts.js';
import type { Workspace } from '../services/workspace.js';

export interface SendAccount {
  account: Account;
  how: 'used' | 'updated' | 'created';
}

export function sendAccount(ws: Workspace, flags: AccountInput & { name: string }): SendAccount {
  const accounts = ws.store.accounts;
  const same = (a: Account) =>
    a.host === flags.host && a.port === flags.port && a.spId === flags.spId && a.version === flags.version && a.serviceId === flags.serviceId && a.srcId === flags.srcId;
  const operators = accounts.list().filter((a) => a.name !== flags.name && same(a));
  for (const a of operators) {
    if (accounts.getSecret(a.id) === flags.secret) return { account: a, how: 'used' };
  }
  const own = accounts.findByName(flags.name);
  if (!own) {
    const account = accounts.create(flags, ws.now());
    ws.store.audit.append({ actor: ws.actor, action: 'account.create', accountId: account.id, details: { name: account.name, host: account.host, port: account.port, by: 'send' } });
    return { account, how: 'created' };
  }
  if (same(own) && accounts.getSecret(own.id) === flags.secret && own.connections === 1 && own.signature === '') return { account: own, how: 'used' };
  return { account: accounts.patch(own.id, flags, ws.now()), how: 'updated' };
}
