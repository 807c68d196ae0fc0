// The key/value settings table (migration 5): JSON text per key, written in one statement each.
import type Database from 'better-sqlite3';

export class SettingsTable {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      get: db.prepare('SELECT value FROM settings WHERE key = ?').pluck(),
      put: db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
    };
  }

  get(key: string): string | undefined {
    return this.s.get.get(key) as string | undefined;
  }

  put(key: string, value: string, now: number): void {
    this.s.put.run(key, value, now);
  }
}
