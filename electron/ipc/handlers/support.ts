// Handlers of the support log (shared/ipc/contract/support.ts): its level, and "open the log":
// the desktop opens the folder in the file manager (main's shell.openPath, injected as openFolder);
// browser mode cannot open a folder on the server, so the current log is offered as a download
// through the page's save flow, and no server path is ever shown to the page.
import type { SUPPORT_INVOKE } from '../../../shared/ipc/channels/support.js';
import type { SupportLogInfo } from '../../../shared/ipc/contract/support.js';
import { IpcFailure } from '../../../shared/ipc/envelope.js';
import { writeLogCopy } from '../../services/support/log-copy.js';
import type { FileSupportLog } from '../../services/support/support-log-file.js';
import { shownFileName } from '../dialogs.js';
import type { HandlerTable } from '../register.js';
import { fileStamp, type HandlerContext } from './context.js';

export type SupportHandlers = Pick<HandlerTable, (typeof SUPPORT_INVOKE)[number]>;

export function supportHandlers(ctx: HandlerContext): SupportHandlers {
  const log = (): FileSupportLog => {
    const l = ctx.deps.supportLog;
    if (!l) throw new IpcFailure('not-available', 'this window has no support log');
    return l;
  };
  const info = (l: FileSupportLog): SupportLogInfo =>
    ctx.deps.openFolder ? { level: l.level, opens: 'folder', folder: l.dir } : { level: l.level, opens: 'download', folder: null };
  return {
    'support.logInfo': () => info(log()),
    'support.setLogLevel': (level) => {
      const l = log();
      l.setLevel(level);
      return info(l);
    },
    'support.openLogs': async () => {
      const l = log();
      const open = ctx.deps.openFolder;
      if (open) {
        const problem = await open(l.dir);
        if (problem) throw new IpcFailure('open-failed', `the log folder ${l.dir} could not be opened: ${problem}`);
        return { opened: 'folder', name: l.dir };
      }
      const dialogs = ctx.dialogs();
      const target = await dialogs.saveFile({ title: 'Support log', defaultName: `cmpp-desk-log-${fileStamp()}.log`, filters: [{ name: 'Log', extensions: ['log'] }] });
      if (target === null) return { opened: 'cancelled', name: '' };
      await writeLogCopy(l, target);
      return { opened: 'download', name: shownFileName(dialogs, target) };
    },
  };
}
