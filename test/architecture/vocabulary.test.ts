// One vocabulary, defined once: each rule names a shape of code that belongs to one file, and fails
// when a second copy appears elsewhere in the shipped source (tests excluded). Where a type can make
// a copy fail to compile, the type does it instead; this catches what a type cannot.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const folders = ['electron', 'shared', 'renderer/src'];

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.tsx?$/.test(e.name)) yield p;
  }
}

const files = folders.flatMap((f) => [...sources(join(root, f))]).map((p) => ({
  rel: relative(root, p).split('\\').join('/'),
  text: readFileSync(p, 'utf8'),
}));

interface Rule {
  what: string;
  owner: string;
  re: RegExp;
  /** False when the owner does not need the shape either (the rule only forbids it). */
  present?: false;
  /** Other files allowed to match, each with the reason. */
  except?: Record<string, string>;
}

const rules: Rule[] = [
  {
    what: 'a local date/time text (YYYY-MM-DD HH:mm:ss, YYYYMMDD, YYMMDDHHMM) built from Date fields',
    owner: 'shared/time-format.ts',
    re: /\w\(\s*\w+\.get(UTC)?Month\(\)\s*\+\s*1\)/,
    except: {
      'electron/formats/xlsx-reader.ts': "Excel's wall-clock cells, in a layer that imports nothing of the app",
    },
  },
  { what: 'the campaign state list', owner: 'shared/campaign-state.ts', re: /['"]draft['"]\s*\|\s*['"]running['"]|\[\s*['"]draft['"],\s*['"]running['"]/ },
  {
    what: 'the message "in progress" predicate',
    owner: 'shared/message-state.ts',
    re: /=== 'queued' \|\| \w+(\.state)? === 'submitting'/,
  },
  {
    what: 'the message state list',
    owner: 'shared/message-state.ts',
    re: /['"]queued['"],\s*(\/\/[^\n]*\n\s*)?['"]submitting['"],\s*(\/\/[^\n]*\n\s*)?['"]submitted['"]/,
  },
  {
    what: "an account's default timers (C 180 s, the report wait 48 h)",
    owner: 'shared/account-defaults.ts',
    re: /\b180_?000\b|\b48 \* 3_?600_?000\b|\b172_?800_?000\b/,
  },
  {
    what: 'the FeeType values, or which Registered_Delivery values a version allows',
    owner: 'shared/account-defaults.ts',
    re: /['"]01['"],\s*['"]02['"],\s*['"]03['"]|\[0, 1, 2\]|version === '2\.0' \? 2 : 1/,
  },
  {
    what: "the renderer's time cell (a time or a dash)",
    owner: 'renderer/src/monitor/format.ts',
    re: /=== undefined \? '—' : dateTimeText\(/,
  },
  {
    what: 'a date/time text cut out of toISOString (UTC where the rest of the app says local time)',
    owner: 'shared/time-format.ts',
    re: /toISOString\(\)\.(slice|substring|substr)\(/,
    present: false,
  },
  { what: 'a ring buffer', owner: 'shared/ring-buffer.ts', re: /class\s+\w*Ring\w*\b/ },
  { what: "a report's Done_time made readable", owner: 'shared/time-format.ts', re: /`20\$\{m\[1\]\}-/ },
  { what: 'the table of SUBMIT_RESP Result codes', owner: 'shared/submit-result.ts', re: /\bFEE_CODE_ERROR\b\s*:/ },
  { what: 'the table of CONNECT_RESP Status codes', owner: 'shared/connect-status.ts', re: /\bAUTHENTICATION_ERROR\b\s*:/ },
  {
    what: 'an English wording of SUBMIT_RESP Results',
    owner: 'shared/i18n/en/codes.ts',
    re: /['"](fee code error|Dest_terminal_Id error)['"]/,
  },
  { what: 'a Chinese wording of SUBMIT_RESP Results', owner: 'shared/i18n/zh-CN/codes.ts', re: /['"](资费代码错|流量控制错)['"]/ },
  { what: 'an English wording of Stat values', owner: 'shared/i18n/en/codes.ts', re: /['"](undeliverable|expired before delivery)['"]/ },
  { what: 'a Chinese wording of Stat values', owner: 'shared/i18n/zh-CN/codes.ts', re: /['"](成功送达|无法送达|超过有效期)['"]/ },
  { what: 'a list or table of Stat families (MA:, MB:, ...)', owner: 'shared/stat.ts', re: /['"]MA:?['"],\s*['"]MB:?['"]|\bM[ABC]: \{/ },
  { what: 'the list of Stat values', owner: 'shared/stat.ts', re: /['"]UNDELIV['"],\s*['"]EXPIRED['"]/ },
  { what: 'an English wording of CONNECT_RESP Statuses', owner: 'shared/i18n/en/codes.ts', re: /['"](authentication error|version too high)['"]/ },
  { what: 'a Chinese wording of CONNECT_RESP Statuses', owner: 'shared/i18n/zh-CN/codes.ts', re: /['"](认证错|版本太高)['"]/ },
];

describe('texts come from the catalogues (docs/architecture.md "Texts")', () => {
  it('no source writes a text as an {en, zh} pair: main sends codes, the catalogues word them', () => {
    const pairs = files.filter((f) => /\bzh: *(['"`]|string\b)/.test(f.text)).map((f) => f.rel);
    expect(pairs).toEqual([]);
  });
});

describe('one definition of each vocabulary', () => {
  for (const rule of rules) {
    it(`${rule.what}: only in ${rule.owner}`, () => {
      const where = files.filter((f) => rule.re.test(f.text)).map((f) => f.rel);
      if (rule.present !== false) expect(where).toContain(rule.owner);
      const copies = where.filter((rel) => rel !== rule.owner && !(rule.except && rel in rule.except));
      expect(copies, `second copies of ${rule.what}`).toEqual([]);
    });
  }
});
