// Files in browser mode. The services read and write files by path, chosen by "dialogs"
// (electron/ipc/dialogs.ts); here the dialogs are the calling tab's browser:
// - saveFile names a fresh file in a private per-launch temp folder; once the export has written
//   it, the tab is told to download it from a one-time URL that streams it from disk, and the file
//   is removed when it has been sent;
// - openFile asks the tab to show a file picker; the page uploads the chosen file with a streamed,
//   size-capped POST into the temp folder, and the service reads it from there.
// A path on this machine is never shown to the page: results name only the file.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { IpcFailure } from '../../shared/ipc/envelope.js';
import { DESK_PREFIX, type ServerMessage } from '../../shared/ipc/socket-transport.js';
import type { FileDialogs, FileFilter } from '../ipc/dialogs.js';
import { sendPlain, webSecurityHeaders } from './guard.js';
import type { EventHub, Tab } from './hub.js';

export const DOWNLOAD_PATH = `${DESK_PREFIX}download/`;
export const UPLOAD_PATH = `${DESK_PREFIX}upload/`;
export const DEFAULT_UPLOAD_LIMIT = 200 * 1024 * 1024;

interface Pick {
  tab: Tab;
  resolve(path: string | null): void;
  reject(error: Error): void;
  uploading: boolean;
}

/** A file name safe on every OS, from whatever the browser or a suggested name says. */
export function safeName(name: string, fallback = 'file'): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f:*?"<>|]/g, '_').trim().replace(/^\.+/, '');
  return clean.length === 0 ? fallback : clean.slice(0, 200);
}

