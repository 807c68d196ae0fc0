// The data screens by menu key (contacts, delivery log, settings).
import type { ComponentType } from 'react';
import type { ScreenKey } from './screens.js';
import { ContactsScreen } from './screens/ContactsScreen.js';
import { DeliveryLogScreen } from './screens/DeliveryLogScreen.js';
import { SettingsScreen } from './screens/SettingsScreen.js';

export const dataScreens: Partial<Record<ScreenKey, ComponentType>> = {
  contacts: ContactsScreen,
  deliveryLog: DeliveryLogScreen,
  settings: SettingsScreen,
};
