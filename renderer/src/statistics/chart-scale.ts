// The traffic chart's value axis: a round top and tick step over the largest bar.

/** A round axis maximum at or above `max` (1, 2, 5 x 10^n) and its tick step. */
export function niceScale(max: number, ticks = 4): { top: number; step: number } {
  if (!(max > 0)) return { top: ticks, step: 1 };
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  // Counts are whole: a step below 1 would label the axis 0.5, 1.5, ...
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag);
  return { top: Math.max(step, Math.ceil(max / step) * step), step };
}
