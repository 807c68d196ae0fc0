// What an exported delivery log says in its cells: words in the user's language for people
// (readable), or language-neutral codes for scripts (machine). The CLI's --form, the IPC argument
// and the export writer (electron/services/log/log-export-texts.ts) share this list.
export const EXPORT_FORMS = ['readable', 'machine'] as const;
export type ExportForm = (typeof EXPORT_FORMS)[number];
