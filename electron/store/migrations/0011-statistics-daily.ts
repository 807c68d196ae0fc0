// Schema version 11, "daily statistics": RELEASED, FROZEN once landed. Databases in the field are built by
// exactly this text; test/store/migrations-frozen.test.ts pins its SHA-256. Never edit it (not even a
// comment inside a statement: SQLite keeps that text in sqlite_master); change the schema in a new version.
// The day of a row is YYYYMMDD at UTC+8 (28800000 ms): China Standard Time, the desk's one UTC offset.
// The reason codes of the backfill are the patterns of shared/reasons.ts as they stand at this version.
export const sql = String.raw`
        -- Messages and MO counted per day, account, campaign and outcome, kept in the same transaction
        -- as the rows they count (docs/glossary.md "Statistics"), so a year of statistics reads a few
        -- thousand rows instead of tens of millions. Each message is counted in exactly one row: the
        -- one of its current state; campaign_id 0 holds direct sends; kept = 1 holds what rows since
        -- deleted counted (statistics outlive the delivery log, no foreign keys).
        CREATE TABLE statistics_daily (
          day INTEGER NOT NULL,               -- YYYYMMDD at UTC+8 of the first submission, else creation; MO: reception
          account_id INTEGER NOT NULL,
          campaign_id INTEGER NOT NULL,       -- 0 = direct sends (inbox replies, one-shot sends)
          outcome TEXT NOT NULL CHECK (outcome = 'queued' OR outcome = 'submitting' OR outcome = 'submitted' OR outcome = 'delivered' OR outcome = 'failed' OR outcome = 'unknown' OR outcome = 'in_doubt' OR outcome = 'skipped' OR outcome = 'cancelled' OR outcome = 'mo'),
          sent INTEGER NOT NULL CHECK (sent IN (0, 1)), -- 1: handed to the gateway at least once
          result INTEGER NOT NULL,            -- the refusing SUBMIT_RESP Result of a failed message, else 0
          code TEXT NOT NULL,                 -- the Stat, else the reason code; MO: its opt event; '' none
          kept INTEGER NOT NULL CHECK (kept IN (0, 1)),
          messages INTEGER NOT NULL,
          segments INTEGER NOT NULL,
          billed INTEGER NOT NULL,
          PRIMARY KEY (day, account_id, campaign_id, outcome, sent, result, code, kept)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX statistics_by_campaign ON statistics_daily(campaign_id, day);

        INSERT INTO statistics_daily (day, account_id, campaign_id, outcome, sent, result, code, kept, messages, segments, billed)
        SELECT day, account_id, campaign_id, outcome, sent, result, code, 0, count(*), sum(segment_count), sum(billed_count) FROM (
          SELECT CAST(strftime('%Y%m%d', (coalesce(submitted_at, created_at) + 28800000) / 1000, 'unixepoch') AS INTEGER) AS day,
            account_id, coalesce(campaign_id, 0) AS campaign_id, state AS outcome, submitted_at IS NOT NULL AS sent,
            CASE WHEN state = 'failed' AND coalesce(result, 0) <> 0 THEN result ELSE 0 END AS result,
            CASE
              WHEN state = 'failed' AND coalesce(result, 0) <> 0 THEN ''
              WHEN state IN ('delivered', 'failed', 'unknown') AND stat IS NOT NULL THEN stat
              WHEN state NOT IN ('failed', 'unknown', 'skipped') OR reason IS NULL THEN ''
              WHEN reason = 'SUBMIT_RESP Result 8 (flow control): resend' THEN 'flow-control'
              WHEN reason GLOB 'SUBMIT_RESP Result [0-9]*' THEN 'submit-result'
              WHEN reason GLOB 'segment [0-9]* failed' THEN 'segment-failed'
              WHEN reason GLOB 'another segment failed: *' THEN 'sibling-failed'
              WHEN reason GLOB 'status report Stat *' THEN 'report-stat'
              WHEN reason GLOB 'in doubt (*): *' THEN 'in-doubt'
              WHEN reason = 'on the wire when the app stopped; no SUBMIT_RESP seen' THEN 'crash-in-doubt'
              WHEN reason = 'in doubt, dropped by the operator' THEN 'dropped-in-doubt'
              WHEN reason = 'cancelled by the operator' THEN 'cancelled-by-operator'
              WHEN reason GLOB 'withdrawn by CMPP_CANCEL*' THEN 'withdrawn'
              WHEN reason = 'no status report within the report wait' THEN 'report-wait-expired'
              WHEN reason = 'not sent: the connection was not available' THEN 'connection-unavailable'
              WHEN reason GLOB 'SUBMIT not sent: *' THEN 'not-sent'
              WHEN reason = 'message has no text' THEN 'no-text'
              WHEN reason GLOB 'the text now plans to [0-9]* segments, not the [0-9]* enqueued*' THEN 'replanned'
              WHEN reason GLOB 'opted out*' THEN 'opt-out'
              WHEN reason GLOB 'frequency cap: [0-9]* messages to this number within * (max [0-9]*)' THEN 'frequency-cap'
              WHEN reason GLOB 'no 【签名】 signature*' THEN 'signature'
              WHEN reason GLOB 'sensitive word "*"' THEN 'sensitive-word'
              WHEN reason GLOB 'merge field {*} has no value for this recipient' THEN 'merge-field'
              WHEN reason GLOB 'text cannot be sent: *' THEN 'unsendable'
              ELSE 'other'
            END AS code,
            segment_count, billed_count
          FROM messages)
        GROUP BY day, account_id, campaign_id, outcome, sent, result, code;

        INSERT INTO statistics_daily (day, account_id, campaign_id, outcome, sent, result, code, kept, messages, segments, billed)
        SELECT CAST(strftime('%Y%m%d', (received_at + 28800000) / 1000, 'unixepoch') AS INTEGER) AS day, account_id,
          coalesce(campaign_id, 0) AS campaign_id, 'mo', 0, 0, coalesce(opt_event, '') AS code, 0, count(*), sum(segment_received), 0
        FROM mo_messages GROUP BY day, account_id, campaign_id, code;

        -- MO rows are counted by triggers: one insert per received MO, off the bulk paths.
        CREATE TRIGGER statistics_mo_insert AFTER INSERT ON mo_messages BEGIN
          INSERT INTO statistics_daily (day, account_id, campaign_id, outcome, sent, result, code, kept, messages, segments, billed)
          VALUES (CAST(strftime('%Y%m%d', (new.received_at + 28800000) / 1000, 'unixepoch') AS INTEGER), new.account_id,
            coalesce(new.campaign_id, 0), 'mo', 0, 0, coalesce(new.opt_event, ''), 0, 1, new.segment_received, 0)
          ON CONFLICT (day, account_id, campaign_id, outcome, sent, result, code, kept)
          DO UPDATE SET messages = messages + 1, segments = segments + excluded.segments;
        END;
        CREATE TRIGGER statistics_mo_update AFTER UPDATE OF account_id, campaign_id, received_at, segment_received, opt_event ON mo_messages BEGIN
          UPDATE statistics_daily SET messages = messages - 1, segments = segments - old.segment_received
          WHERE day = CAST(strftime('%Y%m%d', (old.received_at + 28800000) / 1000, 'unixepoch') AS INTEGER)
            AND account_id = old.account_id AND campaign_id = coalesce(old.campaign_id, 0) AND outcome = 'mo' AND sent = 0
            AND result = 0 AND code = coalesce(old.opt_event, '') AND kept = 0;
          INSERT INTO statistics_daily (day, account_id, campaign_id, outcome, sent, result, code, kept, messages, segments, billed)
          VALUES (CAST(strftime('%Y%m%d', (new.received_at + 28800000) / 1000, 'unixepoch') AS INTEGER), new.account_id,
            coalesce(new.campaign_id, 0), 'mo', 0, 0, coalesce(new.opt_event, ''), 0, 1, new.segment_received, 0)
          ON CONFLICT (day, account_id, campaign_id, outcome, sent, result, code, kept)
          DO UPDATE SET messages = messages + 1, segments = segments + excluded.segments;
        END;
        CREATE TRIGGER statistics_mo_delete AFTER DELETE ON mo_messages BEGIN
          UPDATE statistics_daily SET messages = messages - 1, segments = segments - old.segment_received
          WHERE day = CAST(strftime('%Y%m%d', (old.received_at + 28800000) / 1000, 'unixepoch') AS INTEGER)
            AND account_id = old.account_id AND campaign_id = coalesce(old.campaign_id, 0) AND outcome = 'mo' AND sent = 0
            AND result = 0 AND code = coalesce(old.opt_event, '') AND kept = 0;
          INSERT INTO statistics_daily (day, account_id, campaign_id, outcome, sent, result, code, kept, messages, segments, billed)
          VALUES (CAST(strftime('%Y%m%d', (old.received_at + 28800000) / 1000, 'unixepoch') AS INTEGER), old.account_id,
            coalesce(old.campaign_id, 0), 'mo', 0, 0, coalesce(old.opt_event, ''), 1, 1, old.segment_received, 0)
          ON CONFLICT (day, account_id, campaign_id, outcome, sent, result, code, kept)
          DO UPDATE SET messages = messages + 1, segments = segments + excluded.segments;
        END;
      `;
