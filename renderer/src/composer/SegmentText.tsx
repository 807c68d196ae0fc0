// A segment's text with the flagged characters marked in place.
import { Tooltip } from 'antd';
import { codePointLabel, pieces, type HighlightMap } from './highlights.js';

export function SegmentText({ text, start, highlights, testId }: { text: string; start: number; highlights: HighlightMap; testId: string }) {
  return (
    <span className="segment-text" data-testid={testId}>
      {pieces(text, start, highlights).map((p, i) =>
        p.mark ? (
          <Tooltip key={i} title={codePointLabel(p.text)}>
            <mark className={p.blocking ? 'plan-char blocking' : 'plan-char'}>{p.text}</mark>
          </Tooltip>
        ) : (
          p.text
        ),
      )}
    </span>
  );
}
