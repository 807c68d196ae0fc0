// Archives of schema version 20 to version 21, "segment Stat implied": RELEASED, FROZEN once landed
// (test/store/archive-conversions.test.ts pins its hash). The same change as migration 21
// (electron/store/migrations/0021-segment-stat-implied.ts) on an archive's segments, carried over
// as they were: a delivered segment's DELIVRD stored as NULL.
// It imports nothing, as a migration: registry.ts checks its shape (ArchiveConversion).
export const conversion = {
  version: 21,
  name: 'segment Stat implied',
  build: '',
  finish: String.raw`
        UPDATE main.segments SET stat = CASE WHEN stat = 'DELIVRD' THEN NULL ELSE coalesce(stat, '') END WHERE state = 0;
      `,
};
