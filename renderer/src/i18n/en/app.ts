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
  'menu.statistics': 'Statistics',
  'menu.settings': 'Settings',
  'screen.monitor.title': 'Live monitor',
  'screen.composer.title': 'Compose a message',
  'screen.contacts.title': 'Contacts',
  'screen.campaigns.title': 'Campaigns',
  'screen.inbox.title': 'Inbox',
  'screen.deliveryLog.title': 'Delivery log',
  'screen.statistics.title': 'Statistics',
  'screen.settings.title': 'Settings',
  'screen.noWorkspace': 'The database is not open yet: the desk is starting or switching gateways. Open this page again in a moment; if it stays so, restart CMPP Desk.',
  'notice.safe-storage-plaintext': 'No system keyring was found: account secrets would be stored in plain text. Install and unlock GNOME Keyring or KWallet.',
  'notice.store-full': "The disk holding the database is full: sending is paused and resumes by itself once space is free (the Monitor's log says how much is needed). Nothing is sent twice.",
  'notice.store-busy': 'Another program holds the database locked: writes are retried and nothing is lost meanwhile.',
  'notice.store-io': 'The database could not be written: writes are retried.',
  'notice.store-other': 'Writing to the database failed; it is retried (see the log).',
  'notice.store-recovered': 'The database is writable again; sending goes on.',
  'notice.dropped': 'Some live updates did not reach the window ({count}); please reload.',
  'notice.secrets-key-file':
    'No usable system keyring: account secrets are protected by a key file beside the database instead (readable by the same user). Install and unlock GNOME Keyring or KWallet.',
  'notice.secrets-key-file-browser':
    'Browser mode cannot use the system keyring: account secrets are protected by a key file beside the database (readable by the same user). The desktop app uses the keyring where there is one.',
  'notice.real-db-failed': 'Your gateway database could not be opened; the demo gateway is shown instead. See the log for details.',
};
