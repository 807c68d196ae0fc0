// Sender validation for IPC (Electron security checklist: validate the sender of
// every message). Only our window's top frame, showing our app:// origin, may call.
import { APP_HOST, APP_SCHEME } from './app-protocol.js';

export interface FrameLike {
  readonly url: string;
}

/** The part of IpcMainInvokeEvent the check reads. */
export interface SenderEventLike {
  readonly sender: unknown;
  readonly senderFrame: FrameLike | null;
}

/** Our window's webContents and its main frame, or null while there is no window. */
export interface TrustedWindow {
  readonly webContents: unknown;
  readonly mainFrame: FrameLike;
}

export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    // Custom schemes have an opaque URL.origin in WHATWG terms; compare the parts.
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

export function createSenderCheck(getWindow: () => TrustedWindow | null): (event: SenderEventLike) => boolean {
  return (event) => {
    const win = getWindow();
    if (!win) return false;
    const frame = event.senderFrame;
    // senderFrame is null when the frame navigated away or was destroyed meanwhile.
    if (frame === null || frame !== win.mainFrame || event.sender !== win.webContents) return false;
    return isAppUrl(frame.url);
  };
}
