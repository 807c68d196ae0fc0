// `contacts import|export` through the real CLI: a GBK file with bad rows (saved, problems listed
// by line), --dry-run, --json, a malformed CSV (one-line error, non-zero exit, nothing saved), the
// export re-imported, and usage errors.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { runContactsCommand } from '../../electron/cli/contacts.js';
import type { CliError } from '../../electron/cli/errors.js';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'cmpp-cli-contacts-'));
const db = join(dir, 'desk.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe('contacts import / export CLI', () => {
  it('imports a GBK CSV, lists each bad row by line, and saves the valid rows', () => {
    const f = file('gbk.csv', iconv.encode('手机号,姓名,城市\r\n13800138000,张三,北京\r\n1380013800,李四,上海\r\n+86 138 0013 8000,王五,广州\r\n13900139000,赵六,深圳\r\n', 'gbk'));
    const r = cli('contacts', 'import', '--db', db, '--group', '老客户', '--file', f);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(CSV, GBK/GB18030, delimiter ",")');
    expect(r.stdout).toContain('columns: number = "手机号" (A), name = "姓名", merge fields: 城市');
    expect(r.stdout).toContain('dedupe rule: Numbers are compared after normalising');
    expect(r.stdout).toContain('rows: 4 read, 2 valid, 1 invalid number(s), 1 duplicate(s) in the file');
    expect(r.stdout).toContain('  line 3: "1380013800" is not a valid mobile number: it is not 11 digits (after +86)');
    expect(r.stdout).toContain('  line 4: 13800138000 is on line 2 too (the first row is used)');
    expect(r.stdout).toContain('saved 2 contact(s) to group "老客户" (new group)');

    // Again with --json: everything is already in the group now.
    const again = cli('contacts', 'import', '--db', db, '--group', '老客户', '--file', f, '--json');
    expect(again.code).toBe(0);
    const json = JSON.parse(again.stdout);
    expect(json).toMatchObject({ dryRun: false, added: 0, createdGroup: false, group: { name: '老客户' }, counts: { rows: 4, valid: 0, alreadyInGroup: 2, invalidNumber: 1, duplicateInFile: 1 } });
    expect(json.issues.map((i: { line: number; problem: string }) => [i.line, i.problem])).toEqual([
      [2, 'already-in-group'],
      [3, 'invalid-number'],
      [4, 'duplicate-in-file'],
      [5, 'already-in-group'],
    ]);
  });

  it('--dry-run previews without saving', () => {
    const f = file('dry.csv', 'mobile\n13700137000\n');
    const r = cli('contacts', 'import', '--db', db, '--group', 'dry', '--file', f, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dry run: nothing saved (group "dry" does not exist yet; it would be created)');
    const e = cli('contacts', 'export', '--db', db, '--group', 'dry', '--out', join(dir, 'dry-out.csv'));
    expect(e.code).toBe(1);
    expect(e.stderr).toBe('error: contact group "dry" does not exist\n');
  });

  it('a malformed CSV is a one-line error with a non-zero exit, and nothing is saved', () => {
    const f = file('bad.csv', 'phone,name\n13600136000,ok\n13600136001,"never closed\n13600136002,x\n');
    const r = cli('contacts', 'import', '--db', db, '--group', 'broken', '--file', f);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: bad.csv line 3: a quoted field starts here and is never closed (unbalanced quotes)\n');
    expect(cli('contacts', 'export', '--db', db, '--group', 'broken', '--out', join(dir, 'b.csv')).code).toBe(1);
  });

  it('exports a group (CSV and XLSX) that re-imports to the same contacts', () => {
    const csv = join(dir, 'vip.csv');
    const x = cli('contacts', 'export', '--db', db, '--group', '老客户', '--out', csv);
    expect(x).toMatchObject({ code: 0, stdout: `exported 2 contact(s) of group "老客户" to ${csv}\n` });
    const xlsx = join(dir, 'vip.xlsx');
    expect(cli('contacts', 'export', '--db', db, '--group', '老客户', '--out', xlsx, '--json').code).toBe(0);
    for (const [name, f] of [['from-csv', csv], ['from-xlsx', xlsx]]) {
      const r = JSON.parse(cli('contacts', 'import', '--db', db, '--group', name!, '--file', f!, '--json').stdout);
      expect(r).toMatchObject({ added: 2, counts: { rows: 2, valid: 2 }, columns: { fields: [{ key: '城市' }] } });
    }
  });

  it('usage errors are one-line CliErrors with exit code 2', async () => {
    const run = (...args: string[]) => runContactsCommand(args).then(() => null, (e: unknown) => e as CliError);
    expect(await run('import', '--db', db, '--group', 'x')).toMatchObject({ exitCode: 2, message: expect.stringMatching(/^--file is required\n/) });
    expect(await run('import', '--db', db, '--group', 'x', '--file', 'f', '--bogus')).toMatchObject({ exitCode: 2, message: 'unknown option --bogus' });
    expect(await run('export', '--db', db, '--group', 'x', '--out', 'a.xlsx', '--format', 'csv')).toMatchObject({ exitCode: 2, message: '--format csv does not match the file name a.xlsx' });
    expect(await run('frobnicate')).toMatchObject({ exitCode: 2, message: expect.stringMatching(/^unknown contacts command 'frobnicate'/) });
    expect(await run('import', '--db', db, '--group', 'x', '--file', join(dir, 'nope.csv'))).toMatchObject({ exitCode: 1, message: expect.stringMatching(/^cannot open .*nope\.csv: ENOENT/) });
    // And through the real process: stderr has the one line, the exit code is 2.
    expect(cli('contacts', 'export', '--db', db, '--group', 'x')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error: --out is required\n/) });
  });
});
