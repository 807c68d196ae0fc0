// The support log file: line format, levels, redaction, rotation, and that the log never throws
// into or blocks its caller (a full disk, a folder that cannot exist, a closed log).
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSupportLog, supportLogDir, type FileSupportLog } from '../../../electron/services/support/support-log-file.js';
import { childLog, nullSupportLog } from '../../../electron/services/support/support-log.js';

const dirs: string[] = [];
const logs: FileSupportLog[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'support-log-'));
  dirs.push(d);
  return d;
}
function open(dir: string, opts: Parameters<typeof openSupportLog>[1] = {}): FileSupportLog {
  const log = openSupportLog(dir, opts);
  logs.push(log);
  return log;
}
afterEach(async () => {
  await Promise.all(logs.splice(0).map((l) => l.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
const LINE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d) (ERROR|WARN |INFO |DEBUG) \[(\d+)\] (\S+)(?: (\{.*\}))?$/;

describe('support log file', () => {
  it('writes one line per entry: local time with offset, level, pid, event, fields and error as JSON', async () => {
    const dir = tmp();
    const log = open(dir);
    log.info('campaign-start', { campaign: 3, messages: 3000, id: 12n });
    const err = new Error('database is locked');
    (err as Error & { code: string }).code = 'SQLITE_BUSY';
    log.error('pump-claim', { account: 'gw1' }, err);
    log.debug('not-written');
    await log.flush();
    expect(log.file).toBe(join(supportLogDir(dir), 'desk.log'));
    const [a, b, ...rest] = lines(log.file);
    expect(rest).toEqual([]);
    const ma = LINE.exec(a!)!;
    expect(ma).not.toBeNull();
    const offsetMin = -new Date().getTimezoneOffset();
    const sign = offsetMin >= 0 ? '+' : '-';
    expect(ma[1]!.endsWith(`${sign}${String(Math.floor(Math.abs(offsetMin) / 60)).padStart(2, '0')}:${String(Math.abs(offsetMin) % 60).padStart(2, '0')}`)).toBe(true);
    expect(ma[2]).toBe('INFO ');
    expect(ma[3]).toBe(String(process.pid));
    expect(ma[4]).toBe('campaign-start');
    expect(JSON.parse(ma[5]!)).toEqual({ campaign: 3, messages: 3000, id: '12' });
    const mb = LINE.exec(b!)!;
    expect(mb[2]).toBe('ERROR');
    const body = JSON.parse(mb[5]!) as { account: string; error: { message: string; code: string; stack: string } };
    expect(body.account).toBe('gw1');
    expect(body.error.message).toBe('database is locked');
    expect(body.error.code).toBe('SQLITE_BUSY');
    expect(body.error.stack).toContain('support-log.test.ts');
  });

  it('filters by level; the level is saved for the next start in the same folder', async () => {
    const dir = tmp();
    const log = open(dir, { level: 'warn' });
    log.info('hidden');
    log.warn('shown');
    log.setLevel('debug');
    log.debug('now-shown');
    await log.close();
    const events = lines(log.file).map((l) => LINE.exec(l)![4]);
    expect(events).toEqual(['shown', 'log-level', 'now-shown']);
    expect(open(dir).level).toBe('debug');
    expect(open(tmp()).level).toBe('info');
  });

  it('child logs add their fields; childLog wraps a log without children', async () => {
    const log = open(tmp());
    childLog(log.child({ account: 'gw1' }), { slot: 0 }).warn('connection-closed', { reason: 'peer closed' });
    const seen: unknown[] = [];
    const bare = { error: () => {}, warn: () => {}, info: (e: string, f?: unknown) => seen.push([e, f]), debug: () => {} };
    childLog(bare, { a: 1 }).info('x', { b: 2 });
    childLog(nullSupportLog, { a: 1 }).info('ignored');
    expect(nullSupportLog.child?.({})).toBe(nullSupportLog);
    await log.flush();
    expect(JSON.parse(LINE.exec(lines(log.file)[0]!)![5]!)).toEqual({ account: 'gw1', slot: 0, reason: 'peer closed' });
    expect(seen).toEqual([['x', { a: 1, b: 2 }]]);
  });

  it('never writes a secret, and message text only at debug (scanning the file)', async () => {
    const secret = 'S3cr3t-Kw9#';
    const text = '【某某公司】会员日专享';
    const dir = tmp();
    const log = open(dir);
    const fields = { account: 'gw1', secret, password: secret, sharedSecret: secret, nested: { authenticatorSource: secret, text }, text, content: text, msgContent: Buffer.from(text) };
    log.info('at-info', fields);
    log.setLevel('debug');
    log.debug('at-debug', fields);
    await log.close();
    const file = readFileSync(log.file, 'utf8');
    expect(file).not.toContain(secret);
    expect(file).not.toContain(Buffer.from(secret).toString('hex'));
    expect(file).not.toContain(Buffer.from(secret).toString('base64'));
    const [info, , debug] = lines(log.file).map((l) => JSON.parse(LINE.exec(l)![5]!) as Record<string, unknown>);
    expect(info).toMatchObject({ account: 'gw1', secret: '[redacted]', text: '[redacted]', content: '[redacted]', nested: { text: '[redacted]' } });
    expect(JSON.stringify(info)).not.toContain('会员日');
    expect(debug).toMatchObject({ secret: '[redacted]', password: '[redacted]', text, content: text, msgContent: `[${Buffer.byteLength(text)} bytes]` });
  });

  it('rotates by size, keeping at most maxFiles files', async () => {
    const log = open(tmp(), { maxBytes: 2000, maxFiles: 3 });
    for (let i = 0; i < 200; i++) {
      log.info('filler', { i, pad: 'x'.repeat(50) });
      if (i % 20 === 0) await log.flush();
    }
    await log.flush();
    const files = readdirSync(log.dir).sort();
    expect(files).toEqual(['desk.1.log', 'desk.2.log', 'desk.log']);
    for (const f of files) expect(readFileSync(join(log.dir, f)).length).toBeLessThanOrEqual(2000);
    const last = lines(log.file).at(-1)!;
    expect(JSON.parse(LINE.exec(last)![5]!)).toMatchObject({ i: 199 });
  });

  it('after another process rotated the file away, writes to the new file at the path', async () => {
    const log = open(tmp());
    log.info('first');
    await log.flush();
    renameSync(log.file, join(log.dir, 'desk.1.log'));
    log.info('second');
    await log.flush();
    expect(lines(log.file).map((l) => LINE.exec(l)![4])).toEqual(['second']);
  });

  it('a full disk loses log lines, never the caller: writing resumes and says how many were lost', async () => {
    const log = open(tmp());
    log.info('before');
    await log.flush();
    rmSync(log.file);
    symlinkSync('/dev/full', log.file);
    for (let i = 0; i < 5; i++) expect(() => log.error('during-full', { i }, new Error('x'))).not.toThrow();
    await log.flush();
    expect(log.dropped).toBe(5);
    rmSync(log.file);
    log.info('after');
    await log.flush();
    const got = lines(log.file).map((l) => LINE.exec(l)!);
    expect(got.map((m) => m[4])).toEqual(['log-lines-dropped', 'after']);
    expect(JSON.parse(got[0]![5]!)).toEqual({ count: 5 });
  });

  it('a folder that cannot be created gives a log that counts lost lines and never throws', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'logs'), 'a file where the folder would be');
    const log = open(dir);
    expect(() => log.info('x', { circular: (() => { const o: Record<string, unknown> = {}; o.self = o; return o; })() })).not.toThrow();
    expect(() => log.setLevel('debug')).not.toThrow();
    await log.close();
    expect(log.dropped).toBeGreaterThan(0);
    expect(() => log.info('after-close')).not.toThrow();
  });

  it('hold keeps entries in memory and creates nothing until release; close while held drops them', async () => {
    const dir = tmp();
    const held = open(dir, { hold: true });
    held.info('kept');
    await held.flush();
    expect(existsSync(supportLogDir(dir))).toBe(false);
    held.release();
    await held.flush();
    expect(lines(held.file).map((l) => LINE.exec(l)![4])).toEqual(['kept']);

    const dir2 = tmp();
    const dropped = open(dir2, { hold: true, name: 'cli' });
    dropped.info('never');
    await dropped.close();
    expect(existsSync(supportLogDir(dir2))).toBe(false);
  });

  it('bounds entries: long strings cut, deep objects summarised, the queue capped', async () => {
    const log = open(tmp(), { maxQueuedBytes: 64 * 1024 });
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 50; i++) deep = (deep.next = {}) as Record<string, unknown>;
    log.info('big', { name: 'n'.repeat(100_000), root, list: Array.from({ length: 500 }, (_, i) => i) });
    for (let i = 0; i < 1000; i++) log.info('flood', { pad: 'y'.repeat(1000) });
    await log.flush();
    const first = lines(log.file).find((l) => l.includes('] big '))!;
    expect(first.length).toBeLessThan(20_000);
    expect(first).toContain('(100000 chars)');
    expect(log.dropped).toBeGreaterThan(0);
  });
});
