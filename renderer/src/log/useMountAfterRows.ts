// Opening the delivery log shows its rows first and mounts the filter bar and the toolbar's
// controls right after. Those antd widgets (selects, date range, number input, tooltips) cost
// several times what the rows do to mount, every time the screen opens: antd builds a widget's
// styles again once the last screen using it has unmounted. The rows are what the operator came
// for, and the IPC calls for them leave while the widgets would be rendering.
import { useEffect, useState } from 'react';

/** Mounts at the latest this long after the screen, whatever main answers (or not). */
const LATEST_MS = 300;

/**
 * False until `shown` (the first rows, an empty result or an error are on screen) and the frame
 * painting them has gone (the mount starts from the next frame's callback), then true for good.
 * The mount is one ordinary (not time-sliced) render: the count and the filter lists arriving
 * meanwhile wait for it, rather than restart it.
 */
export function useMountAfterRows(shown: boolean): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (ready) return;
    const mount = () => setReady(true);
    let frame = 0;
    let timer = 0;
    if (shown) frame = requestAnimationFrame(() => (frame = requestAnimationFrame(mount)));
    else timer = window.setTimeout(mount, LATEST_MS);
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [ready, shown]);
  return ready;
}
