// Archives of schema version 18 to version 19, "first report in its segment": RELEASED, FROZEN once
// landed (test/store/archive-conversions.test.ts pins its hash). The same change as migration 19
// (electron/store/migrations/0019-first-report-in-segment.ts) on an archive: its segments (carried
// over as they were) take the same columns, the reports that fit move into their segments' rows the
// same way, and status_reports keeps the others (expectedIds says which).
// It imports nothing, as a migration: registry.ts checks its shape (ArchiveConversion).
export const conversion = {
  version: 19,
  name: 'first report in its segment',
  build: '',
  finish: String.raw`
        ALTER TABLE segments ADD COLUMN report_deliver_msg_id INTEGER;  -- the DELIVER's own Msg_Id; NULL: no report kept here
        ALTER TABLE segments ADD COLUMN report_submit_time ANY;         -- INTEGER: Done_time minus Submit_time (both ten digits); TEXT: Submit_time as received
        ALTER TABLE segments ADD COLUMN report_smsc_sequence INTEGER;
        ALTER TABLE segments ADD COLUMN report_origin_id INTEGER REFERENCES report_origins(id);
        ALTER TABLE segments ADD COLUMN report_connection TEXT;         -- NULL: the segment's connection
        ALTER TABLE segments ADD COLUMN report_dest_terminal_id TEXT    -- raw, as received; NULL: the message's number
          CHECK (report_deliver_msg_id IS NULL OR state BETWEEN 0 AND 2);

        -- Raw times written since version 13 as REAL (the driver binds a JS number as REAL): INTEGERs,
        -- as version 13 stored the older ones.
        UPDATE segments SET done_time = CAST(done_time AS INTEGER) WHERE typeof(done_time) = 'real';
        UPDATE status_reports SET submit_time = CAST(submit_time AS INTEGER) WHERE typeof(submit_time) = 'real';
        UPDATE status_reports SET done_time = CAST(done_time AS INTEGER) WHERE typeof(done_time) = 'real';

        -- The reports already stored that fit: matched on arrival by their segment's Msg_Id (msg_id and
        -- number NULL, matched_after 0), a final outcome, their segment's only report, whose Stat,
        -- Done_time, receipt time and state are the report's, and a connection the row can say.
        CREATE TEMP TABLE fold_v19 AS SELECT r.id, r.segment_id, r.deliver_msg_id,
            CASE WHEN typeof(r.submit_time) = 'integer' AND typeof(r.done_time) = 'integer' THEN r.done_time - r.submit_time
              WHEN typeof(r.submit_time) = 'integer' THEN printf('%010d', r.submit_time) ELSE r.submit_time END AS submit_time,
            r.smsc_sequence, r.origin_id, CASE WHEN r.connection IS s.connection THEN NULL ELSE r.connection END AS connection,
            r.dest_terminal_id
          FROM status_reports r JOIN segments s ON s.id = r.segment_id
          WHERE r.msg_id IS NULL AND r.number IS NULL AND r.matched_after = 0 AND r.outcome BETWEEN 0 AND 2 AND r.outcome = s.state
            AND r.stat = s.stat AND r.done_time IS s.done_time AND r.received_at = s.report_at
            AND (r.connection IS NOT NULL OR s.connection IS NULL)
            AND NOT EXISTS (SELECT 1 FROM status_reports x WHERE x.segment_id = r.segment_id AND x.id <> r.id);
        UPDATE segments SET report_deliver_msg_id = f.deliver_msg_id, report_submit_time = f.submit_time,
            report_smsc_sequence = f.smsc_sequence, report_origin_id = f.origin_id, report_connection = f.connection,
            report_dest_terminal_id = f.dest_terminal_id
          FROM temp.fold_v19 f WHERE segments.id = f.segment_id;
        DELETE FROM status_reports WHERE id IN (SELECT id FROM temp.fold_v19);
        DROP TABLE temp.fold_v19;
      `,
  expectedIds: {
    status_reports: String.raw`SELECT id FROM old.status_reports WHERE id NOT IN (SELECT r.id
          FROM old.status_reports r JOIN old.segments s ON s.id = r.segment_id
          WHERE r.msg_id IS NULL AND r.number IS NULL AND r.matched_after = 0 AND r.outcome BETWEEN 0 AND 2 AND r.outcome = s.state
            AND r.stat = s.stat AND r.done_time IS s.done_time AND r.received_at = s.report_at
            AND (r.connection IS NOT NULL OR s.connection IS NULL)
            AND NOT EXISTS (SELECT 1 FROM old.status_reports x WHERE x.segment_id = r.segment_id AND x.id <> r.id))
          ORDER BY id`,
  },
};
