// Handlers of the keyword auto-replies (shared/ipc/contract/autoreply.ts): the switch, quiet hours,
// daily cap and rules, each change audited by the service; every answer is the whole view.
import type { AUTOREPLY_INVOKE } from '../../../shared/ipc/channels/autoreply.js';
import type { AutoReplyView } from '../../../shared/ipc/contract/autoreply.js';
import type { Workspace } from '../../services/workspace.js';
import type { HandlerTable } from '../register.js';
import type { HandlerContext } from './context.js';

export type AutoreplyHandlers = Pick<HandlerTable, (typeof AUTOREPLY_INVOKE)[number]>;

export function autoreplyHandlers(ctx: HandlerContext): AutoreplyHandlers {
  return {
    'autoReply.get': () => view(ctx.workspace()),
    'autoReply.update': (patch) => {
      const w = ctx.workspace();
      w.autoReply.setConfig(patch, w.actor);
      return view(w);
    },
    'autoReply.addRule': (rule) => {
      const w = ctx.workspace();
      if (rule.accountId != null) ctx.account(w, rule.accountId);
      w.autoReply.addRule(rule, w.actor);
      return view(w);
    },
    'autoReply.deleteRule': ({ id }) => {
      const w = ctx.workspace();
      w.autoReply.deleteRule(id, w.actor);
      return view(w);
    },
  };
}

function view(w: Workspace): AutoReplyView {
  const c = w.autoReply.config();
  return { enabled: c.enabled, quietHours: c.quietHours, dailyCap: c.dailyCap, rules: w.autoReply.rules() };
}
