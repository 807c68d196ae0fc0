// English texts of the live-operations screens; same keys as live.zh-CN.ts.
import type { liveZhCN } from './live.zh-CN.js';

export const liveEn: Record<keyof typeof liveZhCN, string> = {};
