/**
 * The one poll-until-condition helper of the test suite: tests wait for events and counters, never for a
 * fixed time. It polls `check` until it returns a truthy value and returns that value; past `timeoutMs` it
 * fails naming `what`. The bound is generous on purpose: it only decides how long a broken test takes to
 * fail, never whether a slow machine passes.
 *
 * The clock and timers are captured when this module loads, before any test fakes them, so the helper
 * polls in real time even under `vi.useFakeTimers()`: socket I/O keeps flowing while the virtual clock
 * stands still until the test moves it.
 */
const realNow = Date.now.bind(Date);
const realSetImmediate = setImmediate;
const realSetTimeout = setTimeout;

export async function until<T>(
  what: string,
  check: () => T | false | undefined | null | Promise<T | false | undefined | null>,
  timeoutMs = 15_000,
): Promise<T> {
  const end = realNow() + timeoutMs;
  for (let polls = 1; ; polls++) {
    const value = await check();
    if (value) return value;
    if (realNow() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    // The first polls only yield to pending I/O; later ones wait a few milliseconds so a long wait does
    // not spin a core the other tests need.
    await new Promise<void>((resolve) => (polls < 50 ? realSetImmediate(resolve) : realSetTimeout(resolve, 5)));
  }
}
