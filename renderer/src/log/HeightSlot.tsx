// A part of a screen that mounts after the screen's first figures (useMountAfterRows): until it
// does, a blank of the height it had when last on screen stands in, so what is already shown does
// not move when it arrives.
import { useEffect, useRef, type ReactNode } from 'react';

/** Each slot's height when it was last on screen, by name. */
const heights = new Map<string, number>();

export function HeightSlot({ name, ready, initial, children }: { name: string; ready: boolean; initial: number; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!ready || !el) return;
    // Observed rather than measured: no layout forced from script.
    const observer = new ResizeObserver(([entry]) => {
      const h = entry?.borderBoxSize[0]?.blockSize;
      if (h) heights.set(name, h);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ready, name]);
  return ready ? <div ref={box}>{children}</div> : <div aria-hidden style={{ height: heights.get(name) ?? initial }} />;
}
