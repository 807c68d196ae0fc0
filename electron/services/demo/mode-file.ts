// Which database the desk opened last (the demo gateway's or the operator's own), remembered in
// <dataDir>/workstation.json so the next start opens the same one.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeskMode } from '../../../shared/ipc/contract/demo.js';

export const MODE_FILE = 'workstation.json';

export function readMode(dataDir: string): DeskMode | null {
  try {
    const v = JSON.parse(readFileSync(join(dataDir, MODE_FILE), 'utf8')) as { mode?: unknown };
    return v.mode === 'demo' || v.mode === 'real' ? v.mode : null;
  } catch {
    return null;
  }
}

export function writeMode(dataDir: string, mode: DeskMode): void {
  const file = join(dataDir, MODE_FILE);
  // Write-then-rename: a crash mid-write never leaves a half file behind.
  writeFileSync(`${file}.tmp`, `${JSON.stringify({ mode }, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}
