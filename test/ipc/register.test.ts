import { describe, expect, it } from 'vitest';
import { createHandlerTable } from '../../electron/ipc/handlers.js';
import { createInvoker, registerHandlers, type HandlerTable } from '../../electron/ipc/register.js';
import { createSenderCheck, type SenderEventLike } from '../../electron/ipc/sender.js';
import { PlanError } from '../../electron/sms/plan-error.js';
import { planMessage } from '../../electron/sms/planner.js';
import { INVOKE_CHANNELS } from '../../shared/ipc/channels.js';
import { IpcFailure } from '../../shared/ipc/envelope.js';
import { eventFrom, FakeIpcMain, fakeWindow } from './fakes.js';

const info = {
  name: 'CMPP Desk',
  version: '0.0.0-test',
  platform: 'linux',
  versions: { electron: '0', chrome: '0', node: process.versions.node },
};

function setup(overrides: Partial<HandlerTable> = {}) {
  const win = fakeWindow();
  const ready: boolean[] = [];
  const table = { ...createHandlerTable({ info, events: { setReady: (r) => ready.push(r) } }), ...overrides };
  const ipc = new FakeIpcMain<SenderEventLike>();
  const internal: unknown[] = [];
  const dispose = registerHandlers(ipc, table, createSenderCheck(() => win), { onInternalError: (_c, e) => internal.push(e) });
  return { win, ipc, ready, internal, dispose, trusted: eventFrom(win) };
}

