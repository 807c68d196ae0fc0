// Archive conversion to schema version 15, "failure Stat index by state": RELEASED, FROZEN once
// landed (test/store/archive-conversions.test.ts pins its SHA-256). Never edit it; a later change
// gets a conversion of its own. Migration 15 rebuilt the Stat index of messages with the state
// after the Stat; archives written at 13 and 14 carry version 12's (those at 10 and 11 none).
import type { ArchiveConversion } from './conversion.js';

export const conversion: ArchiveConversion = {
  version: 15,
  name: 'failure Stat index by state',
  build: '',
  finish: String.raw`
        DROP INDEX IF EXISTS main.messages_by_failure_stat;
        CREATE INDEX main.messages_by_failure_stat ON messages(stat, state, created_at) WHERE stat <> 'DELIVRD';
      `,
};
