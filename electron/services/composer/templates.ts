// Message templates as the Composer's Templates tab and the CLI's `template` command use them:
// listed with their merge fields, created, edited and deleted, each change audited. Campaigns keep
// their own copy of the text, so editing or deleting a template never changes what was sent.
import type { Store } from '../../store/store.js';
import { mergeFieldsOf, type Template } from '../../store/templates.js';

export interface TemplateView extends Template {
  /** The merge fields the text uses, in order of first use ({姓名} -> "姓名"). */
  fields: string[];
}

export interface TemplateOwner {
  store: Pick<Store, 'templates' | 'audit'>;
  actor: string;
  now(): number;
}

export function templateView(t: Template): TemplateView {
  return { ...t, fields: mergeFieldsOf(t.text) };
}

export function listTemplates(ws: TemplateOwner): TemplateView[] {
  return ws.store.templates.list().map(templateView);
}

/** A template by id, or by its exact name (the CLI takes either). */
export function findTemplate(ws: TemplateOwner, ref: string | number): TemplateView | null {
  const byName = typeof ref === 'string' ? ws.store.templates.findByName(ref) : null;
  if (byName) return templateView(byName);
  const id = typeof ref === 'number' ? ref : /^\d+$/.test(ref) ? Number(ref) : NaN;
  if (!Number.isSafeInteger(id)) return null;
  try {
    return templateView(ws.store.templates.get(id));
  } catch {
    return null;
  }
}

export function createTemplate(ws: TemplateOwner, input: { name: string; text: string }): TemplateView {
  const t = ws.store.templates.create(input.name.trim(), input.text, ws.now());
  ws.store.audit.append({ actor: ws.actor, action: 'template.create', templateId: t.id, details: { name: t.name } });
  return templateView(t);
}

export function editTemplate(ws: TemplateOwner, id: number, patch: { name?: string; text?: string }): TemplateView {
  const t = ws.store.templates.update(id, { ...patch, ...(patch.name !== undefined ? { name: patch.name.trim() } : {}) }, ws.now());
  ws.store.audit.append({ actor: ws.actor, action: 'template.update', templateId: t.id, details: { name: t.name, changed: Object.keys(patch) } });
  return templateView(t);
}

export function deleteTemplate(ws: TemplateOwner, id: number): TemplateView {
  const t = templateView(ws.store.templates.get(id));
  ws.store.templates.remove(id);
  ws.store.audit.append({ actor: ws.actor, action: 'template.delete', templateId: t.id, details: { name: t.name } });
  return t;
}