describe('registerHandlers', () => {
  it('registers exactly one handler per contract channel and removes them all', () => {
    const { ipc, dispose } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    dispose();
    expect(ipc.handlers.size).toBe(0);
  });

  it('answers with an ok envelope', async () => {
    const { ipc, trusted, ready } = setup();
    expect(await ipc.invoke(trusted, 'app.info')).toEqual({ ok: true, value: { ...info, locale: 'zh-CN' } });
    expect(await ipc.invoke(trusted, 'app.setLocale', 'en')).toEqual({ ok: true, value: 'en' });
    expect(await ipc.invoke(trusted, 'app.info')).toMatchObject({ ok: true, value: { locale: 'en' } });
    expect(await ipc.invoke(trusted, 'app.ready')).toEqual({ ok: true, value: null });
    expect(ready).toEqual([true]);
  });

  it('planner.preview returns exactly what planMessage computes, as plain JSON', async () => {
    const { ipc, trusted } = setup();
    const text = '您好，这是一条测试短信。'.repeat(12);
    const options = { signature: '【测试】', gatewayFooter: '回T退订', udhRefBits: 16 as const };
    const result = await ipc.invoke(trusted, 'planner.preview', { text, options });
    expect(result).toEqual({ ok: true, value: planMessage(text, options) });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('rejects calls from other frames, other webContents, other origins and dead frames', async () => {
    const { ipc, win } = setup();
    const foreignFrame = { url: 'app://desk/index.html' };
    const cases: SenderEventLike[] = [
      { sender: win.webContents, senderFrame: foreignFrame }, // a subframe, same URL
      { sender: { id: 2 }, senderFrame: win.mainFrame }, // another webContents
      { sender: win.webContents, senderFrame: null }, // frame navigated or destroyed
    ];
    for (const event of cases) {
      expect(await ipc.invoke(event, 'app.info')).toEqual({
        ok: false,
        code: 'forbidden-sender',
        message: 'app.info: call rejected, it did not come from the application window',
      });
    }
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'not a url']) {
      win.mainFrame.url = url;
      expect(await ipc.invoke(eventFrom(win), 'app.ready')).toMatchObject({ ok: false, code: 'forbidden-sender' });
    }
  });

  it('rejects calls while there is no window', async () => {
    const ipc = new FakeIpcMain<SenderEventLike>();
    const win = fakeWindow();
    registerHandlers(ipc, createHandlerTable({ info, events: { setReady() {} } }), createSenderCheck(() => null));
    expect(await ipc.invoke(eventFrom(win), 'app.info')).toMatchObject({ ok: false, code: 'forbidden-sender' });
  });

  it('validates every argument before the handler runs', async () => {
    let calls = 0;
    const { ipc, trusted } = setup({
      'planner.preview': (a) => {
        calls++;
        return planMessage(a.text, a.options);
      },
    });
    // Each refusal carries its rule as data (shared/error-detail.ts) beside main's English message.
    const bad: [string, unknown[], string, string][] = [
      ['planner.preview', [], 'planner.preview: expected an object, got undefined', 'expected-object'],
      ['planner.preview', [{ text: 'x'.repeat(5001) }], 'planner.preview.text: at most 5000 characters allowed, got 5001', 'too-long'],
      ['planner.preview', [{ text: 'hi', extra: 1 }], 'planner.preview.extra: unknown field', 'unknown-field'],
      ['planner.preview', [{ text: 'hi', options: { encoding: 'utf8' } }], 'planner.preview.options.encoding: must be one of "auto", "ascii", "ucs2", "gbk", got "utf8"', 'not-in-set'],
      ['planner.preview', [{ text: 'hi', options: { udhRefBits: 32 } }], 'planner.preview.options.udhRefBits: must be one of 8, 16, got 32', 'not-in-set'],
      ['planner.preview', [{ text: 'hi', options: { maxSegments: 0 } }], 'planner.preview.options.maxSegments: must be between 1 and 255, got 0', 'out-of-range'],
      ['planner.preview', [{ text: 'hi', options: { maxSegments: 2.5 } }], 'planner.preview.options.maxSegments: expected an integer, got 2.5', 'expected-integer'],
      ['planner.preview', [{ text: 'hi', options: { signature: '签'.repeat(41) } }], 'planner.preview.options.signature: at most 40 characters allowed, got 41', 'too-long'],
      ['planner.preview', [{ text: 'hi', options: { gatewayFooter: 7 } }], 'planner.preview.options.gatewayFooter: expected a string, got number', 'expected-string'],
      ['planner.preview', [{ text: 'hi', options: { signaturePosition: 'middle' } }], 'planner.preview.options.signaturePosition: must be one of "prefix", "suffix", got "middle"', 'not-in-set'],
      // The planner accepts `reference`, but the renderer has no business choosing it.
      ['planner.preview', [{ text: 'hi', options: { reference: 3 } }], 'planner.preview.options.reference: unknown field', 'unknown-field'],
      ['planner.preview', [{ text: 'hi' }, 'second'], 'planner.preview: takes at most one argument, got 2', 'too-many-arguments'],
      ['app.setLocale', ['fr'], 'app.setLocale: must be one of "zh-CN", "en", got "fr"', 'not-in-set'],
      ['app.info', [{}], 'app.info: takes no argument', 'takes-no-argument'],
    ];
    for (const [channel, args, message, rule] of bad) {
      const r = await ipc.invoke(trusted, channel, ...args);
      expect(r, `${channel} ${JSON.stringify(args)}`).toMatchObject({ ok: false, code: 'invalid-args', message });
      expect((r as { detail?: { code: string } }).detail?.code, `${channel} ${JSON.stringify(args)}`).toBe(rule);
    }
    expect(calls).toBe(0);
  });

  it('passes the code of a service error through (the planner\'s PlanError)', async () => {
    // Validated arguments keep the real planner inside its limits, so the error is thrown by hand.
    const { ipc, trusted, internal } = setup({
      'planner.preview': () => {
        throw new PlanError('footer-too-long', 'the gateway footer takes 67 of the 67 units of a segment');
      },
    });
    expect(await ipc.invoke(trusted, 'planner.preview', { text: 'hi' })).toEqual({
      ok: false,
      code: 'footer-too-long',
      message: 'the gateway footer takes 67 of the 67 units of a segment',
    });
    expect(internal).toEqual([]);
  });

  it('turns thrown IpcFailures into their code and unexpected errors into "internal"', async () => {
    const { ipc, trusted, internal } = setup({
      'app.info': () => {
        throw new IpcFailure('not-available', 'no account yet');
      },
      'app.setLocale': () => {
        throw new TypeError('boom');
      },
      'app.ready': () => Promise.reject('a string'),
    });
    expect(await ipc.invoke(trusted, 'app.info')).toEqual({ ok: false, code: 'not-available', message: 'no account yet' });
    expect(await ipc.invoke(trusted, 'app.setLocale', 'en')).toEqual({ ok: false, code: 'internal', message: 'app.setLocale failed: boom' });
    expect(await ipc.invoke(trusted, 'app.ready')).toEqual({ ok: false, code: 'internal', message: 'app.ready failed: a string' });
    expect(internal).toHaveLength(2);
  });

  it('refuses results that would not survive IPC unchanged', async () => {
    const unsafe: unknown[] = [
      { msgId: 12345678901234567890n },
      { bytes: Buffer.from('hi') },
      { when: new Date(0) },
      { list: [1, undefined] },
      { n: Number.NaN },
      { f: () => 1 },
    ];
    for (const value of unsafe) {
      const { ipc, trusted, internal } = setup({ 'app.info': () => value as never });
      const result = (await ipc.invoke(trusted, 'app.info')) as { ok: boolean; code: string; message: string };
      expect(result.ok).toBe(false);
      expect(result.code).toBe('unsafe-result');
      expect(result.message).toMatch(/^app\.info\./);
      expect(internal).toHaveLength(1);
    }
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const { ipc, trusted } = setup({ 'app.info': () => circular as never });
    expect(await ipc.invoke(trusted, 'app.info')).toMatchObject({ ok: false, code: 'unsafe-result', message: 'app.info.self is a circular reference' });
  });

  it('the shared invoker rejects channels that are not in the contract', async () => {
    const win = fakeWindow();
    const invoke = createInvoker(createHandlerTable({ info, events: { setReady() {} } }), createSenderCheck(() => win));
    expect(await invoke(eventFrom(win), 'fs.readFile', ['/etc/passwd'])).toEqual({
      ok: false,
      code: 'invalid-args',
      message: 'unknown channel "fs.readFile"',
      detail: { code: 'unknown-channel', params: { channel: 'fs.readFile' } },
    });
    expect(await invoke(eventFrom(win), 'toString', [])).toMatchObject({ ok: false, code: 'invalid-args' });
  });
});
