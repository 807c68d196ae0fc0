// Simplified Chinese texts of the support log card in Settings. ../en/support.ts has exactly the same keys.
export const supportZhCN = {
  'settings.tab.support': '支持日志',
  'support.title': '支持日志',
  'support.help': '日志记录连接、登录结果、错误、活动的开始与结束等，供技术支持排查问题。日志从不包含网关密码；只有“调试”级别才记录短信内容。',
  'support.level': '日志级别',
  'support.level.error': '仅错误',
  'support.level.warn': '警告及以上',
  'support.level.info': '常规（默认）',
  'support.level.debug': '调试（含短信内容）',
  'support.levelSaved': '日志级别已改为：{level}',
  'support.folder': '日志文件夹',
  'support.openFolder': '打开日志文件夹',
  'support.download': '下载当前日志',
  'support.downloadHelp': '浏览器模式下日志保存在运行服务的电脑上，无法在此打开文件夹；可下载当前日志文件发给技术支持。',
  'support.opened': '已打开日志文件夹',
  'support.downloaded': '日志已下载：{file}',
} as const;
