import { describe, expect, it } from 'vitest';
import { createHookEventGate } from '@/lib/relay/hook-event-gate';
import { MAX_HOOK_EVENT_CHARS, SAMPLE_EVENT_PREFIX } from '@/lib/shared/hook-event-limits';
import { sampleAt } from './support/samples';

// The hook's own form: lib/hook/install-rtc-hook.ts emits `{ type: 'sample', sample }`.
const valid = JSON.stringify({ type: 'sample', sample: sampleAt(3) });

describe('the relay gate for page events', () => {
  it('lets a sample in the hook’s form through as the page’s own text', () => {
    expect(valid.startsWith(SAMPLE_EVENT_PREFIX)).toBe(true);
    expect(createHookEventGate()(valid)).toEqual({
      ok: true,
      event: { kind: 'sample', text: valid },
    });
  });

  it.each([
    ['a closed connection', { type: 'closed', pc: 'p-1', t: 5 }, true],
    ['a socket closing', { type: 'socket', id: 'ws-1', host: 'h:443', phase: 'close', t: 9 }, true],
    [
      'a dropped board answering a poll',
      { type: 'socket', id: 'ws-1', host: 'h', phase: 'poll', t: 9 },
      true,
    ],
    ['a socket opening', { type: 'socket', id: 'ws-1', host: 'h', phase: 'open', t: 9 }, false],
    ['a socket checked', { type: 'socket', id: 'ws-1', host: 'h', phase: 'check', t: 9 }, false],
  ])('lets %s through, marked for resending when nothing repeats it: %s', (_name, event, last) => {
    const text = JSON.stringify(event);
    expect(createHookEventGate()(text)).toEqual({ ok: true, event: { kind: 'event', text, last } });
  });

  it.each([
    ['an object instead of a string', { type: 'sample' }, 'not-a-string'],
    ['undefined', undefined, 'not-a-string'],
    ['text that is not JSON', '{type: sample', 'not-json'],
    ['JSON null', 'null', 'invalid'],
    ['a JSON array', '[1,2]', 'invalid'],
    ['an unknown event type', JSON.stringify({ type: 'steal-settings' }), 'invalid'],
    [
      'a connectivity change, which only the relay makes',
      JSON.stringify({ type: 'connectivity', onLine: false, t: 1 }),
      'invalid',
    ],
    [
      'a sample not in the hook’s form',
      JSON.stringify({ sample: sampleAt(1), type: 'sample' }),
      'invalid',
    ],
    ['an event larger than the size cap', 'x'.repeat(MAX_HOOK_EVENT_CHARS + 1), 'too-large'],
    [
      'a sample larger than the size cap',
      SAMPLE_EVENT_PREFIX + 'x'.repeat(MAX_HOOK_EVENT_CHARS),
      'too-large',
    ],
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
