// Hand-written stand-ins for the bits of Electron the pure IPC modules talk to.
import type { FrameLike, SenderEventLike } from '../../electron/ipc/sender.js';

/** Behaves like ipcMain for handle/removeHandler (Electron throws on a second handler too). */
export class FakeIpcMain<E> {
  readonly handlers = new Map<string, (event: E, ...args: any[]) => unknown>();
  handle(channel: string, listener: (event: E, ...args: any[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What ipcRenderer.invoke(channel, ...args) ends up calling. */
  async invoke(event: E, channel: string, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return h(event, ...args);
  }
}

export function fakeWindow(url = 'app://desk/index.html') {
  const mainFrame: FrameLike & { url: string } = { url };
  const webContents = { id: 1 };
  return { webContents, mainFrame };
}

export function eventFrom(win: ReturnType<typeof fakeWindow>, frame: FrameLike | null = win.mainFrame): SenderEventLike {
  return { sender: win.webContents, senderFrame: frame };
}
