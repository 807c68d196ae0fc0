// The delivery breakdown of a campaign by raw Stat (DELIVRD, UNDELIV, EXPIRED, MK:0012, ...) as
// horizontal SVG bars, each with its count, share and meaning (the catalogues' Stat and Result
// texts). The figures are the statistics' (electron/services/statistics/campaign-breakdown.ts), so
// they agree with the Statistics screen's failure reasons for the campaign.
import { Empty } from 'antd';
import type { CampaignDetail } from '../../../shared/ipc/contract/campaigns.js';
import { statText, submitResultText } from '../../../shared/i18n/code-text.js';
import { useT } from '../i18n/react.js';
import { count, percent } from '../monitor/format.js';

const COLOR = { delivered: '#52c41a', failed: '#ff4d4f', unknown: '#bfbfbf' } as const;
const ROW = 26;
const LABEL = 120;
const W = 560;

export function StatChart({ stats }: { stats: CampaignDetail['stats'] }) {
  const t = useT();
  if (stats.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('campaigns.breakdownEmpty')} />;
  const total = stats.reduce((n, s) => n + s.count, 0);
  const max = Math.max(...stats.map((s) => s.count));
  const barW = W - LABEL - 150;
  return (
    <svg viewBox={`0 0 ${W} ${stats.length * ROW + 4}`} width="100%" role="img" aria-label={t('campaigns.breakdown')} data-testid="stat-chart" style={{ maxWidth: W }}>
      {stats.map((s, i) => {
        const y = i * ROW + 2;
        const label = s.stat === '' ? t('campaigns.noReport') : s.stat;
        const result = /^Result (\d+)$/.exec(s.stat)?.[1];
        const meaning = s.stat === '' ? '' : result !== undefined ? t('campaigns.submitRejected', { meaning: submitResultText(Number(result), t) }) : statText(s.stat, t);
        const w = Math.max(2, (s.count / max) * barW);
        return (
          <g key={`${s.outcome}-${s.stat}`} data-stat={s.stat} data-count={s.count}>
            <title>{`${label} ${meaning}: ${s.count}`}</title>
            <text x={0} y={y + 16} fontSize="12" fill="#262626">
              {label}
            </text>
            <rect x={LABEL} y={y + 4} width={w} height={ROW - 10} rx={3} fill={COLOR[s.outcome]} />
            <text x={LABEL + w + 6} y={y + 16} fontSize="12" fill="#595959">
              {`${count(s.count)} · ${percent(s.count, total)}${meaning ? ` · ${meaning}` : ''}`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
