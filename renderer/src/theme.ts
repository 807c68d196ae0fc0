// antd theme tokens. The font stack matches base.css: a CJK family for every platform.
import type { ThemeConfig } from 'antd';

export const FONT_FAMILY =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', " +
  "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif";

export const theme: ThemeConfig = {
  token: { fontFamily: FONT_FAMILY },
};
