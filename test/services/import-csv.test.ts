// Contacts import from CSV: encodings (UTF-8 with BOM, GBK, UTF-16), delimiters, the header rule,
// per-row problems (bad numbers, duplicates, already in the group, opted out, malformed rows),
// file-level errors naming the line, and all-or-nothing saves (cancel, changed file, crash).
import { hostname } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { IoError } from '../../electron/formats/io-errors.js';
import { gbk, ioFixture, membersOf, utf8Bom } from './import-export-helpers.js';

const fx = ioFixture('import-csv');
const { store, io } = fx;
afterAll(() => fx.cleanup());

const err = async (p: Promise<unknown>): Promise<IoError> => {
  try {
    await p;
  } catch (e) {
    return e as IoError;
  }
  throw new Error('expected an error');
};

describe('contacts import: CSV encodings and delimiters', () => {
  it('reads UTF-8 with a BOM, finds the 手机号 column, keeps extra columns as merge fields', async () => {
    const f = fx.write('bom.csv', utf8Bom('姓名,手机号,城市,积分\r\n张三,13800138000,北京,10\r\n李四,+86 139-0013-9000,上海,20\r\n'));
    const p = await io.previewContacts(f, { groupName: 'bom' });
    expect(p).toMatchObject({ format: 'csv', encoding: 'UTF-8 + BOM', delimiter: ',', header: ['姓名', '手机号', '城市', '积分'], group: null });
    expect(p.columns).toEqual({
      number: { index: 1, header: '手机号' },
      name: { index: 0, header: '姓名' },
      fields: [
        { index: 2, key: '城市' },
        { index: 3, key: '积分' },
      ],
    });
    expect(p.counts).toMatchObject({ rows: 2, valid: 2, invalidNumber: 0 });
    expect(p.sample.map((r) => [r.line, r.number, r.name, r.status])).toEqual([
      [2, '13800138000', '张三', 'ok'],
      [3, '13900139000', '李四', 'ok'],
    ]);
    expect(store.contacts.findGroup('bom')).toBeNull(); // a preview writes nothing

    const r = await io.importContacts(f, { groupName: 'bom', create: true }, { expectedSha256: p.sha256 });
    expect(r).toMatchObject({ added: 2, createdGroup: true });
    expect(membersOf(store, r.group!.id)).toEqual([
      { number: '13800138000', name: '张三', fields: { 城市: '北京', 积分: '10' } },
      { number: '13900139000', name: '李四', fields: { 城市: '上海', 积分: '20' } },
    ]);
  });

  it('detects a GBK CSV (Excel\'s default save on Chinese Windows) and decodes it', async () => {
    const f = fx.write('gbk.csv', gbk('手机号码,姓名,备注\r\n13700137000,王五,老客户（VIP）\r\n13700137001,赵六,退订过？\r\n'));
    const p = await io.previewContacts(f);
    expect(p.encoding).toBe('GBK/GB18030');
    expect(p.columns.number.header).toBe('手机号码');
    expect(p.sample.map((r) => [r.name, r.fields])).toEqual([
      ['王五', { 备注: '老客户（VIP）' }],
      ['赵六', { 备注: '退订过？' }],
    ]);
  });

  it('reads UTF-8 without a BOM, UTF-16LE with a BOM, semicolons, tabs and Excel\'s sep= line', async () => {
    const plain = await io.previewContacts(fx.write('u8.csv', 'mobile;name\n13600136000;Ann\n13600136001;"Bo; Jr."\n'));
    expect(plain).toMatchObject({ encoding: 'UTF-8', delimiter: ';', counts: { valid: 2 } });
    expect(plain.sample[1]!.name).toBe('Bo; Jr.');
    const u16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Phone\tName\r\n13600136002\t陈七\r\n', 'utf-16le')]);
    const tab = await io.previewContacts(fx.write('u16.txt', u16));
    expect(tab).toMatchObject({ encoding: 'UTF-16LE', delimiter: '\t', counts: { valid: 1 } });
    expect(tab.sample[0]).toMatchObject({ number: '13600136002', name: '陈七' });
    const sep = await io.previewContacts(fx.write('sep.csv', 'sep=;\r\nphone;note\r\n13600136003;a,b\r\nx;y\r\n'));
    expect(sep.delimiter).toBe(';');
    expect(sep.sample[0]).toMatchObject({ line: 3, fields: { note: 'a,b' } });
    expect(sep.issues[0]).toMatchObject({ line: 4, problem: 'invalid-number' });
  });

  it('takes a headerless list of numbers, and the first column when no header is known', async () => {
    const bare = await io.previewContacts(fx.write('bare.csv', '13500135000\n8613500135001,x\n'));
    expect(bare.header).toBeNull();
    // Rows must have as many fields as the first one: the second row is malformed.
    expect(bare.counts).toMatchObject({ rows: 2, valid: 1, malformed: 1 });
    const other = await io.previewContacts(fx.write('other.csv', '客户,备注\n13500135002,好\n'));
    expect(other.columns.number).toEqual({ index: 0, header: '客户' });
    expect(other.warnings[0]?.message).toMatch(/first column \("客户"\) is taken as the number/);
    expect(other.sample[0]).toMatchObject({ number: '13500135002', fields: { 备注: '好' } });
  });
});

