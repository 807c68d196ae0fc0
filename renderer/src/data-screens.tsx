// The data screens by menu key (contacts, delivery log, settings).
import type { ComponentType } from 'react';
import type { ScreenKey } from './screens.js';

export const dataScreens: Partial<Record<ScreenKey, ComponentType>> = {};
