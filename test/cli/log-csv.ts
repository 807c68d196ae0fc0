// Reads a delivery-log CSV the export wrote: its text, its header row, and each row keyed by the
// export's column keys (whatever the header's language).
import { readFileSync } from 'node:fs';
import { CsvReader } from '../../electron/formats/csv.js';
import { LOG_COLUMNS } from '../../electron/services/log/log-export.js';

export function readLogCsv(file: string): { raw: string; header: string[]; rows: Record<string, string>[] } {
  const raw = readFileSync(file, 'utf8');
  const r = new CsvReader(',');
  const all = [...r.push(raw.replace(/^\ufeff/, '')), ...r.end()].map((x) => x.fields);
  const rows = all.slice(1).map((f) => Object.fromEntries(LOG_COLUMNS.map((c, i) => [c.key, f[i] ?? ''])));
  return { raw, header: all[0]!, rows };
}
