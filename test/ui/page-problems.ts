// What a page must never produce, collected for the browser tests to assert empty: console errors,
// uncaught page errors and Content-Security-Policy violations (reported by the page itself through
// its `securitypolicyviolation` event, as no browser log names them all).
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Starts collecting on a page before its first navigation; `into` fills as problems occur. */
export async function collectProblems(page: Page, into: string[] = []): Promise<string[]> {
  const problems = into;
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.exposeFunction('__cspViolation', (v: unknown) => problems.push(`CSP violation: ${JSON.stringify(v)}`));
  await page.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (e) =>
        (window as unknown as { __cspViolation(v: unknown): void }).__cspViolation({
          directive: e.violatedDirective,
          blocked: e.blockedURI,
          sample: e.sample,
          at: `${e.sourceFile}:${e.lineNumber}`,
        }),
      true,
    );
  });
  return problems;
}

/**
 * Injects what an attacker's markup would (an inline script, an inline event handler, a script
 * from another origin) into the loaded page: none may run, and each must be reported as a CSP
 * violation into `problems` (collected by collectProblems).
 */
export async function expectPolicyEnforced(page: Page, problems: string[]): Promise<void> {
  // (eval cannot be probed from here: code injected over CDP is exempt from the page's CSP.)
  const ran = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    const inline = document.createElement('script');
    inline.textContent = 'window.__inlineRan = true';
    document.head.append(inline);
    const img = document.createElement('img');
    img.setAttribute('onerror', 'window.__attrRan = true');
    img.src = 'data:,not-an-image';
    document.body.append(img);
    const foreign = document.createElement('script');
    foreign.src = 'http://127.0.0.1:9/evil.js';
    document.head.append(foreign);
    return { inline: w.__inlineRan === true };
  });
  expect(ran).toEqual({ inline: false });
  await expect.poll(() => problems.filter((p) => p.startsWith('CSP violation')).length).toBeGreaterThanOrEqual(3);
  expect(problems.some((p) => p.includes('"directive":"script-src-elem"') && p.includes('"blocked":"inline"'))).toBe(true);
  expect(problems.some((p) => p.includes('"directive":"script-src-attr"'))).toBe(true);
  expect(problems.some((p) => p.includes('evil.js'))).toBe(true);
  expect(await page.evaluate(() => (window as unknown as Record<string, unknown>).__attrRan)).toBeUndefined();
}
