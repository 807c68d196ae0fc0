import { describe, expect, it } from 'vitest';
import { createHandlerTable } from '../../electron/ipc/handlers.js';
import { planMessage } from '../../electron/sms/planner.js';

const info = { name: 'CMPP Desk', version: '1.2.3', platform: 'win32', versions: { electron: '45', chrome: '142', node: '22' } };

describe('createHandlerTable', () => {
  it('app.info reports the locale, Simplified Chinese by default', async () => {
    const table = createHandlerTable({ info, events: { setReady() {} } });
    expect(await table['app.info']()).toEqual({ ...info, locale: 'zh-CN' });
    const en = createHandlerTable({ info, events: { setReady() {} }, initialLocale: 'en' });
    expect((await en['app.info']()).locale).toBe('en');
  });

  it('app.setLocale changes what app.info says and tells main', async () => {
    const changes: string[] = [];
    const table = createHandlerTable({ info, events: { setReady() {} }, onLocaleChange: (l) => changes.push(l) });
    expect(await table['app.setLocale']('en')).toBe('en');
    expect((await table['app.info']()).locale).toBe('en');
    expect(changes).toEqual(['en']);
  });

  it('app.ready opens the event gate', async () => {
    const ready: boolean[] = [];
    const table = createHandlerTable({ info, events: { setReady: (r) => ready.push(r) } });
    expect(await table['app.ready']()).toBeNull();
    expect(ready).toEqual([true]);
  });

  it('planner.preview is the planner', async () => {
    const table = createHandlerTable({ info, events: { setReady() {} } });
    const text = 'Hello “world” 😀';
    expect(await table['planner.preview']({ text })).toEqual(planMessage(text));
    expect(await table['planner.preview']({ text, options: { encoding: 'gbk', signature: '【签名】', signaturePosition: 'suffix' } })).toEqual(
      planMessage(text, { encoding: 'gbk', signature: '【签名】', signaturePosition: 'suffix' }),
    );
  });
});
