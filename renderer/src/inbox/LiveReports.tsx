// Status reports as they arrive: the newest rows of the live ring buffer. A plain table (not antd's)
// on purpose: it repaints a few times a second while 1,000 reports/s stream in, and must stay cheap.
import { Alert, Empty } from 'antd';
import { memo } from 'react';
import type { ReportRow } from '../../../shared/ipc/contract/inbox.js';
import { statText } from '../../../shared/i18n/code-text.js';
import { useT } from '../i18n/react.js';
import { clock } from '../monitor/format.js';

export const LIVE_REPORT_ROWS = 50;
const OUTCOME_STYLE = {
  delivered: { color: '#389e0d', background: '#f6ffed', border: '1px solid #b7eb8f' },
  failed: { color: '#cf1322', background: '#fff1f0', border: '1px solid #ffa39e' },
  unknown: { color: '#595959', background: '#fafafa', border: '1px solid #d9d9d9' },
  pending: { color: '#0958d9', background: '#e6f4ff', border: '1px solid #91caff' },
} as const;

const cell: React.CSSProperties = { padding: '4px 8px', borderBottom: '1px solid #f0f0f0', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' };
const head: React.CSSProperties = { ...cell, background: '#fafafa', fontWeight: 600, textAlign: 'left', position: 'sticky', top: 0 };

export function LiveReports({ rows, dropped }: { rows: readonly ReportRow[]; dropped: number }) {
  const t = useT();
  if (rows.length === 0) return <Empty description={t('inbox.reportsEmpty')} />;
  return (
    <div>
      {dropped > 0 && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('inbox.reportsDropped', { count: dropped })} />}
      {/* Fixed layout and containment: a repaint never re-measures the whole table. */}
      <div style={{ maxHeight: 520, overflow: 'auto', contain: 'content' }}>
        <table style={{ width: '100%', borderCollapse: 'collapse', fontSize: 13, tableLayout: 'fixed' }} data-testid="live-reports">
          <colgroup>
            <col style={{ width: 90 }} />
            <col style={{ width: 130 }} />
            <col style={{ width: 100 }} />
            <col style={{ width: 90 }} />
            <col />
            <col style={{ width: 90 }} />
          </colgroup>
          <thead>
            <tr>
              <th style={head}>{t('inbox.col.time')}</th>
              <th style={head}>{t('inbox.col.number')}</th>
              <th style={head}>Stat</th>
              <th style={head}>{t('inbox.col.outcome')}</th>
              <th style={head}>Msg_Id</th>
              <th style={head}>{t('inbox.col.campaign')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, LIVE_REPORT_ROWS).map((r, i) => (
              <ReportLine key={i} r={r} outcome={t(`live.outcome.${r.outcome}`)} meaning={statText(r.stat, t)} unmatched={t('inbox.unmatched')} direct={t('inbox.direct')} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/**
 * One row, keyed by position: at 1,000 reports/s every shown row is new at each repaint, and
 * updating the text of 50 existing rows costs far less than replacing them (memo keeps a quiet
 * stream, where most rows stay the same, nearly free).
 */
const ReportLine = memo(function ReportLine({ r, outcome, meaning, unmatched, direct }: { r: ReportRow; outcome: string; meaning: string; unmatched: string; direct: string }) {
  return (
    <tr data-testid="report-row">
      <td style={cell}>{clock(r.at)}</td>
      <td style={cell}>{r.number}</td>
      <td style={cell} title={meaning}>
        {r.stat}
      </td>
      <td style={cell}>
        <span style={{ ...OUTCOME_STYLE[r.outcome], borderRadius: 4, padding: '0 6px', fontSize: 12 }}>{outcome}</span>
      </td>
      <td style={{ ...cell, fontFamily: 'monospace' }}>{r.msgId}</td>
      <td style={cell}>{r.campaignId !== null ? `#${r.campaignId}` : r.messageId === null ? unmatched : direct}</td>
    </tr>
  );
});
