// The Electron shell, kept thin on purpose: window, security settings, the app://
// protocol and ONE typed handler table. All logic lives in electron/ipc/* (which
// never imports `electron`) so it runs and is tested under plain Node.
// Bundled to dist/electron/main.cjs by build/bundle.ts (package.json "main").
import { app, BrowserWindow, dialog, ipcMain, powerMonitor, powerSaveBlocker, protocol, safeStorage, session, shell, type WebContents } from 'electron';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, serveAppRequest } from './ipc/app-protocol.js';
import { EventBatcher } from './ipc/events.js';
import type { FileDialogs } from './ipc/dialogs.js';
import { createHandlerTable, type HandlerDeps } from './ipc/handlers.js';
import { openEngineOrDemo } from './services/demo/open-desk.js';
import { type LiveSession, REAL_DB_FILE } from './services/demo/desk-session.js';
import { registerHandlers } from './ipc/register.js';
import { createSenderCheck } from './ipc/sender.js';
import { externalUrlToOpen, isPermissionAllowed } from './ipc/web-policy.js';
import { LocalKeyCipher, type SecretCipher } from './store/cipher.js';
import { openSupportLog, type FileSupportLog } from './services/support/support-log-file.js';

// Must happen before `ready`: app:// becomes a standard, secure origin.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
// Every renderer sandboxed, whatever a BrowserWindow says.
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;
const events = new EventBatcher();

function appFile(...parts: string[]): string {
  // getAppPath() is the folder (or app.asar) holding package.json, in dev and packaged alike.
  return join(app.getAppPath(), ...parts);
}

