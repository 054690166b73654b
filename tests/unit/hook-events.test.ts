import { describe, expect, it } from 'vitest';
import { parseHookEvent } from '@/lib/shared/hook-events';
import { sampleAt } from './support/samples';

// What the background does with a page event's text the relay forwarded unparsed.
describe('parseHookEvent', () => {
  it('reads a sample, a closed connection and a socket event', () => {
    const sample = { type: 'sample', sample: sampleAt(3) };
    const closed = { type: 'closed', pc: 'p-1', t: 5 };
    const socket = {
      type: 'socket',
      id: 'ws-1',
      host: 'board.example:443',
      phase: 'close',
      byPage: false,
      t: 9,
    };
    for (const event of [sample, closed, socket]) {
      expect(parseHookEvent(JSON.stringify(event))).toEqual(event);
    }
  });

  it('drops what the page adds to a sample (a claimed tab, a claimed online state)', () => {
    const text = JSON.stringify({ type: 'sample', tabId: 7, onLine: false, sample: sampleAt(1) });
    expect(parseHookEvent(text)).toEqual({ type: 'sample', sample: sampleAt(1) });
  });

  const manyStreams = Array.from({ length: 65 }, (_, i) => ({
    id: `s${i}`,
    kind: 'audio',
    packets: 1,
    bytes: 1,
  }));
  it.each([
    ['text that is not JSON', '{type: sample'],
    ['an unknown event type', JSON.stringify({ type: 'steal-settings' })],
    [
      'a socket event with an unknown phase',
      JSON.stringify({ type: 'socket', id: 'ws-1', host: 'h', phase: 'hijack', t: 1 }),
    ],
    [
      'a socket event with an oversized host',
      JSON.stringify({ type: 'socket', id: 'ws-1', host: 'h'.repeat(300), phase: 'open', t: 1 }),
    ],
    [
      'a sample with a negative counter',
      JSON.stringify({
        type: 'sample',
        sample: { ...sampleAt(1), inbound: [{ id: 'a', kind: 'audio', packets: -5, bytes: 0 }] },
      }),
    ],
    [
      'a sample with an absurd RTT',
      JSON.stringify({ type: 'sample', sample: { ...sampleAt(1), rttMs: 1e15 } }),
    ],
    [
      'a sample with an unknown connection state',
      JSON.stringify({ type: 'sample', sample: { ...sampleAt(1), state: 'exploded' } }),
    ],
    [
      'a sample with too many streams',
      JSON.stringify({ type: 'sample', sample: { ...sampleAt(1), inbound: manyStreams } }),
    ],
    [
      'a sample with an over-long id',
      JSON.stringify({ type: 'sample', sample: { ...sampleAt(1), pc: 'x'.repeat(65) } }),
    ],
  ])('refuses %s', (_name, text) => {
    expect(parseHookEvent(text)).toBeUndefined();
  });
});
