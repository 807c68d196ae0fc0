// Archives of schema versions before 20 to version 20, "message numbers as integers": RELEASED,
// FROZEN once landed (test/store/archive-conversions.test.ts pins its hash). The same change as
// migration 20 (electron/store/migrations/0020-message-number-integers.ts) on an archive's messages:
// the table as the migration leaves it, its rows converted the same way, its indexes (an archive
// has no triggers).
import type { ArchiveConversion } from './conversion.js';

export const conversion: ArchiveConversion = {
  version: 20,
  name: 'message numbers as integers',
  build: String.raw`
        CREATE TABLE "messages" (
          id INTEGER PRIMARY KEY,
          campaign_id INTEGER REFERENCES campaigns(id),
          account_id INTEGER NOT NULL REFERENCES accounts(id),
          number ANY NOT NULL CHECK (CASE typeof(number) WHEN 'integer' THEN number > 0 AND number < 1000000000000000
            WHEN 'text' THEN NOT (number GLOB '[1-9]*' AND length(number) <= 15 AND number NOT GLOB '*[^0-9]*') ELSE 0 END),
          state INTEGER NOT NULL CHECK (state BETWEEN 0 AND 8),
          reason TEXT,                        -- why skipped/failed/cancelled, in words
          result INTEGER,                     -- failing SUBMIT_RESP Result, if any
          stat TEXT,                          -- failing (or last) report Stat, raw; a delivered message's DELIVRD NULL, its NULL ''
          possible_duplicate INTEGER NOT NULL DEFAULT 0 CHECK (possible_duplicate IN (0, 1)),
          segment_count INTEGER NOT NULL CHECK (segment_count BETWEEN 1 AND 255),
          billed_count INTEGER NOT NULL CHECK (billed_count >= 0),
          text TEXT,                          -- rendered text when it differs from the campaign's
          src_id TEXT,                        -- overrides for direct sends and replies
          service_id TEXT,
          link_id TEXT,
          concat_ref INTEGER CHECK (concat_ref BETWEEN 0 AND 65535),
          created_at INTEGER NOT NULL,
          submitted_after INTEGER,            -- first submission time - created_at
          done_after INTEGER                  -- time it reached its final state - created_at
        ) STRICT;
        INSERT INTO main.messages (id, campaign_id, account_id, number, state, reason, result, stat, possible_duplicate,
          segment_count, billed_count, text, src_id, service_id, link_id, concat_ref, created_at, submitted_after, done_after)
          SELECT id, campaign_id, account_id,
            CASE WHEN number GLOB '[1-9]*' AND length(number) <= 15 AND number NOT GLOB '*[^0-9]*' THEN CAST(number AS INTEGER) ELSE number END,
            state, reason, result, stat, possible_duplicate, segment_count, billed_count, text, src_id, service_id, link_id, concat_ref,
            created_at, submitted_after, done_after
          FROM old.messages ORDER BY id;
        -- A number's messages: the log's number search, the frequency rule.
        CREATE INDEX messages_by_number ON messages(number);
        -- The pump's claim and a campaign's log by state, in queue order.
        CREATE INDEX messages_by_campaign ON messages(campaign_id, state, created_at);
        -- The log by state and time; archiving a month.
        CREATE INDEX messages_by_state ON messages(state, created_at);
        -- The log's Stat filter (electron/store/log/filter.ts): delivered messages are not in it.
        CREATE INDEX messages_by_failure_stat ON messages(stat, state, created_at) WHERE stat <> 'DELIVRD';
      `,
};
