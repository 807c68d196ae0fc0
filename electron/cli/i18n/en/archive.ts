// English texts of `archive ...`; the same keys as ../zh-CN/archive.ts.
import type { archiveZhCN } from '../zh-CN/archive.js';

export const archiveEn: Record<keyof typeof archiveZhCN, string> = {
  'archive.keepMonths': 'delivery log kept live',
  'archive.keepValue': '{months} months besides the current one',
  'archive.off': 'archiving off (everything stays in the database)',
  'archive.reclaim': 'space freed by archiving',
  'archive.reclaimIncremental': 'given back to the disk (the file shrinks)',
  'archive.reclaimReuse': 'reused by new rows (a database from an older version: the file stops growing)',
  'archive.none': 'no month archived yet',
  'archive.head': 'month|state|messages|file',
  'archive.state.archived': 'archived',
  'archive.state.deleting': 'archived, clearing live rows',
  'archive.state.copying': 'writing the archive',
  'archive.state.waiting': 'waiting: {count} messages not final yet',
  'archive.state.failed': 'failed: {error}',
  'archive.missing': '{file} (missing: put it back beside the database)',
  'archive.upgrade.pending': 'written by an older version: upgraded by the next run, not searched until then',
  'archive.upgrade.read-only': 'written by an older version; its folder is read-only, so it cannot be upgraded there and is not searched: {error}',
  'archive.upgrade.failed': 'written by an older version; upgrading it failed (tried again on the next run), not searched until then: {error}',
  'archive.upgrade.newer': 'written by a newer version of CMPP Desk: not searched',
  'archive.upgrade.unreadable': 'not a readable archive (damaged?): not searched',
  'archive.saved': 'retention saved',
  'archive.badMonths': "--keep-months must be a whole number of months from 0 (archiving off) to 120, got '{value}'",
  'archive.nothingToSet': 'nothing to set: give --keep-months N',
  'archive.busy': 'another process is archiving this database; try again later',
  'archive.ran': 'archiving done',
};
