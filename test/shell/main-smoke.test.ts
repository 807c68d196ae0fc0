// Electron cannot run on this machine, so the BUNDLED main process is loaded under
// plain Node with a hand-written stub `electron` module, and the test checks what
// the thin shell asks Electron to do: privileged scheme, sandbox, single-instance
// lock, app:// handler, permission handlers, window security settings, navigation
// policy, one IPC handler per contract channel, and events gated on app.ready.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileFunction } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mainBuildOptions } from '../../build/bundle.js';
import { INVOKE_CHANNELS } from '../../shared/ipc/channels.js';
import { CSP_HEADER } from '../../shared/ipc/csp.js';
import { FakeIpcMain } from '../ipc/fakes.js';
import { until } from '../support/until.js';

type Fn = (...args: any[]) => any;

class Emitter {
  readonly handlers = new Map<string, Fn[]>();
  on(event: string, fn: Fn) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
    return this;
  }
  once(event: string, fn: Fn) {
    return this.on(event, fn);
  }
  emit(event: string, ...args: unknown[]) {
    for (const fn of this.handlers.get(event) ?? []) fn(...args);
  }
}

class FakeWebContents extends Emitter {
  readonly mainFrame = { url: 'app://desk/index.html' };
  readonly sent: [string, unknown][] = [];
  windowOpenHandler: Fn | null = null;
  setWindowOpenHandler(fn: Fn) {
    this.windowOpenHandler = fn;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return false;
  }
  reload() {}
}

function stubElectron(appPath: string) {
  const calls: string[] = [];
  const app = new (class extends Emitter {
    isPackaged = true;
    readyResolve!: () => void;
    readonly ready = new Promise<void>((r) => (this.readyResolve = r));
    enableSandbox = () => calls.push('app.enableSandbox');
    requestSingleInstanceLock = () => (calls.push('app.requestSingleInstanceLock'), true);
    whenReady = () => this.ready;
    getAppPath = () => appPath;
    getName = () => 'CMPP Desk';
    getVersion = () => '0.1.0';
    // userData: the engine's databases (demo.db) live here.
    getPath = (name: string) => join(appPath, name);
    quit = () => calls.push('app.quit');
  })();
  const windows: FakeWindow[] = [];
  class FakeWindow extends Emitter {
    readonly webContents = new FakeWebContents();
    shown = false;
    loaded: string[] = [];
    constructor(readonly options: any) {
      super();
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    show() {
      this.shown = true;
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    static getAllWindows = () => windows;
  }
  const protocol = {
    privileged: [] as unknown[],
    handlers: new Map<string, Fn>(),
    registerSchemesAsPrivileged(schemes: unknown[]) {
      calls.push('protocol.registerSchemesAsPrivileged');
      this.privileged.push(...schemes);
    },
    handle(scheme: string, fn: Fn) {
      this.handlers.set(scheme, fn);
    },
  };
  const session = {
    defaultSession: {
      requestHandler: null as Fn | null,
      checkHandler: null as Fn | null,
      setPermissionRequestHandler(fn: Fn) {
        this.requestHandler = fn;
      },
      setPermissionCheckHandler(fn: Fn) {
        this.checkHandler = fn;
      },
    },
  };
  const opened: string[] = [];
  const errors: string[] = [];
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain: new FakeIpcMain<any>(),
    protocol,
    session,
    shell: { openExternal: async (url: string) => void opened.push(url) },
    // Linux without a keyring: the engine must fall back to the key file and say so.
    safeStorage: {
      getSelectedStorageBackend: () => 'basic_text',
      isEncryptionAvailable: () => false,
      encryptString: () => {
        throw new Error('no keyring');
      },
      decryptString: () => {
        throw new Error('no keyring');
      },
    },
    powerMonitor: new Emitter(),
    powerSaveBlocker: { start: () => 1, stop: () => undefined },
    dialog: {
      showErrorBox: (_t: string, m: string) => errors.push(m),
      showMessageBox: async () => ({ response: 0 }),
    },
  };
  return { electron, calls, windows, opened, errors };
}

let base = '';
let code = '';

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'cmpp-main-smoke-'));
  mkdirSync(join(base, 'dist', 'renderer'), { recursive: true });
  writeFileSync(join(base, 'dist', 'renderer', 'index.html'), '<!doctype html><title>CMPP Desk</title>');
  const result = await build({ ...mainBuildOptions(join(base, 'main.cjs')), write: false, sourcemap: false });
  code = result.outputFiles.find((f) => f.path.endsWith('main.cjs'))!.text;
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

