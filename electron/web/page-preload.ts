// Browser mode's stand-in for electron/preload.ts: builds `window.cmppDesk` with the same
// createDeskApi() over the page's WebSocket to the local server, and does what the desktop's
// native dialogs do, in the browser's own way: a file picker for imports (uploaded to the server)
// and a download for exports. Bundled by build/bundle.ts into the renderer folder as
// web-transport.js; the server adds its <script src> to index.html (no inline script).
import { createDeskApi } from '../../shared/ipc/api.js';
import { SOCKET_PATH, createSocketTransport, type ServerMessage, type SocketState } from '../../shared/ipc/socket-transport.js';

const zh = (document.documentElement.lang || navigator.language).toLowerCase().startsWith('zh');
const text = {
  lost: zh ? '与 CMPP Desk 的连接已断开，正在重新连接…（发送在后台继续）' : 'Lost the connection to CMPP Desk; reconnecting… (sending continues in the background)',
  expired: zh
    ? 'CMPP Desk 已重新启动：请打开它启动时打印的新地址。'
    : 'CMPP Desk was restarted: open the new address it printed when it started.',
  choose: zh ? '选择文件' : 'Choose file',
  cancel: zh ? '取消' : 'Cancel',
  uploadFailed: zh ? '文件上传失败：' : 'The file could not be uploaded: ',
};

let banner: HTMLDivElement | null = null;
function showBanner(message: string | null): void {
  if (message === null) {
    banner?.remove();
    banner = null;
    return;
  }
  if (!banner) {
    banner = document.createElement('div');
    banner.setAttribute('role', 'alert');
    banner.dataset.deskConnection = 'lost';
    banner.style.cssText =
      'position:fixed;top:0;left:0;right:0;z-index:2147483647;padding:8px 16px;background:#fff2e8;color:#871400;border-bottom:1px solid #ffbb96;font:14px sans-serif;text-align:center';
    document.body.append(banner);
  }
  banner.textContent = message;
}

async function onState(state: SocketState): Promise<void> {
  if (state === 'open') return showBanner(null);
  if (state !== 'lost') return;
  showBanner(text.lost);
  // A server that is back but no longer knows our cookie was restarted (a new key per launch).
  try {
    const r = await fetch('/index.html', { method: 'HEAD', cache: 'no-store' });
    if (r.status === 401 || r.status === 403) showBanner(text.expired);
  } catch {
    // Still down: keep the reconnecting banner.
  }
}

function download(message: Extract<ServerMessage, { t: 'download' }>): void {
  const a = document.createElement('a');
  a.href = message.url;
  a.download = message.name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
}

async function upload(message: Extract<ServerMessage, { t: 'pick' }>, file: File): Promise<void> {
  const r = await fetch(message.uploadUrl, {
    method: 'POST',
    body: file,
    headers: { 'Content-Type': 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) },
  });
  // The server answers the waiting invoke itself (with the reason on failure); nothing to do here.
  if (!r.ok) console.warn(text.uploadFailed + (await r.text()));
}

function pick(message: Extract<ServerMessage, { t: 'pick' }>): void {
  const input = document.createElement('input');
  input.type = 'file';
  if (message.accept) input.accept = message.accept;
  input.style.display = 'none';
  document.body.append(input);
  let done = false;
  const finish = (file: File | null) => {
    if (done) return;
    done = true;
    input.remove();
    overlay?.remove();
    if (file) {
      upload(message, file).catch((e: unknown) => {
        console.warn(text.uploadFailed + String(e));
        // Never reached the server: the waiting call ends as a cancelled pick (the server ignores
        // this when it has answered the call itself, e.g. a file over the size cap).
        transport.send({ t: 'pick-cancel', pickId: message.pickId });
      });
    }
    else transport.send({ t: 'pick-cancel', pickId: message.pickId });
  };
  input.addEventListener('change', () => finish(input.files?.[0] ?? null));
  input.addEventListener('cancel', () => finish(null));
  let overlay: HTMLDivElement | null = null;
  // The click that asked for the file is still the user's activation a few ms later, so the
  // picker opens at once; if the browser says otherwise, one more click on our own button does it.
  if (navigator.userActivation?.isActive !== false) {
    input.click();
    return;
  }
  overlay = document.createElement('div');
  overlay.setAttribute('role', 'dialog');
  overlay.style.cssText =
    'position:fixed;inset:0;z-index:2147483646;display:flex;align-items:center;justify-content:center;gap:12px;background:rgba(0,0,0,.35);font:14px sans-serif';
  const title = document.createElement('span');
  title.textContent = message.title;
  title.style.cssText = 'color:#fff';
  const choose = document.createElement('button');
  choose.textContent = text.choose;
  choose.addEventListener('click', () => input.click());
  const cancel = document.createElement('button');
  cancel.textContent = text.cancel;
  cancel.addEventListener('click', () => finish(null));
  overlay.append(title, choose, cancel);
  document.body.append(overlay);
}

const transport = createSocketTransport({
  url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${SOCKET_PATH}`,
  onState: (state) => void onState(state),
  onControl(message) {
    if (message.t === 'download') download(message);
    else pick(message);
  },
});

Object.defineProperty(window, 'cmppDesk', { value: createDeskApi(transport), enumerable: true });
