// Static checks on the renderer's sources that the browser test cannot see directly.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP_HEADER, CSP_META } from '../../shared/ipc/csp.js';

const root = join(import.meta.dirname, '../..');
const html = readFileSync(join(root, 'renderer/index.html'), 'utf8');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe('renderer/index.html', () => {
  it('carries the production CSP as a meta tag (the header adds frame-ancestors)', () => {
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(CSP_META);
    expect(CSP_HEADER).toBe(`${CSP_META}; frame-ancestors 'none'`);
  });

  it('has no inline script or style attribute handlers', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]![1]).toMatch(/type="module"\s+src="\.\/src\/main\.tsx"/);
    expect(scripts[0]![2]!.trim()).toBe('');
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });
});

describe('the policy', () => {
  it('is strict where it matters', () => {
    const d = Object.fromEntries(CSP_HEADER.split('; ').map((s) => [s.split(' ')[0], s.slice(s.indexOf(' ') + 1)]));
    expect(d['script-src']).toBe("'self'");
    expect(d['default-src']).toBe("'self'");
    expect(d['style-src']).toBe("'self' 'unsafe-inline'");
    expect(d['object-src']).toBe("'none'");
    expect(d['base-uri']).toBe("'none'");
    expect(d['form-action']).toBe("'none'");
    expect(d['frame-ancestors']).toBe("'none'");
    expect(d['connect-src']).toBe("'self'");
    expect(d['img-src']).toBe("'self' data:");
    expect(d['font-src']).toBe("'self' data:");
  });
});

describe('renderer sources', () => {
  it('never use eval, new Function or string timers (script-src has no unsafe-eval)', () => {
    for (const f of files(join(root, 'renderer/src'))) {
      const src = readFileSync(f, 'utf8');
      expect(src, f).not.toMatch(/\beval\s*\(|new\s+Function\s*\(|set(?:Timeout|Interval)\(\s*['"`]/);
      expect(src, f).not.toMatch(/dangerouslySetInnerHTML/);
    }
  });

  it('name a CJK font family in both font stacks', async () => {
    const css = readFileSync(join(root, 'renderer/src/base.css'), 'utf8');
    const { FONT_FAMILY } = await import('../../renderer/src/theme.js');
    for (const family of ['Microsoft YaHei', 'PingFang SC', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC']) {
      expect(css).toContain(`'${family}'`);
      expect(FONT_FAMILY).toContain(`'${family}'`);
    }
  });
});
