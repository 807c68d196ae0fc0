// One line per benchmark figure, printed beside its target so a reader sees at once what was met.

export interface Figure {
  /** What was measured, e.g. "SUBMIT encode+decode (3.0)". */
  name: string;
  value: number;
  unit: string;
  /** Human-readable target, e.g. ">= 400000". */
  target?: string;
  /** Whether the target was met; undefined when there is no target. */
  met?: boolean;
  /** Optional comparison with a peer measured in the same run. */
  peer?: { name: string; value: number };
  note?: string;
}

export function atLeast(value: number, min: number): Pick<Figure, 'target' | 'met'> {
  return { target: `>= ${fmt(min)}`, met: value >= min };
}

export function atMost(value: number, max: number): Pick<Figure, 'target' | 'met'> {
  return { target: `<= ${fmt(max)}`, met: value <= max };
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

export function printFigure(f: Figure): void {
  const verdict = f.met === undefined ? '' : f.met ? 'MET ' : 'MISSED ';
  const target = f.target ? `  target ${f.target} ${f.unit}` : '';
  const peer = f.peer
    ? `  | ${f.peer.name}: ${fmt(f.peer.value)} ${f.unit} (ratio ${(f.value / f.peer.value).toFixed(2)}x)`
    : '';
  const note = f.note ? `  (${f.note})` : '';
  console.log(`${verdict.padEnd(7)}${f.name}: ${fmt(f.value)} ${f.unit}${target}${peer}${note}`);
}

/** Runs fn repeatedly for about `ms` milliseconds (after a warm-up) and returns operations per second. */
export function opsPerSecond(fn: () => void, ms = 1500, batch = 1000): number {
  const warmUntil = performance.now() + Math.min(500, ms / 3);
  while (performance.now() < warmUntil) for (let i = 0; i < batch; i++) fn();
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < batch; i++) fn();
    ops += batch;
    now = performance.now();
  }
  return (ops * 1000) / (now - start);
}
