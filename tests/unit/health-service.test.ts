import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { BadgeLook } from '@/lib/health/badge';
import { createHealthService } from '@/lib/health/health-service';
import { listIncidents, openLifelineDb, type LifelineDatabase } from '@/lib/records/store';
import { sampleAt } from './support/samples';

const START = 1_700_000_000_000;
const PAGE = { origin: 'http://127.0.0.1:5757', title: 'Lesson' };

/** A service over a given database, as a freshly (re)started worker would build it. */
function startWorker(
  db: Promise<LifelineDatabase>,
  clock: { now: number },
  looks: Map<number, BadgeLook>,
) {
  let n = 0;
  return createHealthService({
    db,
    now: () => clock.now,
    newId: () => `inc-${clock.now}-${++n}`,
    showTabLook: async (tabId, look) => void looks.set(tabId, look),
  });
}

function setup() {
  const db = openLifelineDb(new IDBFactory());
  const clock = { now: START };
  const looks = new Map<number, BadgeLook>();
  const send = (service: ReturnType<typeof startWorker>, second: number, onLine = true) => {
    clock.now = START + second * 1000;
    return service.onRelayMessage(
      5,
      0,
      { type: 'sample', sample: sampleAt(second), onLine, visible: true },
      PAGE,
    );
  };
  return { db, clock, looks, send };
}

describe('the health service', () => {
  it('stores the incident and turns the badge red when the browser goes offline', async () => {
    const { db, clock, looks, send } = setup();
    const service = startWorker(db, clock, looks);
    for (let s = 0; s < 3; s++) await send(service, s);
    clock.now = START + 3_200;
    await service.onRelayMessage(5, 0, { type: 'connectivity', onLine: false, t: clock.now }, PAGE);
    expect(looks.get(5)).toEqual({ look: 'failure', text: '!', color: '#D93025' });
    const { records } = await listIncidents(await db);
    expect(records).toMatchObject([
      { kind: 'failed-connection', side: 'local', endedAt: null, page: PAGE },
    ]);
  });

  it('resumes the same incident after a worker restart: nothing lost, nothing duplicated', async () => {
    const { db, clock, looks, send } = setup();
    const first = startWorker(db, clock, looks);
    for (let s = 0; s < 3; s++) await send(first, s);
    await send(first, 3, false);
    // The worker is stopped: all memory gone. A new one starts on the next message.
    const second = startWorker(db, clock, new Map());
    for (let s = 4; s < 8; s++) await send(second, s, false);
    let { records } = await listIncidents(await db);
    expect(records).toHaveLength(1);
    expect(records[0]!.endedAt).toBeNull();
    const third = startWorker(db, clock, new Map());
    for (let s = 8; s < 20; s++) await send(third, s, true);
    ({ records } = await listIncidents(await db));
    expect(records).toHaveLength(1);
    expect(records[0]!.endedAt).toBe(new Date(START + 8_000).toISOString());
  });

  it('applies messages for one tab in order even when they arrive together', async () => {
    const { db, clock, looks } = setup();
    const service = startWorker(db, clock, looks);
    const sends = [];
    for (let s = 0; s < 30; s++) {
      sends.push(
        service.onRelayMessage(
          5,
          0,
          { type: 'sample', sample: sampleAt(s), onLine: s < 10 || s >= 15, visible: true },
          PAGE,
        ),
      );
      clock.now += 1000;
    }
    await Promise.all(sends);
    const { records } = await listIncidents(await db);
    expect(records).toHaveLength(1);
    expect(records[0]!.endedAt).not.toBeNull();
    expect(looks.get(5)?.look).toBe('healthy');
  });

  it('does not start watching a tab because it went offline without a call', async () => {
    const { db, clock, looks } = setup();
    const service = startWorker(db, clock, looks);
    await service.onRelayMessage(9, 0, { type: 'connectivity', onLine: false, t: START }, PAGE);
    expect((await listIncidents(await db)).records).toEqual([]);
    expect((await service.tabStatus(9)).inCall).toBe(false);
  });

  it('describes the tab for the popup, with the open incident', async () => {
    const { db, clock, looks, send } = setup();
    const service = startWorker(db, clock, looks);
    for (let s = 0; s < 3; s++) await send(service, s);
    await send(service, 3, false);
    const status = await service.tabStatus(5);
    expect(status).toMatchObject({
      inCall: true,
      onLine: false,
      look: 'failure',
      connectionState: 'connected',
      connections: 1,
    });
    expect(status.open).toMatchObject([{ kind: 'failed-connection', side: 'local' }]);
    expect(status.figures.inKbps).toBe(824);
  });

  it('closes a closed tab’s incident and forgets the tab', async () => {
    const { db, clock, looks, send } = setup();
    const service = startWorker(db, clock, looks);
    for (let s = 0; s < 3; s++) await send(service, s);
    await send(service, 3, false);
    await service.onTabRemoved(5);
    const { records } = await listIncidents(await db);
    expect(records[0]!.endedAt).not.toBeNull();
    expect(await (await db).get('health', 5)).toBeUndefined();
  });

  it('closes what every old tab left open when the browser starts again', async () => {
    const { db, clock, looks, send } = setup();
    const service = startWorker(db, clock, looks);
    for (let s = 0; s < 3; s++) await send(service, s);
    await send(service, 3, false);
    await startWorker(db, clock, new Map()).onBrowserStarted();
    const { records } = await listIncidents(await db);
    expect(records[0]!.endedAt).toBe(new Date(START + 3_000).toISOString());
    expect(await (await db).getAll('health')).toEqual([]);
  });
});

describe('the health service and the tutor’s sensitivity', () => {
  it('detects by the preset the settings name, re-reading them as they change', async () => {
    const db = openLifelineDb(new IDBFactory());
    const clock = { now: START };
    let setting: 'relaxed' | 'standard' | 'sensitive' = 'relaxed';
    const asked: string[] = [];
    const service = createHealthService({
      db,
      now: () => clock.now,
      newId: () => 'inc',
      showTabLook: async () => undefined,
      sensitivity: async () => (asked.push(setting), setting),
    });
    // A cut call: media stops 0.4 s after second 9. Relaxed waits 3.5 s of nothing, so second
    // 12 (2.6 s) is not yet an incident although it would be under the standard preset.
    for (let s = 0; s <= 12; s++) {
      clock.now = START + s * 1000;
      const packets = s < 10 ? {} : { audioPackets: 470, videoPackets: 846 };
      await service.onRelayMessage(
        5,
        0,
        { type: 'sample', sample: sampleAt(s, packets), onLine: true, visible: true },
        PAGE,
      );
    }
    expect((await listIncidents(await db)).records).toEqual([]);
    setting = 'sensitive';
    clock.now = START + 13_000;
    await service.onRelayMessage(
      5,
      0,
      {
        type: 'sample',
        sample: sampleAt(13, { audioPackets: 470, videoPackets: 846 }),
        onLine: true,
        visible: true,
      },
      PAGE,
    );
    expect((await listIncidents(await db)).records).toHaveLength(1);
    // Settings are read once per 5 s, not on every sample.
    expect(asked.length).toBeLessThanOrEqual(4);
  });
});
