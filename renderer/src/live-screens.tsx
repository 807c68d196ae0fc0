// The live-operations screens by menu key (monitor, composer, campaigns, inbox).
import type { ComponentType } from 'react';
import type { ScreenKey } from './screens.js';
import { CampaignsScreen } from './screens/CampaignsScreen.js';
import { ComposerScreen } from './screens/ComposerScreen.js';
import { InboxScreen } from './screens/InboxScreen.js';
import { MonitorScreen } from './screens/MonitorScreen.js';

export const liveScreens: Partial<Record<ScreenKey, ComponentType>> = {
  monitor: MonitorScreen,
  composer: ComposerScreen,
  campaigns: CampaignsScreen,
  inbox: InboxScreen,
};