describe('contacts import: per-row problems and the dedupe rule', () => {
  it('reports bad numbers, duplicates (after normalising), numbers already in the group and opted-out numbers', async () => {
    const g = store.contacts.createGroup('dedupe');
    for (const _ of store.contacts.addMembers(g.id, [{ number: '13100131000', name: 'old' }]));
    store.optOuts.add('13100131009', 'manual');
    const csv = [
      'phone,name',
      '13100131001,first', // 2 ok
      '+8613100131001,second', // 3 duplicate of line 2
      '1310013100,short', // 4 wrong length
      '1310013100a,letters', // 5 not digits
      '23100131000,landline', // 6 not mobile
      '+1 4155550100,us', // 7 foreign
      ',empty', // 8 empty
      '13100131000,again', // 9 already in the group
      '13100131009,refused', // 10 opted out
      '', // 11 blank line: skipped
      '0086 131 0013 1002,spaced', // 12 ok (normalised)
      ',', // 13 blank row (no text)
    ].join('\r\n');
    const f = fx.write('dedupe.csv', csv);
    const p = await io.previewContacts(f, { groupId: g.id });
    expect(p.counts).toEqual({ rows: 10, valid: 2, malformed: 0, invalidNumber: 5, duplicateInFile: 1, alreadyInGroup: 1, optedOut: 1, blank: 1, notChinaMobile: 2 });
    expect(p.issues.map((i) => [i.line, i.problem, i.phoneProblem ?? null])).toEqual([
      [3, 'duplicate-in-file', null],
      [4, 'invalid-number', 'wrong-length'],
      [5, 'invalid-number', 'not-digits'],
      [6, 'invalid-number', 'not-mobile'],
      [7, 'invalid-number', 'foreign'],
      [8, 'invalid-number', 'empty'],
      [9, 'already-in-group', null],
      [10, 'opted-out', null],
    ]);
    expect(p.issues[0]!.message).toBe('line 3: 13100131001 is on line 2 too (the first row is used)');
    expect(p.issues[1]!.message).toMatch(/^line 4: "1310013100" is not a valid mobile number: it is not 11 digits/);
    expect(p.issues[6]!.message).toMatch(/already in group "dedupe" \(the existing contact is kept\)/);
    expect(p.sample.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 12]);
    expect(p.warnings.some((w) => /2 number\(s\) are outside China Mobile/.test(w.message))).toBe(true); // 131 is China Unicom

    const r = await io.importContacts(f, { groupId: g.id });
    expect(r.added).toBe(2);
    expect(membersOf(store, g.id).map((m) => [m.number, m.name])).toEqual([
      ['13100131000', 'old'],
      ['13100131001', 'first'],
      ['13100131002', 'spaced'],
    ]);
    expect(store.contacts.getGroup(g.id).size).toBe(3);
    const audit = store.audit.recent(5).find((e) => e.action === 'contacts.import');
    expect(audit?.details).toMatchObject({ group: 'dedupe', added: 2, invalidNumber: 5 });
  });

  it('imports opted-out numbers only when asked to', async () => {
    store.optOuts.add('13200132000', 'manual');
    const f = fx.write('optin.csv', 'phone\n13200132000\n');
    expect((await io.previewContacts(f)).counts.optedOut).toBe(1);
    expect((await io.previewContacts(f, undefined, { includeOptedOut: true })).counts).toMatchObject({ valid: 1, optedOut: 0 });
  });

  it('reports ragged rows and text after a closing quote per row, with the line they start on', async () => {
    const csv = 'phone,name,note\n13300133000,"multi\nline name",x\n13300133001,b\n"13300133002"x,c,d\n13300133003,"a ""quoted"" word",e\n13300133004,f,g,h\n';
    const p = await io.previewContacts(fx.write('ragged.csv', csv));
    expect(p.counts).toMatchObject({ rows: 5, valid: 2, malformed: 3 });
    expect(p.issues.map((i) => [i.line, i.problem])).toEqual([
      [4, 'malformed-row'],
      [5, 'malformed-row'],
      [7, 'malformed-row'],
    ]);
    expect(p.issues[0]!.message).toBe('line 4: 2 field(s), but the header has 3 (a stray delimiter or a line break outside quotes?)');
    expect(p.issues[1]!.message).toBe('line 5: text after a closing quote in field 1');
    expect(p.sample.find((r) => r.line === 2)).toMatchObject({ name: 'multi\nline name' });
    expect(p.sample.find((r) => r.line === 6)).toMatchObject({ name: 'a "quoted" word' });
  });

  it('keeps the bytes that are not GBK text visible as a per-row problem', async () => {
    const bad = Buffer.concat([gbk('phone,name\n13400134000,好\n13400134001,'), Buffer.from([0xff, 0xff]), Buffer.from('\n')]);
    const p = await io.previewContacts(fx.write('badgbk.csv', bad));
    expect(p.encoding).toBe('GBK/GB18030');
    expect(p.issues).toMatchObject([{ line: 3, problem: 'undecodable' }]);
  });
});

