// `template add | edit | list | show | delete`: message templates with merge fields written {name}
// ({姓名}, {城市}: any column of the contacts file by its header), the ones the Composer's Templates
// tab shows. `campaign create --template ID|NAME` sends one.
import { dateTimeOffsetText } from '../../shared/time-format.js';
import { createTemplate, deleteTemplate, editTemplate, findTemplate, listTemplates, type TemplateView } from '../services/composer/templates.js';
import { StoreError } from '../store/errors.js';
import type { Workspace } from '../services/workspace.js';
import { ioOf, table, type CliIo } from './account.js';
import { noPositional, parseArgs, requiredFlag } from './args.js';
import { toJson, withWorkspace } from './context.js';
import { CliError } from './errors.js';
import type { Texts } from './texts.js';

export const TEMPLATE_USAGE = `usage:
  template add --name N --text T [--json]             a new template; prints its id
  template edit --id ID|NAME [--name N] [--text T] [--json]
  template list [--json]                              every template with its merge fields
  template show --id ID|NAME [--json]                 the text and its merge fields
  template delete --id ID|NAME                        campaigns made from it keep their own text
  merge fields are written {name}: {number}, {name} and every column of the contacts file by its header ({姓名}, {城市})
  every command takes --db PATH`;

const SUBS = ['add', 'edit', 'list', 'show', 'delete'];

export async function runTemplateCommand(argv: string[], io: CliIo = {}): Promise<number> {
  const { out, texts } = ioOf(io);
  const [sub, ...rest] = argv;
  if (sub === undefined) throw CliError.of('error.missingSubcommand', { command: 'template', known: SUBS.join(', ') });
  if (!SUBS.includes(sub)) throw CliError.of('error.unknownSubcommand', { command: 'template', sub, known: SUBS.join(', ') });
  const a = parseArgs(rest, { values: ['db', 'id', 'name', 'text'], booleans: ['json'] });
  noPositional(a);
  const json = a.booleans.has('json');
  const allowed: Record<string, string[]> = { add: ['name', 'text'], edit: ['id', 'name', 'text'], list: [], show: ['id'], delete: ['id'] };
  for (const flag of ['id', 'name', 'text']) {
    if (a.values.has(flag) && !allowed[sub]!.includes(flag)) throw CliError.of('error.unknownOption', { flag });
  }
  if (sub === 'add') {
    const name = requiredFlag(a, 'name');
    const text = requiredFlag(a, 'text');
    return withWorkspace(a, (ws) => {
      const t = guarded(() => createTemplate(ws, { name, text }));
      out(json ? toJson(t) : texts.t('template.created', { id: t.id, name: t.name }));
      return 0;
    });
  }
  if (sub === 'list') {
    return withWorkspace(a, (ws) => {
      const all = listTemplates(ws);
      if (json) out(toJson(all));
      else if (all.length === 0) out(texts.t('template.none'));
      else {
        const { t } = texts;
        table(
          [t('template.col.id'), t('template.col.name'), t('template.col.fields'), t('template.col.updated'), t('template.col.text')],
          all.map((x) => [String(x.id), x.name, fieldsText(x, texts), dateTimeOffsetText(x.updatedAt), oneLine(x.text)]),
          out,
        );
      }
      return 0;
    });
  }
  const ref = requiredFlag(a, 'id');
  return withWorkspace(a, (ws) => {
    const found = templateOf(ws, ref);
    if (sub === 'show') {
      if (json) out(toJson(found));
      else {
        out(texts.t('template.show.name', { id: found.id, name: found.name }));
        out(texts.t('template.show.fields', { fields: fieldsText(found, texts) }));
        out(texts.t('template.show.updated', { time: dateTimeOffsetText(found.updatedAt) }));
        out('');
        out(found.text);
      }
    } else if (sub === 'edit') {
      const patch = { ...(a.values.has('name') ? { name: a.values.get('name')! } : {}), ...(a.values.has('text') ? { text: a.values.get('text')! } : {}) };
      if (Object.keys(patch).length === 0) throw CliError.of('template.nothingToEdit');
      const t = guarded(() => editTemplate(ws, found.id, patch));
      out(json ? toJson(t) : texts.t('template.edited', { id: t.id, name: t.name }));
    } else {
      const t = guarded(() => deleteTemplate(ws, found.id));
      out(json ? toJson({ id: t.id, deleted: true }) : texts.t('template.deleted', { id: t.id, name: t.name }));
    }
    return 0;
  });
}

function templateOf(ws: Workspace, ref: string): TemplateView {
  const t = findTemplate(ws, ref);
  if (!t) throw CliError.of('template.notFound', { ref });
  return t;
}

function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof StoreError) throw CliError.engine(e, 2, 'template.invalid');
    throw e;
  }
}

const fieldsText = (t: TemplateView, texts: Texts) => (t.fields.length ? t.fields.map((f) => `{${f}}`).join(' ') : texts.t('template.noFields'));

/** A table cell of a text: one line, at most 40 characters. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return [...flat].length > 40 ? `${[...flat].slice(0, 39).join('')}…` : flat;
}