async function boot() {
  const stub = stubElectron(base);
  const realRequire = createRequire(import.meta.url);
  const module = { exports: {} };
  const run = compileFunction(code, ['require', 'module', 'exports', '__filename', '__dirname'], { filename: join(base, 'main.cjs') });
  run((id: string) => (id === 'electron' ? stub.electron : realRequire(id)), module, module.exports, join(base, 'main.cjs'), base);
  return stub;
}

describe('the bundled main process with a stub electron', () => {
  it('before ready: privileged app:// scheme, sandbox for all, single-instance lock', async () => {
    const { electron, calls, windows } = await boot();
    expect(calls).toEqual(['protocol.registerSchemesAsPrivileged', 'app.enableSandbox', 'app.requestSingleInstanceLock']);
    expect(electron.protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
    expect(windows).toHaveLength(0);
    expect(electron.ipcMain.handlers.size).toBe(0);
  });

  it('on ready: serves app://, denies permissions, opens one locked-down window, registers the contract', async () => {
    const { electron, windows, opened, errors, calls } = await boot();
    electron.app.readyResolve();
    // The engine opens first (demo database, in-process simulator on 127.0.0.1), then the window.
    await until('the window', () => windows.length > 0 || errors.length > 0);
    expect(errors).toEqual([]);

    // app:// serves dist/renderer with the CSP.
    const serve = electron.protocol.handlers.get('app')!;
    const res: Response = await serve(new Request('app://desk/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CSP_HEADER);
    expect((await serve(new Request('app://desk/%2e%2e/%2e%2e/etc/passwd'))).status).toBe(404);

    // Permissions: only clipboard-sanitized-write, only for our pages; request AND check handlers.
    const ses = electron.session.defaultSession;
    const granted = (permission: string, url: string) => new Promise((r) => ses.requestHandler!({}, permission, r, { requestingUrl: url }));
    expect(await granted('clipboard-sanitized-write', 'app://desk/index.html')).toBe(true);
    expect(await granted('media', 'app://desk/index.html')).toBe(false);
    expect(await granted('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(ses.checkHandler!({}, 'clipboard-sanitized-write', 'app://desk', {})).toBe(true);
    expect(ses.checkHandler!({}, 'notifications', 'app://desk', {})).toBe(false);

    // The window.
    expect(windows).toHaveLength(1);
    const win = windows[0]!;
    expect(win.options).toMatchObject({ width: 1280, height: 800, title: 'CMPP Desk', show: false });
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      devTools: false,
    });
    expect(win.options.webPreferences.preload).toBe(join(base, 'dist', 'electron', 'preload.cjs'));
    expect(win.loaded).toEqual(['app://desk/index.html']);
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);

    // Navigation is refused; only https links leave, through the system browser.
    const wc = win.webContents;
    for (const url of ['https://www.10086.cn/', 'file:///etc/passwd', 'http://example.com/']) {
      let prevented = false;
      wc.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
      expect(prevented, url).toBe(true);
      expect(wc.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://www.10086.cn/', 'https://www.10086.cn/']);
    let webviewPrevented = false;
    wc.emit('will-attach-webview', { preventDefault: () => (webviewPrevented = true) });
    expect(webviewPrevented).toBe(true);

    // IPC: the contract's channels, sender-checked.
    const ipc = electron.ipcMain;
    expect([...ipc.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    const fromWindow = { sender: wc, senderFrame: wc.mainFrame };
    expect(await ipc.invoke(fromWindow, 'planner.preview', { text: '你好' })).toMatchObject({ ok: true, value: { encoding: 'ucs2' } });
    expect(await ipc.invoke({ sender: wc, senderFrame: { url: 'app://desk/index.html' } }, 'app.info')).toMatchObject({ ok: false, code: 'forbidden-sender' });

    // Events wait for app.ready (Linux here: the plain-text keyring notice, emitted before the window
    // existed, is queued and arrives with app.ready). That nothing is sent before app.ready, however
    // long it takes, is the batcher's own test on fake timers (test/ipc/events.test.ts).
    wc.emit('did-start-loading');
    expect(wc.sent).toEqual([]);
    expect(await ipc.invoke(fromWindow, 'app.ready')).toEqual({ ok: true, value: null });
    // No keyring: secrets go to the key file, and the operator is told (never silently plain text).
    const notices = wc.sent.filter(([channel]) => channel === 'app.notice').flatMap(([, batch]) => (batch as { items: { code: string }[] }).items);
    expect(notices.map((n) => n.code)).toContain('secrets-key-file');

    // Quit path: before-quit is held until the engine has closed (pumps, sessions, database).
    let held = false;
    electron.app.emit('before-quit', { preventDefault: () => (held = true) });
    expect(held).toBe(true);
    await until('app.quit after the engine closed', () => calls.includes('app.quit'));
  });
});
