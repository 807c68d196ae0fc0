// English texts of the app shell: title, menu, screen titles, notices, planner errors; the same keys as ../zh-CN/app.ts.
import type { appZhCN } from '../zh-CN/app.js';

export const appEn: Record<keyof typeof appZhCN, string> = {
  'app.title': 'CMPP Desk',
  'app.language': 'Language',
  'app.loading': 'Connecting to the main process…',
  'app.ipcError': 'Could not talk to the main process',
  'menu.monitor': 'Monitor',
  'menu.composer': 'Composer',
  'menu.contacts': 'Contacts',
  'menu.campaigns': 'Campaigns',
  'menu.inbox': 'Inbox',
  'menu.deliveryLog': 'Delivery log',
  'menu.settings': 'Settings',
  'screen.monitor.title': 'Live monitor',
  'screen.composer.title': 'Compose a message',
  'screen.contacts.title': 'Contacts',
  'screen.campaigns.title': 'Campaigns',
  'screen.inbox.title': 'Inbox',
  'screen.deliveryLog.title': 'Delivery log',
  'screen.settings.title': 'Settings',
  'screen.comingWithEngine': 'This arrives with the sending engine; there is no data yet.',
  'error.footer-too-long': 'The gateway footer is too long: the last segment has no room left for the text.',
  'error.too-many-segments': 'The message is too long: more segments than a long message can have.',
  'error.invalid-option': 'Invalid option: {message}',
  'error.invalid-args': 'Invalid argument: {message}',
  'error.unknown': 'Something went wrong ({code}): {message}',
  'notice.safe-storage-plaintext': 'No system keyring was found: account secrets would be stored in plain text. Install and unlock GNOME Keyring or KWallet.',
  'notice.dropped': 'Some live updates did not reach the window ({count}); please reload.',
  'notice.secrets-key-file':
    'No usable system keyring: account secrets are protected by a key file beside the database instead (readable by the same user). Install and unlock GNOME Keyring or KWallet.',
  'notice.real-db-failed': 'Your gateway database could not be opened; the demo gateway is shown instead. See the log for details.',
};
