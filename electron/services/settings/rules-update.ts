// Changing the sending rules, one way for the Settings screen and the CLI's `rules set`: the merged
// rules are validated whole, stored, and the change audited; the opt-out keywords can never be
// emptied, because commercial SMS must offer a way to unsubscribe.
import type { Store } from '../../store/store.js';
import { SettingsError, type SendingSettings, type WorkspaceSettings } from './settings.js';
import { detail } from '../../../shared/error-detail.js';

export interface RulesOwner {
  settings: WorkspaceSettings;
  store: Pick<Store, 'audit'>;
  actor: string;
}

export function updateSendingRules(ws: RulesOwner, patch: Partial<SendingSettings>): SendingSettings {
  if (patch.optOutKeywords !== undefined && patch.optOutKeywords.every((k) => k.trim() === '')) {
    throw new SettingsError('keep at least one opt-out keyword: commercial SMS must offer a way to unsubscribe', detail('opt-out-keyword-required', 'optOutKeywords'));
  }
  const next = ws.settings.update(patch);
  ws.store.audit.append({ actor: ws.actor, action: 'settings.update', details: { changed: Object.keys(patch).filter((k) => patch[k as keyof SendingSettings] !== undefined) } });
  return next;
}