/** Content-Disposition with an ASCII fallback and the real (e.g. Chinese) name per RFC 5987/6266. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function acceptOf(filters: FileFilter[]): string {
  const exts = filters.flatMap((f) => f.extensions).filter((e) => e !== '*' && /^[A-Za-z0-9]+$/.test(e));
  return filters.some((f) => f.extensions.includes('*')) ? '' : [...new Set(exts)].map((e) => `.${e}`).join(',');
}

export class BrowserFiles implements FileDialogs {
  readonly root: string;
  private readonly saves = new Map<string, { tab: Tab | null; name: string }>();
  private readonly downloads = new Map<string, { path: string; name: string }>();
  private readonly picks = new Map<string, Pick>();

  constructor(
    private readonly hub: EventHub,
    readonly uploadLimit = DEFAULT_UPLOAD_LIMIT,
  ) {
    this.root = mkdtempSync(join(tmpdir(), 'cmpp-desk-web-'));
  }

  /** A fresh folder per file, so the file keeps its own name (the page sees only that name). */
  private freshFolder(): string {
    const dir = join(this.root, randomBytes(9).toString('base64url'));
    mkdirSync(dir, { mode: 0o700 });
    return dir;
  }

  private callingTab(): Tab {
    const tab = this.hub.callingTab();
    if (!tab) throw new IpcFailure('no-dialogs', 'files can be chosen only from an open page');
    return tab;
  }

  async saveFile(options: { title: string; defaultName: string; filters: FileFilter[] }): Promise<string | null> {
    const tab = this.callingTab();
    const name = safeName(options.defaultName, 'export');
    const path = join(this.freshFolder(), name);
    this.saves.set(path, { tab, name });
    return path;
  }

  fileWritten(path: string): string {
    const save = this.saves.get(path);
    if (!save) return basename(path);
    this.saves.delete(path);
    const token = randomBytes(24).toString('base64url');
    this.downloads.set(token, { path, name: save.name });
    const message: ServerMessage = { t: 'download', url: `${DOWNLOAD_PATH}${token}`, name: save.name };
    // The tab that asked, or (reloaded meanwhile) the newest open one; with none open the file
    // waits in the temp folder until the server stops.
    const tab = save.tab && !save.tab.closed ? save.tab : this.hub.newestTab();
    tab?.send(message);
    return save.name;
  }

  openFile(options: { title: string; filters: FileFilter[] }): Promise<string | null> {
    const tab = this.callingTab();
    const pickId = randomBytes(18).toString('base64url');
    return new Promise<string | null>((resolve, reject) => {
      this.picks.set(pickId, { tab, resolve, reject, uploading: false });
      const message: ServerMessage = { t: 'pick', pickId, uploadUrl: `${UPLOAD_PATH}${pickId}`, accept: acceptOf(options.filters), title: options.title };
      if (!tab.send(message)) this.settlePick(pickId, null);
    });
  }

  private settlePick(pickId: string, result: string | null | Error): void {
    const pick = this.picks.get(pickId);
    if (!pick) return;
    this.picks.delete(pickId);
    if (result instanceof Error) pick.reject(result);
    else pick.resolve(result);
  }

  /** The page dismissed the picker (only the tab that was asked can say so). */
  cancelPick(tab: Tab, pickId: string): void {
    const pick = this.picks.get(pickId);
    if (pick && pick.tab === tab && !pick.uploading) this.settlePick(pickId, null);
  }

  /** A tab went away: its open pickers count as dismissed. */
  tabClosed(tab: Tab): void {
    for (const [id, pick] of this.picks) if (pick.tab === tab && !pick.uploading) this.settlePick(id, null);
    for (const save of this.saves.values()) if (save.tab === tab) save.tab = null;
  }

  /** GET /__desk/download/<token>: streams the file once, then removes it. */
  serveDownload(req: IncomingMessage, res: ServerResponse, token: string): void {
    if (req.method !== 'GET') return sendPlain(res, 405, 'method not allowed');
    const file = this.downloads.get(token);
    if (!file) return sendPlain(res, 404, 'this download has already been taken or never existed');
    this.downloads.delete(token);
    let size: number;
    try {
      size = statSync(file.path).size;
    } catch {
      return sendPlain(res, 404, 'the exported file is gone');
    }
    res.writeHead(200, {
      ...webSecurityHeaders(),
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(size),
      'Content-Disposition': contentDisposition(file.name),
      'Cache-Control': 'no-store',
    });
    pipeline(createReadStream(file.path), res)
      .catch(() => undefined)
      .finally(() => rmSync(dirname(file.path), { recursive: true, force: true }));
  }

  /** POST /__desk/upload/<pickId>: the picked file's bytes, streamed to disk under the size cap. */
  async receiveUpload(req: IncomingMessage, res: ServerResponse, pickId: string): Promise<void> {
    const pick = this.picks.get(pickId);
    if (!pick || pick.uploading) return sendPlain(res, 404, 'no file was asked for under this address');
    if (req.headers['content-type'] !== 'application/octet-stream') return sendPlain(res, 415, 'send the file as application/octet-stream');
    const tooLarge = () => new IpcFailure('file-too-large', `the file is larger than ${Math.round(this.uploadLimit / 1024 / 1024)} MB, the most browser mode accepts; import it with the CLI (npm run cli -- contacts import)`);
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > this.uploadLimit) {
      this.settlePick(pickId, tooLarge());
      res.setHeader('Connection', 'close');
      return sendPlain(res, 413, tooLarge().message);
    }
    pick.uploading = true;
    let rawName = '';
    try {
      rawName = decodeURIComponent(String(req.headers['x-file-name'] ?? ''));
    } catch {
      rawName = '';
    }
    const dir = this.freshFolder();
    const path = join(dir, safeName(rawName, 'upload'));
    const limit = this.uploadLimit;
    let received = 0;
    let over = false;
    const out = createWriteStream(path, { mode: 0o600 });
    try {
      await pipeline(req, async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          received += chunk.length;
          if (received > limit) {
            over = true;
            throw new Error('too large');
          }
          yield chunk;
        }
      }, out);
    } catch {
      rmSync(dir, { recursive: true, force: true });
      if (over) {
        this.settlePick(pickId, tooLarge());
        res.setHeader('Connection', 'close');
        return sendPlain(res, 413, tooLarge().message);
      }
      this.settlePick(pickId, new IpcFailure('upload-failed', 'the file did not arrive in full; choose it again'));
      return sendPlain(res, 400, 'the upload did not complete');
    }
    this.settlePick(pickId, path);
    sendPlain(res, 200, 'received');
  }

  /** Every temp file goes with the server. */
  close(): void {
    for (const id of [...this.picks.keys()]) this.settlePick(id, null);
    this.downloads.clear();
    rmSync(this.root, { recursive: true, force: true });
  }
}
