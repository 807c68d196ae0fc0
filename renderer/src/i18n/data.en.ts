// English texts of the data screens; same keys as data.zh-CN.ts.
import type { dataZhCN } from './data.zh-CN.js';

export const dataEn: Record<keyof typeof dataZhCN, string> = {};
