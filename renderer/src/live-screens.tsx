// The live-operations screens by menu key (monitor, composer, campaigns, inbox).
import type { ComponentType } from 'react';
import type { ScreenKey } from './screens.js';
import { ComposerScreen } from './screens/ComposerScreen.js';

export const liveScreens: Partial<Record<ScreenKey, ComponentType>> = {
  composer: ComposerScreen,
};
