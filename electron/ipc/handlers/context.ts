// What every domain's handlers share: the dependencies main (or browser mode, or a test) passes
// in, the workspace read at CALL time, the long-job runner and its progress events. Each file
// beside this one handles the channels of one domain (shared/ipc/contract/<domain>.ts).
//
// The workspace is read at call time, never once at creation: main passes a getter, because the
// operator switches between the demo gateway's workspace and the real one (the desk session), and
// it is undefined while a switch is under way.
import type { AppInfo } from '../../../shared/ipc/contract/app.js';
import type { JobProgress } from '../../../shared/ipc/contract/jobs.js';
import type { PayloadOf } from '../../../shared/ipc/contract.js';
import { IpcFailure } from '../../../shared/ipc/envelope.js';
import type { Locale } from '../../../shared/ipc/locale.js';
import type { LiveSession } from '../../services/demo/desk-session.js';
import type { FileSupportLog } from '../../services/support/support-log-file.js';
import type { Workspace } from '../../services/workspace.js';
import type { Account } from '../../store/accounts.js';
import type { FileDialogs } from '../dialogs.js';
import { LongJobs } from '../long-jobs.js';
import { fileStampText } from '../../../shared/time-format.js';

export interface HandlerDeps {
  /** Static facts about the running app (main.ts reads them from Electron). */
  info: Omit<AppInfo, 'locale'>;
  /** Told when the renderer is ready for events (EventBatcher.setReady). */
  events: { setReady(ready: boolean): void };
  /** The locale at start-up; until the settings store lands it lives in memory only. */
  initialLocale?: Locale;
  onLocaleChange?: (locale: Locale) => void;
  /** The engine (absent only in tests of the app channels alone). Read it at CALL time. */
  readonly workspace?: Workspace;
  /** The demo/real workspace host with the live event bridge. */
  readonly live?: LiveSession;
  /** Native open/save dialogs: the only source of file paths. */
  dialogs?: FileDialogs;
  /** The process's support log (Settings: its level, "open the log"). */
  supportLog?: FileSupportLog;
  /**
   * Opens a folder in the OS file manager (main: shell.openPath); resolves '' or what went wrong.
   * Absent in browser mode, where "open the log" downloads the log file instead.
   */
  openFolder?: (path: string) => Promise<string>;
}

export class HandlerContext {
  /** Long operations of the log and contacts channels, cancelled by `jobs.cancel`. */
  readonly jobs: LongJobs;

  constructor(readonly deps: HandlerDeps) {
    const emit = emitterOf(deps);
    this.jobs = new LongJobs((p) => emit('data.progress', p));
  }

  /** The desk session (demo or own gateway) of the live channels. */
  session(): LiveSession {
    if (!this.deps.live) throw new IpcFailure('no-workspace', 'the sending engine is not running; restart CMPP Desk');
    return this.deps.live;
  }

  /** The session's workspace (live channels: monitor, composer, campaigns, inbox). */
  liveWorkspace(): Workspace {
    return this.session().requireWorkspace();
  }

  /** The open workspace (data channels: log, contacts, accounts, settings). */
  workspace(): Workspace {
    const w = this.deps.workspace;
    if (!w) throw new IpcFailure('no-workspace', 'the database is not open yet (the desk is starting or switching gateways); try again in a moment');
    return w;
  }

  account(w: Workspace, id: number): Account {
    try {
      return w.store.accounts.get(id);
    } catch {
      throw new IpcFailure('not-found', `gateway account ${id} does not exist (it may have been removed); pick another account`);
    }
  }

  dialogs(): FileDialogs {
    if (!this.deps.dialogs) throw new IpcFailure('no-dialogs', 'file dialogs are not available in this window');
    return this.deps.dialogs;
  }
}

/** The EventBatcher main passes as `events` also emits; without one (unit tests) events are dropped. */
function emitterOf(deps: HandlerDeps): (channel: 'data.progress', payload: JobProgress) => void {
  const events = deps.events as { emit?: (channel: 'data.progress', payload: PayloadOf<'data.progress'>) => void };
  return typeof events.emit === 'function' ? (c, p) => events.emit!(c, p) : () => undefined;
}

/** Local date and time for a default export file name, YYYYMMDD-HHmm. */
export function fileStamp(now = new Date()): string {
  return fileStampText(now);
}
