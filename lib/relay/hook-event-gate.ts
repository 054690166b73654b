import { hookEventSchema, MAX_HOOK_EVENT_CHARS, type HookEvent } from '@/lib/shared/hook-events';

export type GateResult =
  | { ok: true; event: HookEvent }
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
 * anything that is not a string of bounded size, not JSON, not exactly the hook's shape, or beyond
 * a token-bucket rate is refused with a reason. Refusing costs O(1) before any parsing, so a
 * flood of 10,000 events a second does no work past the bucket.
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
    let json: unknown;
    try {
      json = JSON.parse(detail);
    } catch {
      return { ok: false, reason: 'not-json' };
    }
    const parsed = hookEventSchema.safeParse(json);
    return parsed.success ? { ok: true, event: parsed.data } : { ok: false, reason: 'invalid' };
  };
}
