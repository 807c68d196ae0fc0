// Channel names of the demo domain: contract/demo.ts is keyed by the same names.
export const DEMO_INVOKE = ['mode.get', 'mode.set', 'demo.status', 'demo.setBehaviour', 'demo.sendMo'] as const;
export const DEMO_EVENTS = ['live.mode'] as const;
