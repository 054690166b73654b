import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { BadgeLook } from '@/lib/health/badge';
import { createHealthService } from '@/lib/health/health-service';
import { listIncidents, openLifelineDb } from '@/lib/records/store';
import { sampleAt } from './support/samples';

const START = 1_700_000_000_000;
const PAGE = { origin: 'http://127.0.0.1:5757', title: 'Lesson' };

function setup() {
  const db = openLifelineDb(new IDBFactory());
  const clock = { now: START };
  const looks = new Map<number, BadgeLook>();
  let n = 0;
  const service = createHealthService({
    db,
    now: () => clock.now,
    newId: () => `inc-${++n}`,
    showTabLook: async (tabId, look) => void looks.set(tabId, look),
  });
  const sample = (second: number, videoPackets?: number) => {
    clock.now = START + second * 1000;
    return service.onRelayMessage(
      5,
      0,
      {
        type: 'sample',
        sample: sampleAt(second, videoPackets === undefined ? {} : { videoPackets }),
        onLine: true,
        visible: true,
      },
      PAGE,
    );
  };
  return { db, clock, looks, service, sample };
}

describe('the health service, for detection inputs', () => {
  it('closes no-video as dismissed when the tutor marks the camera off on purpose', async () => {
    const { db, looks, service, sample } = setup();
    for (let s = 0; s < 5; s++) await sample(s);
    for (let s = 5; s < 10; s++) await sample(s, 90 * 4);
    expect(looks.get(5)?.look).toBe('failure');
    await service.markCameraOffOnPurpose(5);
    for (let s = 10; s < 40; s++) await sample(s, 90 * 4);
    const { records } = await listIncidents(await db);
    expect(records).toMatchObject([{ kind: 'no-video', dismissed: true }]);
    expect(records[0]!.endedAt).not.toBeNull();
    expect(looks.get(5)?.text).toBe('');
  });

  it('opens a whiteboard incident from relayed socket events, with no call in the tab', async () => {
    const { db, clock, service } = setup();
    const socket = (phase: 'open' | 'close' | 'check', at: number, byPage?: boolean) => {
      clock.now = START + at;
      return service.onRelayMessage(
        7,
        0,
        { type: 'socket', id: 'ws-1', host: 'board.example', phase, byPage, t: clock.now },
        PAGE,
      );
    };
    await socket('open', 0);
    await socket('close', 10_000, false);
    await socket('check', 15_100);
    const { records } = await listIncidents(await db);
    expect(records).toMatchObject([
      { kind: 'whiteboard-disconnected', side: 'unknown', cause: 'whiteboard-connection-lost' },
    ]);
  });

  it('does not start watching a tab for a socket that only closes', async () => {
    const { db, clock, service } = setup();
    clock.now = START + 10_000;
    await service.onRelayMessage(
      7,
      0,
      { type: 'socket', id: 'ws-1', host: 'board.example', phase: 'close', byPage: false, t: 1 },
      PAGE,
    );
    expect(await (await db).count('health')).toBe(0);
  });

  it('tells each watched tab how many other tabs play media', async () => {
    const { db, service, sample } = setup();
    for (let s = 0; s < 3; s++) await sample(s);
    await service.onAudibleTabs([5, 9, 11]);
    expect((await (await db).get('health', 5))?.otherMediaTabs).toBe(2);
    await service.onAudibleTabs([5]);
    expect((await (await db).get('health', 5))?.otherMediaTabs).toBe(0);
  });
});
