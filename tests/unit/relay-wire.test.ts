import { describe, expect, it } from 'vitest';
import { MAX_HOOK_EVENT_CHARS, SAMPLES_PER_MESSAGE } from '@/lib/shared/hook-event-limits';
import { parseHookEvent } from '@/lib/shared/hook-events';
import { relayWireSchema } from '@/lib/shared/messages';

const sample = (pc: string, state = 'connected') =>
  JSON.stringify({
    type: 'sample',
    sample: { pc, t: 1_800_000_000_000, state, inbound: [], outbound: [], tracks: [] },
  });
const batch = (n: number) => ({
  type: 'samples',
  samples: Array.from({ length: n }, (_, i) => sample(`p-${i}`)),
  onLine: true,
  visible: true,
});

describe('relayWireSchema', () => {
  it('carries one tick of a group lesson as one message', () => {
    const parsed = relayWireSchema.safeParse(batch(8));
    expect(parsed.success && parsed.data.type === 'samples' && parsed.data.samples.length).toBe(8);
  });

  it(`refuses an empty batch and one over ${SAMPLES_PER_MESSAGE} samples`, () => {
    expect(relayWireSchema.safeParse(batch(0)).success).toBe(false);
    expect(relayWireSchema.safeParse(batch(SAMPLES_PER_MESSAGE)).success).toBe(true);
    expect(relayWireSchema.safeParse(batch(SAMPLES_PER_MESSAGE + 1)).success).toBe(false);
  });

  it('refuses a batch with a text over the size cap', () => {
    const big = batch(2);
    big.samples[1] = 'x'.repeat(MAX_HOOK_EVENT_CHARS + 1);
    expect(relayWireSchema.safeParse(big).success).toBe(false);
  });

  it('keeps the good samples of a batch with one bad one: each is parsed alone', () => {
    const mixed = batch(3);
    mixed.samples[1] = sample('p-1', 'melting');
    const parsed = relayWireSchema.safeParse(mixed);
    expect(parsed.success).toBe(true);
    const read = mixed.samples.map((text) => parseHookEvent(text)?.type);
    expect(read).toEqual(['sample', undefined, 'sample']);
  });

  it('takes a single sample only as a batch, and page events only as their text', () => {
    const one = {
      type: 'sample',
      sample: JSON.parse(sample('p')).sample,
      onLine: true,
      visible: true,
    };
    expect(relayWireSchema.safeParse(one).success).toBe(false);
    const closed = { type: 'closed', pc: 'p', t: 1 };
    expect(relayWireSchema.safeParse(closed).success).toBe(false);
    const event = { type: 'page-event', event: JSON.stringify(closed) };
    expect(relayWireSchema.safeParse(event).success).toBe(true);
  });

  it('takes a page event numbered for its answer, and no other number', () => {
    const event = JSON.stringify({ type: 'closed', pc: 'p', t: 1 });
    const numbered = (id: unknown) => ({ type: 'page-event', event, id });
    expect(relayWireSchema.safeParse(numbered(7)).success).toBe(true);
    for (const id of [0, -1, 1.5, '7']) {
      expect(relayWireSchema.safeParse(numbered(id)).success).toBe(false);
    }
  });
});
