import { describe, expect, it } from 'vitest';
import { SAMPLES_PER_MESSAGE } from '@/lib/shared/hook-events';
import { relayWireSchema } from '@/lib/shared/messages';

const sample = (pc: string) => ({
  pc,
  t: 1_800_000_000_000,
  state: 'connected',
  inbound: [],
  outbound: [],
  tracks: [],
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

  it('refuses a batch with one bad sample whole', () => {
    const bad = batch(3);
    (bad.samples[1] as { state: string }).state = 'melting';
    expect(relayWireSchema.safeParse(bad).success).toBe(false);
  });

  it('takes a single sample only as a batch', () => {
    expect(
      relayWireSchema.safeParse({
        type: 'sample',
        sample: sample('p'),
        onLine: true,
        visible: true,
      }).success,
    ).toBe(false);
  });
});
