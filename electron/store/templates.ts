// Message templates with merge fields written {name}; rendering happens where the text is planned.
import type Database from 'better-sqlite3';
import { conflict, notFound } from './errors.js';
import { checkText } from './validate.js';
import { detail } from '../../shared/error-detail.js';

export interface Template {
  id: number;
  name: string;
  text: string;
  createdAt: number;
  updatedAt: number;
}

/** The merge fields a text uses, in order of first use: "{name}, 你好 {name}{city}" -> ["name", "city"]. */
export function mergeFieldsOf(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(/\{([^{}\s]+)\}/g)) seen.add(m[1]!);
  return [...seen];
}

const select = 'SELECT id, name, text, created_at AS createdAt, updated_at AS updatedAt FROM templates';

export class Templates {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      insert: db.prepare('INSERT INTO templates (name, text, created_at, updated_at) VALUES (?, ?, ?, ?)'),
      byId: db.prepare(`${select} WHERE id = ?`),
      byName: db.prepare(`${select} WHERE name = ?`),
      all: db.prepare(`${select} ORDER BY name`),
      update: db.prepare('UPDATE templates SET name = ?, text = ?, updated_at = ? WHERE id = ?'),
      del: db.prepare('DELETE FROM templates WHERE id = ?'),
    };
  }

  create(name: string, text: string, now = Date.now()): Template {
    checkText(name, 'template name', 1, 100);
    checkText(text, 'template text', 1, 10_000);
    if (this.s.byName.get(name)) throw conflict(`a template named "${name}" already exists`, detail('template-name-taken', 'name', { name }));
    return this.get(Number(this.s.insert.run(name, text, now, now).lastInsertRowid));
  }

  get(id: number): Template {
    const t = this.s.byId.get(id) as Template | undefined;
    if (!t) throw notFound(`template ${id} does not exist`);
    return t;
  }

  findByName(name: string): Template | null {
    return (this.s.byName.get(name) as Template | undefined) ?? null;
  }

  list(): Template[] {
    return this.s.all.all() as Template[];
  }

  update(id: number, patch: { name?: string; text?: string }, now = Date.now()): Template {
    const t = this.get(id);
    const name = patch.name ?? t.name;
    const text = patch.text ?? t.text;
    checkText(name, 'template name', 1, 100);
    checkText(text, 'template text', 1, 10_000);
    const other = this.findByName(name);
    if (other && other.id !== id) throw conflict(`a template named "${name}" already exists`, detail('template-name-taken', 'name', { name }));
    this.s.update.run(name, text, now, id);
    return this.get(id);
  }

  /** Campaigns keep their own text snapshot, so deleting a template never changes what was sent. */
  remove(id: number): void {
    if (this.s.del.run(id).changes === 0) throw notFound(`template ${id} does not exist`);
  }
}
