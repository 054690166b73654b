import { MAX_HOOK_EVENT_CHARS, SAMPLE_EVENT_PREFIX } from '@/lib/shared/hook-event-limits';

/**
 * A page event the relay forwards, as the page's own text: a connection's sample, or another
 * hook event (a connection or socket closing, a socket opening, a board answering a poll).
 * `last` marks the ones nothing repeats, which the relay sends again if the worker missed them.
 */
export type PageEvent =
  { kind: 'sample'; text: string } | { kind: 'event'; text: string; last: boolean };

export type GateResult =
  | { ok: true; event: PageEvent }
  | { ok: false; reason: 'not-a-string' | 'too-large' | 'not-json' | 'invalid' | 'rate-limited' };

export interface HookEventGateOptions {
  /** Sustained events per second let through. A page with 20 connections sends 20 a second. */
  ratePerSecond?: number;
  /** Events allowed in a burst above the rate (a state change adds one between ticks). */
  burst?: number;
  now?: () => number;
}

/**
 * The relay's door for events from the page's world. Pages can forge these (design.md §2), so
 * anything that is not a string of bounded size, or beyond a token-bucket rate, is refused with a
 * reason, at O(1) cost before anything is read: a flood of 10,000 events a second does no work
 * past the bucket.
 *
 * What passes is not parsed here. The background parses every event with the hook's schemas
 * (lib/shared/hook-events.ts) as it arrives, and a second parse on the call page's main thread,
 * once a second per connection, was most of what Lifeline cost the lesson there (issue 12's
 * group lesson). A sample is told by how the hook's text begins; the rarer events are read just
 * far enough to know their type, for batching and resending, and anything else is refused.
 *
 * @example
 *   const gate = createHookEventGate();
 *   document.addEventListener(HOOK_EVENT_NAME, (e) => {
 *     const r = gate((e as CustomEvent).detail);
 *     if (r.ok) forward(r.event);
 *   });
 */
export function createHookEventGate(options: HookEventGateOptions = {}) {
  const rate = options.ratePerSecond ?? 50;
  const burst = options.burst ?? 100;
  const now = options.now ?? Date.now;
  let tokens = burst;
  let refilledAt = now();

  return (detail: unknown): GateResult => {
    const t = now();
    tokens = Math.min(burst, tokens + ((t - refilledAt) / 1000) * rate);
    refilledAt = t;
    if (tokens < 1) return { ok: false, reason: 'rate-limited' };
    tokens -= 1;

    if (typeof detail !== 'string') return { ok: false, reason: 'not-a-string' };
    if (detail.length > MAX_HOOK_EVENT_CHARS) return { ok: false, reason: 'too-large' };
    if (detail.startsWith(SAMPLE_EVENT_PREFIX)) {
      return { ok: true, event: { kind: 'sample', text: detail } };
    }
    let json: { type?: unknown; phase?: unknown } | null;
    try {
      json = JSON.parse(detail) as typeof json;
    } catch {
      return { ok: false, reason: 'not-json' };
    }
    const type = typeof json === 'object' ? json?.type : undefined;
    if (type !== 'closed' && type !== 'socket') return { ok: false, reason: 'invalid' };
    const last = type === 'closed' || json?.phase === 'close' || json?.phase === 'poll';
    return { ok: true, event: { kind: 'event', text: detail, last } };
  };
}
