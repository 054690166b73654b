import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { applySocketEvent, reconnectionOf, type PageSocket } from '@/lib/detect/page-sockets';
import { createHealthService } from '@/lib/health/health-service';
import { mergeWorstMetrics } from '@/lib/health/incident-metrics';
import type { SocketEventMessage } from '@/lib/shared/hook-events';
import type { IncidentMetrics } from '@/lib/shared/incident';
import { figuresInWords } from '@/lib/respond/report-email';
import { listIncidents, openLifelineDb } from '@/lib/records/store';
import { EngineHarness } from './support/fake-call';

// Whiteboards that reconnect themselves (issue 12, point 6): socket.io reconnects by
// long-polling first and upgrades to a WebSocket on a new URL; on a page with no call nothing
// but the hook's own messages moves time on.

const host = 'board.example:443';
const open = (engine: EngineHarness, key: string, at: number, tries?: number) =>
  engine.apply({ type: 'socket', phase: 'open', key, host, tries, at });
const poll = (engine: EngineHarness, key: string, at: number, tries?: number) =>
  engine.apply({ type: 'socket', phase: 'poll', key, host, tries, at });
const drop = (engine: EngineHarness, key: string, at: number) =>
  engine.apply({ type: 'socket', phase: 'close', key, host, byPage: false, at });
const check = (engine: EngineHarness, at: number) => engine.apply({ type: 'check', at });
const figuresOf = (engine: EngineHarness) =>
  engine.changes.reduce<IncidentMetrics>(
    (worst, c) => (c.type === 'observe' ? mergeWorstMetrics(worst, c.metrics) : worst),
    {},
  );

describe('an answered poll', () => {
  it('is a reconnection of the host it answered for, and never a drop', () => {
    let sockets: PageSocket[] = [];
    sockets = applySocketEvent(sockets, { phase: 'open', key: '0:a', host, at: 0 });
    sockets = applySocketEvent(sockets, {
      phase: 'close',
      key: '0:a',
      host,
      byPage: false,
      at: 10_000,
    });
    sockets = applySocketEvent(sockets, { phase: 'poll', key: '0:b', host, tries: 2, at: 14_000 });
    expect(reconnectionOf(sockets, sockets[0]!)).toEqual({
      key: '0:b',
      host,
      openedAt: 14_000,
      closedAt: 14_000,
      polled: true,
      tries: 2,
    });
    // Settled: both are forgotten after a minute.
    sockets = applySocketEvent(sockets, { phase: 'open', key: '0:c', host, at: 80_000 });
    expect(sockets.map((s) => s.key)).toEqual(['0:c']);
  });

  it('counts towards no "keeps dropping" warning, however many there are', () => {
    const engine = new EngineHarness();
    for (let i = 0; i < 10; i++) poll(engine, `0:p${i}`, 1_000 + i * 1_000);
    check(engine, 12_000);
    expect(engine.incidents()).toEqual([]);
  });
});

describe('a whiteboard with no call that reconnects by itself', () => {
  it('closes its incident once a poll is answered, without a new socket', () => {
    const engine = new EngineHarness();
    open(engine, '0:ws-1', 1_000);
    drop(engine, '0:ws-1', 20_000);
    check(engine, 25_100);
    expect(engine.incidents()).toMatchObject([{ endedAt: null }]);
    poll(engine, '0:ws-2', 31_000, 3);
    // The hook's nudges 11 s and 20 s after the board is back.
    check(engine, 42_000);
    const [incident] = engine.incidents();
    expect(incident!.endedAt).toBe(new Date(31_000).toISOString());
    expect(figuresOf(engine)).toEqual({ downSeconds: 11, reconnectAttempts: 3 });
  });

  it('counts a socket to the same host on any URL, after polling or not', () => {
    const engine = new EngineHarness();
    open(engine, '0:ws-1', 1_000);
    drop(engine, '0:ws-1', 20_000);
    check(engine, 25_100);
    open(engine, '0:ws-7', 27_500, 0);
    check(engine, 38_500);
    expect(engine.incidents()[0]!.endedAt).toBe(new Date(27_500).toISOString());
    expect(figuresOf(engine)).toEqual({ downSeconds: 7.5, reconnectAttempts: 0 });
  });

  it('counts the time down so far while the board is still away', () => {
    const engine = new EngineHarness();
    open(engine, '0:ws-1', 1_000);
    drop(engine, '0:ws-1', 20_000);
    check(engine, 25_100);
    check(engine, 33_000);
    expect(figuresOf(engine)).toEqual({ downSeconds: 13 });
  });

  it('is closed by the minute sweep when the nudges were lost', () => {
    const engine = new EngineHarness();
    open(engine, '0:ws-1', 1_000);
    drop(engine, '0:ws-1', 20_000);
    check(engine, 25_100);
    open(engine, '0:ws-2', 30_000);
    expect(engine.incidents()[0]!.endedAt).toBeNull();
    engine.apply({ type: 'tick', at: 60_000 });
    expect(engine.incidents()[0]!.endedAt).toBe(new Date(30_000).toISOString());
  });

  it('stays watched past the call-gone timeout while its socket is open', () => {
    const engine = new EngineHarness();
    open(engine, '0:ws-1', engine.now + 1_000);
    engine.apply({ type: 'tick', at: engine.now + 300_000 });
    expect(engine.state.sockets).toHaveLength(1);
    drop(engine, '0:ws-1', engine.now + 310_000);
    check(engine, engine.now + 315_100);
    expect(engine.summary()).toEqual([
      { kind: 'whiteboard-disconnected', side: 'unknown', cause: 'whiteboard-connection-lost' },
    ]);
  });
});

describe('the health service, for a whiteboard-only tab', () => {
  it('stores the page and the figures, and closes the incident after a poll', async () => {
    const db = openLifelineDb(new IDBFactory());
    const clock = { now: 1_700_000_000_000 };
    const start = clock.now;
    let n = 0;
    const service = createHealthService({
      db,
      now: () => clock.now,
      newId: () => `inc-${++n}`,
      showTabLook: async () => {},
    });
    const page = { origin: 'https://board.example', title: 'Maths board' };
    const socket = (at: number, message: Omit<SocketEventMessage, 'type' | 'host' | 't'>) => {
      clock.now = start + at;
      return service.onRelayMessage(7, 0, { type: 'socket', host, t: clock.now, ...message }, page);
    };
    await socket(0, { id: 'ws-1', phase: 'open' });
    await socket(10_000, { id: 'ws-1', phase: 'close', byPage: false });
    await socket(15_100, { id: 'ws-1', phase: 'check' });
    await socket(18_000, { id: 'ws-2', phase: 'poll', tries: 4 });
    await socket(18_200, { id: 'ws-3', phase: 'open' });
    await socket(29_000, { id: 'ws-2', phase: 'check' });
    const { records } = await listIncidents(await db);
    expect(records).toMatchObject([
      {
        kind: 'whiteboard-disconnected',
        page,
        metrics: { downSeconds: 8, reconnectAttempts: 4 },
        endedAt: new Date(start + 18_000).toISOString(),
      },
    ]);
  });
});

describe('whiteboard figures in the email', () => {
  it('says how long the board was down and how many attempts it took', () => {
    expect(figuresInWords({ downSeconds: 12.4, reconnectAttempts: 3 })).toBe(
      'whiteboard down 12 s; 3 reconnect attempts',
    );
    expect(figuresInWords({ downSeconds: 6, reconnectAttempts: 1 })).toBe(
      'whiteboard down 6 s; 1 reconnect attempt',
    );
  });
});