describe('contacts import: file-level errors, nothing half-written', () => {
  it('refuses a CSV with an unbalanced quote, naming the line, and writes nothing', async () => {
    const csv = 'phone,name\n13500000001,a\n13500000002,"never closed\n13500000003,c\n13500000004,d\n';
    const f = fx.write('unbalanced.csv', csv);
    const e = await err(io.importContacts(f, { groupName: 'unbalanced', create: true }, { chunkSize: 1 }));
    expect(e).toBeInstanceOf(IoError);
    expect(e.code).toBe('malformed-file');
    expect(e.message).toBe('unbalanced.csv line 3: a quoted field starts here and is never closed (unbalanced quotes)');
    // The first chunk (line 2) had been written: the import rolled it back and removed its new group.
    expect(store.contacts.findGroup('unbalanced')).toBeNull();
    expect(store.leases.get('contacts-import:1')).toBeNull();
  });

  it('refuses missing, empty, binary and legacy .xls files with a clear error', async () => {
    expect((await err(io.previewContacts(fx.file('missing.csv')))).code).toBe('not-found');
    expect((await err(io.previewContacts(fx.write('empty.csv', '')))).message).toBe('empty.csv is empty');
    expect((await err(io.previewContacts(fx.write('bin.csv', Buffer.from([0x31, 0x00, 0x32, 0x00]))))).code).toBe('unsupported-format');
    const xls = fx.write('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    expect((await err(io.previewContacts(xls))).message).toMatch(/legacy Excel \.xls file: save it as \.xlsx or CSV/);
  });

  it('refuses a file changed since its preview before writing anything', async () => {
    const f = fx.write('changed.csv', 'phone\n13600000001\n');
    const p = await io.previewContacts(f);
    fx.write('changed.csv', 'phone\n13600000001\n13600000002\n');
    const e = await err(io.importContacts(f, { groupName: 'changed', create: true }, { expectedSha256: p.sha256 }));
    expect(e.code).toBe('file-changed');
    expect(store.contacts.findGroup('changed')).toBeNull();
  });

  it('rolls a cancelled import back, leaving the group exactly as before', async () => {
    const g = store.contacts.createGroup('cancel');
    for (const _ of store.contacts.addMembers(g.id, [{ number: '13700000000', name: 'kept' }]));
    const lines = ['phone'];
    for (let i = 1; i <= 5000; i++) lines.push(String(13700000000 + i));
    const f = fx.write('cancel.csv', lines.join('\n'));
    const controller = new AbortController();
    const e = await err(
      io.importContacts(f, { groupId: g.id }, {
        chunkSize: 500,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.added >= 1000) controller.abort();
        },
      }),
    );
    expect(e.code).toBe('cancelled');
    expect(membersOf(store, g.id)).toEqual([{ number: '13700000000', name: 'kept', fields: {} }]);
    expect(store.contacts.getGroup(g.id).size).toBe(1);
    expect(io.importInProgress(g.id)).toBe(false);
    // The group takes a new import afterwards.
    expect((await io.importContacts(f, { groupId: g.id })).added).toBe(5000);
  });

  it('rolls back an import a crash left half-written (its lease names a dead process)', async () => {
    const g = store.contacts.createGroup('crashed');
    for (const _ of store.contacts.addMembers(g.id, [{ number: '13800000000', name: 'before' }]));
    // What a killed import leaves: its lease (journal) and the chunks it had committed.
    const stamp = 1_700_000_000_123;
    const after = store.contacts.maxContactId();
    const holder = JSON.stringify({ host: hostname().slice(0, 60), pid: 2 ** 22 + 12345, token: 'dead', after, at: stamp, created: false });
    store.leases.acquire(`contacts-import:${g.id}`, holder, 120_000);
    store.contacts.insertImported(g.id, [{ number: '13800000001' }, { number: '13800000002' }], stamp);
    expect(store.contacts.getGroup(g.id).size).toBe(3);
    expect(io.importInProgress(g.id)).toBe(false); // its holder is dead: nothing is running, a rollback is due

    expect(await io.recoverInterruptedImports()).toEqual([g.id]);
    expect(membersOf(store, g.id).map((m) => m.number)).toEqual(['13800000000']);
    expect(store.contacts.getGroup(g.id).size).toBe(1);
    expect(store.leases.get(`contacts-import:${g.id}`)).toBeNull();
  });

  it('refuses a second import into a group while one is running', async () => {
    const g = store.contacts.createGroup('busy');
    // A live holder: this test runner's parent process, lease unexpired.
    const holder = JSON.stringify({ host: hostname().slice(0, 60), pid: process.ppid, token: 'live', after: 0, at: 1, created: false });
    store.leases.acquire(`contacts-import:${g.id}`, holder, 120_000);
    const e = await err(io.importContacts(fx.write('busy.csv', 'phone\n13900000001\n'), { groupId: g.id }));
    expect(e.code).toBe('busy');
    expect(e.message).toMatch(/another import into group "busy" is running/);
    store.leases.release(`contacts-import:${g.id}`, holder);
  });

  it('does not create a group when no row is valid', async () => {
    const r = await io.importContacts(fx.write('none.csv', 'phone\nabc\n'), { groupName: 'never', create: true });
    expect(r).toMatchObject({ group: null, added: 0, createdGroup: false, counts: { rows: 1, invalidNumber: 1 } });
    expect(store.contacts.findGroup('never')).toBeNull();
  });
});
