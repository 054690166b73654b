import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createHealthService } from '@/lib/health/health-service';
import { getIncident, openLifelineDb } from '@/lib/records/store';
import type { IncidentChange } from '@/lib/health/tab-health';
import { sampleAt } from './support/samples';

const START = 1_700_000_000_000;
const PAGE = { origin: 'http://127.0.0.1:5757', title: 'Lesson' };

describe('the health service tells the respond service about incident changes', () => {
  it('after the commit, so the incident can already be read; and when the tab closes', async () => {
    const db = openLifelineDb(new IDBFactory());
    const clock = { now: START };
    const told: [number, IncidentChange['type'], boolean][] = [];
    const service = createHealthService({
      db,
      now: () => clock.now,
      newId: () => 'inc-1',
      showTabLook: async () => undefined,
      onIncidentChanges: (tabId, changes) => {
        void Promise.all(
          changes.map(async (c) => {
            const id = c.type === 'open' ? c.incident.id : c.id;
            told.push([tabId, c.type, (await getIncident(await db, id)) !== undefined]);
          }),
        );
      },
    });
    for (let s = 0; s < 3; s++) {
      clock.now = START + s * 1000;
      await service.onRelayMessage(
        3,
        0,
        { type: 'sample', sample: sampleAt(s), onLine: true, visible: true },
        PAGE,
      );
    }
    expect(told).toEqual([]);
    clock.now = START + 3200;
    await service.onRelayMessage(3, 0, { type: 'connectivity', onLine: false, t: clock.now }, PAGE);
    await service.onTabRemoved(3);
    await new Promise((r) => setTimeout(r, 20));
    expect(told.filter(([, type]) => type !== 'observe')).toEqual([
      [3, 'open', true],
      [3, 'close', true],
    ]);
  });
});
