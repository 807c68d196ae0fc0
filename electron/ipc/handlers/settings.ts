// Handlers of the settings (shared/ipc/contract/settings.ts): the sending rules, read and updated
// (audited; the opt-out keywords can never be emptied).
import type { SETTINGS_INVOKE } from '../../../shared/ipc/channels/settings.js';
import type { SendingRules } from '../../../shared/ipc/contract/settings.js';
import type { SendingSettings } from '../../services/settings/settings.js';
import { updateSendingRules } from '../../services/settings/rules-update.js';
import type { HandlerTable } from '../register.js';
import type { HandlerContext } from './context.js';

export type SettingsHandlers = Pick<HandlerTable, (typeof SETTINGS_INVOKE)[number]>;

export function settingsHandlers(ctx: HandlerContext): SettingsHandlers {
  return {
    'rules.get': () => rulesView(ctx.workspace().settings.snapshot()),
    'rules.update': (patch) => rulesView(updateSendingRules(ctx.workspace(), patch)),
    'retention.get': () => ctx.workspace().archive.view(),
    'retention.update': ({ keepMonths }) => ctx.workspace().archive.setKeepMonths(keepMonths),
  };
}

/** The rules without the timers stored beside them (a fresh copy: snapshot() and update() return one). */
function rulesView(s: SendingSettings): SendingRules {
  const { moReassemblyTimeoutMs: _mo, reportSweepIntervalMs: _sweep, ...rules } = s;
  return rules;
}
