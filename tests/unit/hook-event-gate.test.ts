import { describe, expect, it } from 'vitest';
import { createHookEventGate } from '@/lib/relay/hook-event-gate';
import { MAX_HOOK_EVENT_CHARS } from '@/lib/shared/hook-events';
import { sampleAt } from './support/samples';

const valid = JSON.stringify({ type: 'sample', sample: sampleAt(3) });

describe('the relay gate for page events', () => {
  it('lets a well-formed sample through, parsed', () => {
    const result = createHookEventGate()(valid);
    expect(result).toEqual({ ok: true, event: { type: 'sample', sample: sampleAt(3) } });
  });

  it('lets a closed event through', () => {
    const gate = createHookEventGate();
    expect(gate(JSON.stringify({ type: 'closed', pc: 'p-1', t: 5 }))).toMatchObject({ ok: true });
  });

  it('lets a page WebSocket event through', () => {
    const gate = createHookEventGate();
    const event = {
      type: 'socket',
      id: 'ws-1',
      host: 'board.example:443',
      phase: 'close',
      byPage: false,
      t: 9,
    };
    expect(gate(JSON.stringify(event))).toEqual({ ok: true, event });
  });

  it.each([
    [
      'a socket event with an unknown phase',
      JSON.stringify({ type: 'socket', id: 'ws-1', host: 'h', phase: 'hijack', t: 1 }),
      'invalid',
    ],
    [
      'a socket event with an oversized host',
      JSON.stringify({ type: 'socket', id: 'ws-1', host: 'h'.repeat(300), phase: 'open', t: 1 }),
      'invalid',
    ],
    ['an object instead of a string', { type: 'sample' }, 'not-a-string'],
    ['undefined', undefined, 'not-a-string'],
    ['text that is not JSON', '{type: sample', 'not-json'],
    ['an unknown event type', JSON.stringify({ type: 'steal-settings' }), 'invalid'],
    [
      'a sample with a negative counter',
      JSON.stringify({
        type: 'sample',
        sample: { ...sampleAt(1), inbound: [{ id: 'a', kind: 'audio', packets: -5, bytes: 0 }] },
      }),
      'invalid',
    ],
    [
      'a sample with an absurd RTT',
      JSON.stringify({ type: 'sample', sample: { ...sampleAt(1), rttMs: 1e15 } }),
      'invalid',
    ],
    [
      'a sample with an unknown connection state',
      JSON.stringify({ type: 'sample', sample: { ...sampleAt(1), state: 'exploded' } }),
      'invalid',
    ],
    [
      'a sample with too many streams',
      JSON.stringify({
        type: 'sample',
        sample: {
          ...sampleAt(1),
          inbound: Array.from({ length: 65 }, (_, i) => ({
            id: `s${i}`,
            kind: 'audio',
            packets: 1,
            bytes: 1,
          })),
        },
      }),
      'invalid',
    ],
    [
      'a sample with an over-long id',
      JSON.stringify({ type: 'sample', sample: { ...sampleAt(1), pc: 'x'.repeat(65) } }),
      'invalid',
    ],
    ['an event larger than the size cap', 'x'.repeat(MAX_HOOK_EVENT_CHARS + 1), 'too-large'],
  ])('refuses %s', (_name, detail, reason) => {
    expect(createHookEventGate()(detail)).toEqual({ ok: false, reason });
  });

  it('refuses a flood beyond the burst, then recovers at the sustained rate', () => {
    let now = 0;
    const gate = createHookEventGate({ ratePerSecond: 10, burst: 20, now: () => now });
    const first = Array.from({ length: 1000 }, () => gate(valid));
    expect(first.filter((r) => r.ok)).toHaveLength(20);
    expect(first[20]).toEqual({ ok: false, reason: 'rate-limited' });
    now += 1000;
    const second = Array.from({ length: 1000 }, () => gate(valid));
    expect(second.filter((r) => r.ok)).toHaveLength(10);
  });

  it('counts refused events against the rate, so junk cannot be used to probe for free', () => {
    let now = 0;
    const gate = createHookEventGate({ ratePerSecond: 1, burst: 2, now: () => now });
    gate('junk');
    gate('junk');
    expect(gate(valid)).toEqual({ ok: false, reason: 'rate-limited' });
    now += 1000;
    expect(gate(valid)).toMatchObject({ ok: true });
  });
});
