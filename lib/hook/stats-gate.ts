/**
 * How long Chromium answers `getStats()` with the report it last gathered for a connection, in
 * ms: every call within this time of the call that started a gathering gets that same report
 * (WebRTC's RTCStatsCollector cache, measured in tests/e2e/stats-parity.test.ts).
 */
export const STATS_CACHE_MS = 50;

export interface StatsGate {
  /** True while a page's call would be answered from a report Lifeline gathered. */
  held(): boolean;
  /** Runs a page's call now, or as soon as no report Lifeline gathered can answer it. */
  page(call: () => void): void;
  /**
   * Runs Lifeline's own call now, or once the page's held calls have gone first, and hands its
   * promise to `use` after the gate has put its own handler on it, so the report's arrival is
   * noted before anything `use` does with it (a page reading stats in its handler of the sample).
   */
  hook<P extends PromiseLike<unknown>>(call: () => P, use?: (asked: P) => void): void;
}

/**
 * Keeps a page's `getStats()` from being answered with a report Lifeline's poll gathered before
 * the page asked (issue 13): a page call arriving while Lifeline's call is still gathering, or
 * within one cache lifetime after it settled, waits until that report is out of the cache; and
 * while page calls wait, Lifeline's own calls wait behind them, so a poll can never start a new
 * report just before a held page call goes. The cache lifetime is counted from when Lifeline's
 * report arrived, not from when it was asked for: the browser starts its clock when it begins
 * gathering, which is before the report arrives, so a page call one lifetime after the arrival
 * is always past it, and never waits more than one lifetime.
 *
 * @param now a monotonic clock in ms
 * @param later runs a callback after some ms (the browser's own setTimeout, never the page's)
 * @example
 *   const gate = createStatsGate(() => performance.now(), (f, ms) => setTimeout(f, ms));
 *   gate.hook(() => nativeGetStats.call(pc), (asked) => asked.then(report));
 */
export function createStatsGate(
  now: () => number,
  later: (run: () => void, ms: number) => void,
  cacheMs = STATS_CACHE_MS,
): StatsGate {
  let gathering = 0;
  let quietAt = 0;
  let waiting = 0;
  // While a report is being gathered its end is unknown: look again in a millisecond.
  const wait = () => (gathering ? 1 : quietAt - now());
  const page = (call: () => void, queued: boolean) => {
    const ms = wait();
    if (ms <= 0) {
      if (queued) waiting--;
      return call();
    }
    if (!queued) waiting++;
    later(() => page(call, true), ms);
  };
  const hook = <P extends PromiseLike<unknown>>(call: () => P, use?: (asked: P) => void) => {
    if (waiting) return later(() => hook(call, use), Math.max(1, quietAt - now()));
    gathering++;
    const settled = () => {
      gathering--;
      quietAt = now() + cacheMs;
    };
    const asked = call();
    asked.then(settled, settled);
    use?.(asked);
  };
  return { held: () => wait() > 0, page: (call) => page(call, false), hook };
}