/** Navigation and window policy for every web contents the app ever creates. */
function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    const external = externalUrlToOpen(url);
    if (external) void shell.openExternal(external);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalUrlToOpen(url);
    if (external) void shell.openExternal(external);
    return { action: 'deny' };
  });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    title: 'CMPP Desk',
    show: false,
    webPreferences: {
      preload: appFile('dist', 'electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => win.show());

  const contents = win.webContents;
  events.connect({
    send(channel, batch) {
      if (win.isDestroyed() || contents.isDestroyed()) throw new Error('window is gone');
      contents.send(channel, batch);
    },
  });
  // A (re)load starts a new renderer that has not subscribed yet: queue until app.ready.
  contents.on('did-start-loading', () => events.setReady(false));
  let reloadingAfterHang = false;
  contents.on('render-process-gone', (_event, details) => {
    events.setReady(false);
    if (reloadingAfterHang) {
      reloadingAfterHang = false;
      contents.reload();
      return;
    }
    if (details.reason === 'clean-exit') return;
    // The outbox lives in main; a crashed renderer loses nothing, so offer a reload.
    void dialog
      .showMessageBox(win, {
        type: 'error',
        title: 'CMPP Desk',
        message: 'The window stopped working (界面已崩溃).',
        detail: `Reason: ${details.reason}. Sending continues in the background.`,
        buttons: ['Reload (重新加载)', 'Quit (退出)'],
        defaultId: 0,
        cancelId: 0,
      })
      .then(({ response }) => (response === 0 ? contents.reload() : app.quit()));
  });
  contents.on('unresponsive', () => {
    void dialog
      .showMessageBox(win, {
        type: 'warning',
        title: 'CMPP Desk',
        message: 'The window is not responding (界面无响应).',
        buttons: ['Wait (等待)', 'Reload (重新加载)'],
        defaultId: 0,
        cancelId: 0,
      })
      .then(({ response }) => {
        if (response !== 1 || contents.isDestroyed()) return;
        reloadingAfterHang = true;
        contents.forcefullyCrashRenderer();
      });
  });
  win.on('closed', () => {
    events.disconnect();
    if (mainWindow === win) mainWindow = null;
  });

  void win.loadURL(APP_ENTRY_URL);
  return win;
}

/** Native dialogs, parented to our window: the only way a file path reaches a service. */
const dialogs: FileDialogs = {
  async openFile({ title, filters }) {
    const options = { title, filters, properties: ['openFile' as const] };
    const r = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  },
  async saveFile({ title, defaultName, filters }) {
    const options = { title, defaultPath: defaultName, filters };
    const r = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
    return r.canceled || !r.filePath ? null : r.filePath;
  },
};

/** Gateway secrets through the OS keyring (Keychain, DPAPI, libsecret/kwallet) via safeStorage. */
class SafeStorageCipher implements SecretCipher {
  readonly name = 'electron-safe-storage';
  readonly isPlaintext = false;
  encrypt(plain: string): Buffer {
    return safeStorage.encryptString(plain);
  }
  decrypt(blob: Buffer): string {
    return safeStorage.decryptString(blob);
  }
}

/**
 * The cipher for account secrets. safeStorage when the OS keyring really protects them; otherwise
 * (no keyring, or Linux's `basic_text` backend, which "encrypts" with a fixed key) the store's key
 * file beside the database, SAID in a notice: never silently plain text. A database whose secrets the CLI wrote with the key file is taken over
 * (re-encrypted into the keyring) at open, as the store allows.
 */
function chooseCipher(userData: string): { cipher: SecretCipher; previous: SecretCipher[]; secrets: 'os-keyring' | 'key-file' } {
  const keyFileFor = join(userData, REAL_DB_FILE);
  const plainTextBackend = process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
  if (safeStorage.isEncryptionAvailable() && !plainTextBackend) {
    const keyPath = LocalKeyCipher.keyPathFor(keyFileFor);
    const previous = existsSync(keyPath) ? [LocalKeyCipher.open(keyPath, { create: false })] : [];
    return { cipher: new SafeStorageCipher(), previous, secrets: 'os-keyring' };
  }
  events.emit('app.notice', {
    level: 'warning',
    code: 'secrets-key-file',
    message: plainTextBackend
      ? 'No system keyring found: account secrets are protected only by a key file beside the database.'
      : 'The system keyring is not available: account secrets are protected only by a key file beside the database.',
  });
  return { cipher: LocalKeyCipher.besideDatabase(keyFileFor), previous: [], secrets: 'key-file' };
}

let live: LiveSession | null = null;
/** <userData>/logs/desk.log: for support (README, "Support log"). */
let supportLog: FileSupportLog | null = null;
let blockerId: number | null = null;

/** Holds the machine awake while a campaign runs (sleep would drop the CMPP sessions). */
function onSendingChange(sending: boolean): void {
  if (sending && blockerId === null) blockerId = powerSaveBlocker.start('prevent-app-suspension');
  if (!sending && blockerId !== null) {
    powerSaveBlocker.stop(blockerId);
    blockerId = null;
  }
}

/** Opens the engine in the remembered mode; a real database that will not open falls back to the demo. */
async function openEngine(): Promise<LiveSession> {
  const userData = app.getPath('userData');
  // First launch: the folder may not exist yet, and the key-file cipher writes into it.
  mkdirSync(userData, { recursive: true, mode: 0o700 });
  const log = (supportLog = openSupportLog(userData));
  log.info('app-start', { version: app.getVersion(), platform: process.platform, electron: process.versions.electron });
  const { cipher, previous, secrets } = chooseCipher(userData);
  log.info('secrets-cipher', { protection: secrets });
  const options = {
    dataDir: userData,
    cipher,
    previousCiphers: previous,
    secrets,
    events,
    workspace: { autoPump: true, log },
    onSendingChange,
    onError: (error: unknown, context: string) => {
      log.error('engine-error', { context }, error);
      console.error(`[engine] ${context}:`, error);
    },
  };
  return openEngineOrDemo(options);
}

async function start(): Promise<void> {
  await app.whenReady();

  const rendererRoot = appFile('dist', 'renderer');
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, rendererRoot));

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionAllowed(permission, details.requestingUrl)),
  );
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin));

  // ---- ENGINE WIRING -------------------------------------------------------------------
  // The engine lives in LiveSession (electron/ipc/live-session.ts): the demo gateway's database
  // with the in-process simulator, or the operator's own database, switchable at run time; its
  // events (live feed, campaign progress, logs) go to the renderer through `events`.
  live = await openEngine();
  const engine = live;
  powerMonitor.on('resume', () => {
    // Sockets rarely survive a sleep and the link test would take minutes to notice (docs/protocol.md "Timers and flow control").
    supportLog?.info('system-resume');
    engine.reconnect().catch((error: unknown) => {
      supportLog?.error('reconnect-failed', {}, error);
      console.error('[engine] reconnect after resume:', error);
    });
  });
  const deps: HandlerDeps = {
    info: {
      name: app.getName(),
      version: app.getVersion(),
      platform: process.platform,
      versions: {
        electron: process.versions.electron,
        chrome: process.versions.chrome,
        node: process.versions.node,
      },
    },
    events,
    dialogs,
    ...(supportLog ? { supportLog } : {}),
    openFolder: (path) => shell.openPath(path),
    // Read at call time: the workspace changes when the operator switches demo <-> real.
    get workspace() {
      return engine.workspace;
    },
    live: engine,
  };
  // -------------------------------------------------------------------------------

  const table = createHandlerTable(deps);
  registerHandlers(
    ipcMain,
    table,
    createSenderCheck(() =>
      mainWindow && !mainWindow.isDestroyed()
        ? { webContents: mainWindow.webContents, mainFrame: mainWindow.webContents.mainFrame }
        : null,
    ),
    {
      onInternalError: (channel, error) => {
        supportLog?.error('ipc-internal-error', { channel }, error);
        console.error(`[ipc] ${channel}:`, error);
      },
    },
  );

  mainWindow = createWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
}

app.on('web-contents-created', (_event, contents) => lockDown(contents));

if (!app.requestSingleInstanceLock()) {
  // Two instances would open two sets of CMPP sessions and write one database.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Quit path: stop the pumps, collect in-flight responses (bounded), TERMINATE, close the
  // database, then really quit. Bounded as a whole, so a dead gateway never hangs the quit.
  let engineClosed = false;
  let closing = false;
  app.on('before-quit', (event) => {
    if (engineClosed || !live) return;
    event.preventDefault();
    if (closing) return;
    closing = true;
    const engine = live;
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        console.error('[engine] close took longer than 10 s; quitting anyway (unanswered SUBMITs become in_doubt at the next start)');
        resolve();
      }, 10_000);
    });
    void Promise.race([engine.close().catch((error: unknown) => console.error('[engine] close:', error)), bound]).finally(() => {
      clearTimeout(timer);
      onSendingChange(false);
      engineClosed = true;
      events.close();
      supportLog?.info('app-quit');
      // Synchronously: app.quit() may end the process before an asynchronous write completes.
      supportLog?.flushSync();
      app.quit();
    });
  });
  start().catch((error: unknown) => {
    supportLog?.error('start-failed', {}, error);
    supportLog?.flushSync();
    dialog.showErrorBox('CMPP Desk', `Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    app.quit();
  });
}
