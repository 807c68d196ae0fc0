// The browser-mode transport end to end under Node: createDeskApi() over the page socket
// (shared/ipc/socket-transport.ts) to a real server over a real engine (the demo gateway), checked
// against the wrapped invoker ipcMain uses, several pages at once, and files both ways.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeskApi, type DeskApi } from '../../shared/ipc/api.js';
import type { JobProgress } from '../../shared/ipc/contract/jobs.js';
import { createSocketTransport, type ServerMessage, type SocketTransport } from '../../shared/ipc/socket-transport.js';
import { EventBatcher } from '../../electron/ipc/events.js';
import { createHandlerTable } from '../../electron/ipc/handlers.js';
import { createInvoker } from '../../electron/ipc/register.js';
import { until } from '../support/until.js';
import { pageSocket, raw, socketUrl, startTestServer, type TestServer } from './web-fixture.js';

const UPLOAD_LIMIT = 64 * 1024;
let ts: TestServer;
const pages: SocketTransport[] = [];

interface Page {
  api: DeskApi;
  transport: SocketTransport;
  controls: ServerMessage[];
  progress: JobProgress[];
}

function openPage(): Page {
  const controls: ServerMessage[] = [];
  const transport = createSocketTransport({ url: socketUrl(ts.server), WebSocketImpl: pageSocket(ts), onControl: (m) => controls.push(m) });
  pages.push(transport);
  const api = createDeskApi(transport);
  const progress: JobProgress[] = [];
  api.onEvent('data.progress', (batch) => progress.push(...batch.items));
  return { api, transport, controls, progress };
}

function unwrapOk<T>(envelope: { ok: true; value: T } | { ok: false; code: string; message: string }): T {
  if (!envelope.ok) throw new Error(`${envelope.code}: ${envelope.message}`);
  return envelope.value;
}

beforeAll(async () => {
  ts = await startTestServer({ uploadLimitBytes: UPLOAD_LIMIT });
});
afterAll(async () => {
  for (const p of pages) p.close();
  await ts?.close();
});

