import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Every test process gets a home of its own: a command that falls back to the per-user app
// database (`send` without --db) or a browser profile never reads or writes the machine's.
const home = mkdtempSync(join(tmpdir(), 'cmpp-test-home-'));

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests open real sockets and SQLite files; forks keep native modules isolated.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { HOME: home, XDG_CONFIG_HOME: join(home, '.config') },
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
