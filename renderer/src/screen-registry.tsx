// Each menu key's screen component; the screen lives in its domain's folder (campaigns/,
// composer/, ...: the same domain names as shared/ipc/contract/ and the i18n catalogues).
import type { ComponentType } from 'react';
import { CampaignsScreen } from './campaigns/CampaignsScreen.js';
import { ComposerScreen } from './composer/ComposerScreen.js';
import { ContactsScreen } from './contacts/ContactsScreen.js';
import { InboxScreen } from './inbox/InboxScreen.js';
import { DeliveryLogScreen } from './log/DeliveryLogScreen.js';
import { MonitorScreen } from './monitor/MonitorScreen.js';
import type { ScreenKey } from './screens.js';
import { SettingsScreen } from './settings/SettingsScreen.js';
import { StatisticsScreen } from './statistics/StatisticsScreen.js';

export const screenComponents: Record<ScreenKey, ComponentType> = {
  monitor: MonitorScreen,
  composer: ComposerScreen,
  contacts: ContactsScreen,
  campaigns: CampaignsScreen,
  inbox: InboxScreen,
  deliveryLog: DeliveryLogScreen,
  statistics: StatisticsScreen,
  settings: SettingsScreen,
};