describe('browser-mode transport', () => {
  it('round-trips the very envelopes of the wrapped invoker ipcMain uses, failures included', async () => {
    const page = openPage();
    const direct = createInvoker(
      createHandlerTable({ info: { name: 'x', version: '0', platform: 'x', versions: { electron: '-', chrome: '-', node: '-' } }, events: new EventBatcher() }),
      () => true,
    );
    const cases: [string, unknown[]][] = [
      ['planner.preview', [{ text: '【测试】您好，这是一条测试短信。' }]],
      ['planner.preview', [{ text: 'x'.repeat(400) }]],
      ['planner.preview', [{ text: 42 }]],
      ['planner.preview', [{ text: 'a', options: { footer: 'y'.repeat(1000) } }]],
      ['planner.preview', [{ text: 'a' }, { extra: true }]],
      ['no.such.channel', []],
    ];
    for (const [channel, args] of cases) {
      const viaSocket = await page.transport.invoke(channel as never, ...args);
      expect(viaSocket, `${channel} ${JSON.stringify(args).slice(0, 40)}`).toEqual(await direct(null, channel, args));
    }
    const invalid = (await page.transport.invoke('planner.preview' as never, { text: 42 })) as { ok: boolean; code?: string };
    expect(invalid).toMatchObject({ ok: false, code: 'invalid-args' });
    // Through the same API object the renderer uses.
    expect(unwrapOk(await page.api.app.info())).toMatchObject({ name: 'CMPP Desk', versions: { node: process.versions.node } });
  });

  it('never names a path of the server machine: the database is shown by its file name', async () => {
    const page = openPage();
    const mode = unwrapOk(await page.api.mode.get());
    expect(mode.dbPath).toBe('demo.db');
    expect(mode.demo?.dbPath).toBe('demo.db');
    expect(JSON.stringify(mode)).not.toContain(ts.dataDir);
  });

  it('pushes the same live events to every ready page; a page that has not said app.ready gets them only when it does', async () => {
    const [a, b, late] = [openPage(), openPage(), openPage()];
    unwrapOk(await a.api.app.ready());
    unwrapOk(await b.api.app.ready());
    await until('three pages connected', () => ts.server.tabs >= 3);
    const groups = unwrapOk(await a.api.contacts.groups());
    const group = groups[0]!;
    const jobKey = 'two-pages';
    const done = unwrapOk(await a.api.contacts.export({ groupId: group.id, format: 'csv', lang: 'en', jobKey }));
    expect(done).not.toBeNull();
    const finished = (p: Page) => p.progress.some((e) => e.jobKey === jobKey && e.phase === 'done');
    await until('both ready pages see the export finish', () => finished(a) && finished(b));
    expect(late.progress).toEqual([]);
    unwrapOk(await late.api.app.ready());
    await until('the late page gets what was queued for it', () => finished(late));
    // The notice of the key-file cipher reached each page once.
    const notices: unknown[] = [];
    const d = openPage();
    d.api.onEvent('app.notice', (batch) => notices.push(...batch.items));
    unwrapOk(await d.api.app.ready());
    await until('the start-up notice', () => notices.length > 0);
    expect(notices).toContainEqual(expect.objectContaining({ code: 'secrets-key-file-browser', level: 'warning' }));
    // The export's file went to the page that asked for it, not to the others.
    expect(a.controls.filter((m) => m.t === 'download')).toHaveLength(1);
    expect(b.controls).toEqual([]);
  });

  it('exports download through a one-time URL that streams the file, named for the user, then removed from disk', async () => {
    const page = openPage();
    unwrapOk(await page.api.app.ready());
    const group = unwrapOk(await page.api.contacts.groups())[0]!;
    const inTemp = () => readdirSync(ts.server.tempDir, { recursive: true }).map(String).filter((f) => f.endsWith('.csv'));
    const earlier = new Set(inTemp());
    const done = unwrapOk(await page.api.contacts.export({ groupId: group.id, format: 'csv', lang: 'zh-CN', jobKey: 'dl' }))!;
    // The result names the file only: no path of the server machine reaches the page.
    expect(done.file).not.toMatch(/[\\/]/);
    expect(done.file).toMatch(/\.csv$/);
    expect(done.rows).toBe(group.size);
    await until('the download message', () => page.controls.some((m) => m.t === 'download'));
    const message = page.controls.find((m) => m.t === 'download') as Extract<ServerMessage, { t: 'download' }>;
    expect(message.name).toBe(done.file);
    const headers = { Cookie: ts.cookie };
    const ours = inTemp().filter((f) => !earlier.has(f));
    expect(ours).toHaveLength(1);
    expect(ours[0]!.endsWith(done.file)).toBe(true);
    const r = await raw(ts.server.port, { path: message.url, headers });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/octet-stream');
    const disposition = String(r.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(/filename\*=UTF-8''(\S+)$/.exec(disposition)![1]!)).toBe(done.file);
    expect(done.file).toMatch(/[\u4e00-\u9fff]/);
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.body.split('\n').filter((l) => /1\d{10}/.test(l))).toHaveLength(group.size);
    await until('the temp file removed after the download', () => !existsSync(join(ts.server.tempDir, ours[0]!)));
    // One time only, and only with the cookie.
    expect((await raw(ts.server.port, { path: message.url, headers })).status).toBe(404);
  });

  it('imports upload the picked file (its name kept, no path shown); over the cap, the pick fails with a clear error and nothing stays', async () => {
    const page = openPage();
    const post = (url: string, body: Buffer, name: string) =>
      raw(ts.server.port, {
        method: 'POST',
        path: url,
        headers: { Cookie: ts.cookie, Origin: ts.server.origin, 'Content-Type': 'application/octet-stream', 'X-File-Name': encodeURIComponent(name), 'Content-Length': String(body.length) },
        body,
      });
    const nextPick = async () => {
      await until('the pick message', () => page.controls.some((m) => m.t === 'pick'));
      const i = page.controls.findIndex((m) => m.t === 'pick');
      return page.controls.splice(i, 1)[0] as Extract<ServerMessage, { t: 'pick' }>;
    };

    const picking = page.api.contacts.pickImportFile();
    const pick = await nextPick();
    expect(pick.accept).toBe('');
    const csv = Buffer.from('手机号,姓名\n13800138000,张三\n13900139000,李四\n', 'utf8');
    expect((await post(pick.uploadUrl, csv, '客户名单.csv')).status).toBe(200);
    const picked = unwrapOk(await picking)!;
    expect(picked).toMatchObject({ name: '客户名单.csv', bytes: csv.length });
    // The same pick cannot be uploaded twice.
    expect((await post(pick.uploadUrl, csv, 'again.csv')).status).toBe(404);

    const cancelled = page.api.contacts.pickImportFile();
    const pick2 = await nextPick();
    page.transport.send({ t: 'pick-cancel', pickId: pick2.pickId });
    expect(unwrapOk(await cancelled)).toBeNull();

    const big = page.api.contacts.pickImportFile();
    const pick3 = await nextPick();
    const before = readdirSync(ts.server.tempDir).length;
    const r = await post(pick3.uploadUrl, Buffer.alloc(UPLOAD_LIMIT + 1, 0x31), 'big.csv');
    expect(r.status).toBe(413);
    expect(r.body).toMatch(/larger than/);
    expect(await big).toMatchObject({ ok: false, code: 'file-too-large' });
    expect(readdirSync(ts.server.tempDir).length).toBe(before);
  });

  it('a page whose socket drops gets its calls answered "disconnected", reconnects, and is ready again', async () => {
    const states: string[] = [];
    const transport = createSocketTransport({ url: socketUrl(ts.server), WebSocketImpl: pageSocket(ts), onState: (s) => states.push(s), retryMs: 20 });
    pages.push(transport);
    const api = createDeskApi(transport);
    const progress: JobProgress[] = [];
    api.onEvent('data.progress', (batch) => progress.push(...batch.items));
    unwrapOk(await api.app.ready());
    // Drop every page's socket from the server side, as a network hiccup would.
    ts.server.dropConnections();
    await until('the page notices', () => states.includes('lost'));
    expect(await api.app.info()).toMatchObject({ ok: false, code: 'disconnected' });
    await until('the page reconnects', () => transport.state === 'open');
    // The page said app.ready before the drop; the transport says it again for the new socket.
    const other = openPage();
    const group = unwrapOk(await other.api.contacts.groups())[0]!;
    unwrapOk(await other.api.contacts.export({ groupId: group.id, format: 'csv', lang: 'en', jobKey: 'after-reconnect' }));
    await until('events after the reconnect', () => progress.some((e) => e.jobKey === 'after-reconnect' && e.phase === 'done'));
    expect(unwrapOk(await api.app.info()).name).toBe('CMPP Desk');
  });
});
