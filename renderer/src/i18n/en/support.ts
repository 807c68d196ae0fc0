// English texts of the support log card in Settings; the same keys as ../zh-CN/support.ts.
import type { supportZhCN } from '../zh-CN/support.js';

export const supportEn: Record<keyof typeof supportZhCN, string> = {
  'settings.tab.support': 'Support log',
  'support.title': 'Support log',
  'support.help': 'The log records connections, login results, errors, campaign starts and ends and more, for technical support. It never holds a gateway secret; message text is recorded only at the Debug level.',
  'support.level': 'Log level',
  'support.level.error': 'Errors only',
  'support.level.warn': 'Warnings and errors',
  'support.level.info': 'Normal (default)',
  'support.level.debug': 'Debug (includes message text)',
  'support.levelSaved': 'Log level set to: {level}',
  'support.folder': 'Log folder',
  'support.openFolder': 'Open log folder',
  'support.download': 'Download current log',
  'support.downloadHelp': 'In browser mode the log is kept on the computer running the server, so its folder cannot be opened here; download the current log file to send it to support.',
  'support.opened': 'Log folder opened',
  'support.downloaded': 'Log downloaded: {file}',
};
