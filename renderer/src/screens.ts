// The eight screens of the left menu, in menu order.
import type { MessageKey } from './i18n/index.js';

export const SCREENS = ['monitor', 'composer', 'contacts', 'campaigns', 'inbox', 'deliveryLog', 'statistics', 'settings'] as const;
export type ScreenKey = (typeof SCREENS)[number];

export const menuKey = (screen: ScreenKey): MessageKey => `menu.${screen}`;
export const titleKey = (screen: ScreenKey): MessageKey => `screen.${screen}.title`;
