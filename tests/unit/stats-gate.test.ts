import { describe, expect, it } from 'vitest';
import { createStatsGate, STATS_CACHE_MS } from '@/lib/hook/stats-gate';

/** A clock and timer queue the test moves by hand, so each case names exact times. */
function simulated() {
  let time = 0;
  const queue: { at: number; run: () => void }[] = [];
  const clock = {
    now: () => time,
    later: (run: () => void, ms: number) => void queue.push({ at: time + Math.max(0, ms), run }),
    /** Runs every timer due up to `to`, in order, advancing the clock to each. */
    advance(to: number) {
      for (;;) {
        queue.sort((a, b) => a.at - b.at);
        const next = queue[0];
        if (!next || next.at > to) break;
        queue.shift();
        time = next.at;
        next.run();
      }
      time = to;
    },
  };
  return clock;
}

/** A hook call whose report arrives when the test says so. */
function gathering() {
  let settle!: () => void;
  const promise = new Promise<void>((resolve) => (settle = resolve));
  return { call: () => promise, settle };
}

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('the getStats gate between Lifeline and the page', () => {
  it('lets a page call straight through when Lifeline has not asked', () => {
    const clock = simulated();
    const gate = createStatsGate(clock.now, clock.later);
    const ran: number[] = [];
    expect(gate.held()).toBe(false);
    gate.page(() => ran.push(clock.now()));
    expect(ran).toEqual([0]);
  });

  it('holds a page call until Lifeline’s report is out of the cache, counted from its arrival', async () => {
    const clock = simulated();
    const gate = createStatsGate(clock.now, clock.later);
    const hook = gathering();
    gate.hook(hook.call);
    clock.advance(3);
    hook.settle();
    await flush();
    clock.advance(10);
    expect(gate.held()).toBe(true);
    const ran: number[] = [];
    gate.page(() => ran.push(clock.now()));
    expect(ran).toEqual([]);
    clock.advance(100);
    // Settled at 3 ms: the cache may answer until 3 + 50 at the latest; the page goes then.
    expect(ran).toEqual([3 + STATS_CACHE_MS]);
    expect(gate.held()).toBe(false);
  });

  it('holds a page call while Lifeline’s report is still being gathered', async () => {
    const clock = simulated();
    const gate = createStatsGate(clock.now, clock.later);
    const hook = gathering();
    gate.hook(hook.call);
    const ran: number[] = [];
    gate.page(() => ran.push(clock.now()));
    clock.advance(70);
    expect(ran).toEqual([]);
    hook.settle();
    await flush();
    clock.advance(200);
    expect(ran).toEqual([70 + STATS_CACHE_MS]);
  });

  it('makes Lifeline’s next call wait behind held page calls, so it cannot refill the cache first', async () => {
    const clock = simulated();
    const gate = createStatsGate(clock.now, clock.later);
    const first = gathering();
    gate.hook(first.call);
    first.settle();
    await flush();
    const order: string[] = [];
    gate.page(() => order.push(`page@${clock.now()}`));
    clock.advance(20);
    gate.hook(() => {
      order.push(`hook@${clock.now()}`);
      return Promise.resolve();
    });
    clock.advance(200);
    expect(order).toEqual([`page@${STATS_CACHE_MS}`, `hook@${STATS_CACHE_MS}`]);
  });

  it('never holds a page call longer than one cache lifetime after a report that came at once', async () => {
    const clock = simulated();
    const gate = createStatsGate(clock.now, clock.later);
    const hook = gathering();
    gate.hook(hook.call);
    hook.settle();
    await flush();
    const waits: number[] = [];
    for (const at of [0, 1, 25, 50, 51, 52, 80]) {
      clock.advance(at);
      const asked = clock.now();
      gate.page(() => waits.push(clock.now() - asked));
    }
    clock.advance(500);
    expect(Math.max(...waits)).toBeLessThanOrEqual(STATS_CACHE_MS);
    expect(waits).toEqual([50, 49, 25, 0, 0, 0, 0]);
  });
});
