import { describe, expect, it } from 'vitest';
import { createBackgroundChannel, type PortLike } from '@/lib/relay/background-channel';
import type { RelayWireMessage } from '@/lib/shared/messages';

/** A port as `runtime.connect` gives one: posts are recorded; the test plays the background. */
class FakePort implements PortLike {
  posted: unknown[] = [];
  gone = false;
  private readonly heard: ((message: unknown) => void)[] = [];
  private readonly closers: (() => void)[] = [];
  onMessage = { addListener: (l: (message: unknown) => void) => void this.heard.push(l) };
  onDisconnect = { addListener: (l: () => void) => void this.closers.push(l) };
  postMessage(message: unknown) {
    if (this.gone) throw new Error('Attempting to use a disconnected port object');
    this.posted.push(message);
  }
  disconnect() {
    this.gone = true;
  }
  /** The background posts on the port. */
  say(message: unknown) {
    for (const l of this.heard) l(message);
  }
  /** The background answers a numbered message. */
  answer(id: number) {
    this.say({ answered: id });
  }
  /** The worker stops: the port closes from the far side. */
  drop() {
    this.gone = true;
    for (const l of this.closers) l();
  }
}

function setUp(tries?: number) {
  const ports: FakePort[] = [];
  const timers: { run: () => void; ms: number }[] = [];
  const channel = createBackgroundChannel({
    connect: () => {
      const port = new FakePort();
      ports.push(port);
      return port;
    },
    later: (run, ms) => void timers.push({ run, ms }),
    tries,
  });
  const runTimers = () => {
    for (const timer of timers.splice(0)) timer.run();
  };
  const port = (i: number) => {
    const opened = ports.at(i);
    if (!opened) throw new Error(`no port ${i} was opened`);
    return opened;
  };
  return { channel, ports, port, timers, runTimers };
}

const closeOf = (pc: string): RelayWireMessage => ({
  type: 'page-event',
  event: JSON.stringify({ type: 'closed', pc, t: 1 }),
});
const samples = (pc: string): RelayWireMessage => ({
  type: 'samples',
  samples: [JSON.stringify({ type: 'sample', sample: { pc } })],
  onLine: true,
  visible: true,
});
const eventsOf = (port: FakePort) =>
  port.posted.map((m) => {
    const message = m as RelayWireMessage & { id?: number };
    return message.type === 'page-event'
      ? `${JSON.parse(message.event).pc}#${message.id ?? '-'}`
      : message.type;
  });

describe('createBackgroundChannel', () => {
  it('opens one port when first used and sends everything on it, in order', () => {
    const { channel, ports, port } = setUp();
    expect(ports).toHaveLength(0);
    channel.send(samples('a'));
    channel.send(closeOf('a'), true);
    channel.send(samples('b'));
    expect(ports).toHaveLength(1);
    expect(eventsOf(port(0))).toEqual(['samples', 'a#1', 'samples']);
  });

  it('numbers only page events that need an answer', () => {
    const { channel, port } = setUp();
    channel.send(closeOf('a'));
    channel.send(closeOf('b'), true);
    channel.send(closeOf('c'), true);
    expect(eventsOf(port(0))).toEqual(['a#-', 'b#1', 'c#2']);
  });

  it('sends an unanswered event again on a new port a second after the worker stops', () => {
    const { channel, ports, port, timers, runTimers } = setUp();
    channel.send(closeOf('a'), true);
    channel.send(closeOf('b'), true);
    port(0).answer(1);
    port(0).drop();
    expect(timers.map((t) => t.ms)).toEqual([1000]);
    runTimers();
    expect(ports).toHaveLength(2);
    expect(eventsOf(port(1))).toEqual(['b#2']);
  });

  it('sets no timer when a port closes with everything answered', () => {
    const { channel, ports, port, timers } = setUp();
    channel.send(samples('a'));
    channel.send(closeOf('a'), true);
    port(0).answer(1);
    port(0).drop();
    expect(timers).toHaveLength(0);
    channel.send(samples('a'));
    expect(ports).toHaveLength(2);
  });

  it(`gives up on an event after the tries it was allowed`, () => {
    const { channel, ports, port, runTimers } = setUp(3);
    channel.send(closeOf('a'), true);
    for (let i = 0; i < 5; i++) {
      port(-1).drop();
      runTimers();
    }
    const sent = ports.flatMap(eventsOf);
    expect(sent).toEqual(['a#1', 'a#1', 'a#1']);
  });

  it('opens a new port at once when the old one closed before it said so', () => {
    const { channel, ports, port } = setUp();
    channel.send(samples('a'));
    port(0).gone = true;
    channel.send(closeOf('a'), true);
    expect(ports).toHaveLength(2);
    expect(eventsOf(port(1))).toEqual(['a#1']);
  });

  it('throws nothing when the extension is gone and no port can open', () => {
    let calls = 0;
    const channel = createBackgroundChannel({
      connect: () => {
        calls += 1;
        throw new Error('Extension context invalidated.');
      },
      later: () => undefined,
    });
    expect(() => channel.send(closeOf('a'), true)).not.toThrow();
    expect(calls).toBe(2);
  });

  it('sends nothing more once closed, nor again what was waiting', () => {
    const { channel, ports, port, timers } = setUp();
    channel.send(closeOf('a'), true);
    channel.close();
    expect(port(0).gone).toBe(true);
    channel.send(samples('a'));
    expect(ports).toHaveLength(1);
    port(0).drop();
    expect(timers).toHaveLength(0);
  });

  it('takes only a numbered answer as one', () => {
    const { channel, port, runTimers } = setUp();
    channel.send(closeOf('a'), true);
    for (const reply of [null, 'answered', { answered: '1' }, { ok: true }]) port(0).say(reply);
    port(0).drop();
    runTimers();
    expect(eventsOf(port(1))).toEqual(['a#1']);
  });
});
