import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { BadgeLook } from '@/lib/badge';
import { createHealthService } from '@/lib/health-service';
import { createRespondService } from '@/lib/respond-service';
import { STORAGE_PROBLEM_WORDS } from '@/lib/storage-problem';
import { listIncidents, loadTabHealth, openLifelineDb, type LifelineDatabase } from '@/lib/store';
import type { IncidentChange } from '@/lib/tab-health';
import { sampleAt } from './support/samples';
import { quietRespondDeps } from './support/respond-deps';

const START = 1_700_000_000_000;
const PAGE = { origin: 'http://127.0.0.1:5757', title: 'Lesson' };

/**
 * The real database, except that while `room.full` every write is refused as Chromium refuses it
 * when the quota is used up (fake-indexeddb has no quota; the e2e test has the real one).
 */
function withRoom(db: LifelineDatabase, room: { full: boolean }): LifelineDatabase {
  return new Proxy(db, {
    get(target, key) {
      if (key === 'transaction') {
        return (...args: Parameters<LifelineDatabase['transaction']>) => {
          if (room.full && args[1] === 'readwrite') {
            throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          }
          return target.transaction(...args);
        };
      }
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function setup() {
  const real = await openLifelineDb(new IDBFactory());
  const room = { full: false };
  const db = Promise.resolve(withRoom(real, room));
  const clock = { now: START };
  const looks: BadgeLook[] = [];
  const told: IncidentChange[] = [];
  const health = createHealthService({
    db,
    now: () => clock.now,
    newId: () => 'inc-1',
    showTabLook: async (_tab, look) => void looks.push(look),
    onIncidentChanges: (_tab, changes) => void told.push(...changes),
  });
  const respond = createRespondService(
    quietRespondDeps(db, {
      now: () => clock.now,
      openIncidentIds: async () => ['inc-1'],
      incident: (id) => health.incident(id),
      isUnsaved: (id) => health.isUnsaved(id),
    }),
  );
  const sample = (s: number) => {
    clock.now = START + s * 1000;
    return health.onRelayMessage(
      3,
      0,
      { type: 'sample', sample: sampleAt(s), onLine: true, visible: true },
      PAGE,
    );
  };
  const goOffline = () => {
    clock.now += 200;
    return health.onRelayMessage(3, 0, { type: 'connectivity', onLine: false, t: clock.now }, PAGE);
  };
  return { real, room, clock, looks, told, health, respond, sample, goOffline };
}

describe('the health service when the storage is full', () => {
  it('keeps judging the call in memory: the badge, the status and the prompt go on', async () => {
    const { real, room, looks, told, health, sample, goOffline } = await setup();
    for (let s = 0; s < 3; s++) await sample(s);
    const savedHealth = await loadTabHealth(real, 3);
    room.full = true;
    await goOffline();

    expect(looks.at(-1)).toMatchObject({ text: '!', color: '#D93025' });
    expect(told.map((c) => c.type)).toContain('open');
    const status = await health.tabStatus(3);
    expect(status.unsaved).toBe(true);
    expect(status.look).toBe('failure');
    expect(status.open.map((i) => i.kind)).toEqual(['failed-connection']);
    // What was saved before is untouched; nothing half-written.
    expect((await listIncidents(real)).records).toEqual([]);
    expect(await loadTabHealth(real, 3)).toEqual(savedHealth);
  });

  it('saves what waited, in order, with the first write that fits', async () => {
    const { real, room, health, sample, goOffline } = await setup();
    for (let s = 0; s < 3; s++) await sample(s);
    room.full = true;
    await goOffline();
    await goOffline();
    const seen = (await health.tabStatus(3)).open[0];
    room.full = false;
    await goOffline();

    const { records } = await listIncidents(real);
    expect(records).toHaveLength(1);
    expect(records[0]).toEqual(seen);
    expect(health.isUnsaved('inc-1')).toBe(false);
    expect((await health.tabStatus(3)).unsaved).toBeUndefined();
  });

  it('shows the walk the unsaved incident and says why a step cannot be kept yet', async () => {
    const { room, respond, sample, goOffline } = await setup();
    for (let s = 0; s < 3; s++) await sample(s);
    room.full = true;
    await goOffline();

    expect(await respond.onUiRequest({ type: 'get-incident', id: 'inc-1' })).toMatchObject({
      id: 'inc-1',
      kind: 'failed-connection',
    });
    await expect(
      respond.onUiRequest({
        type: 'record-step',
        incidentId: 'inc-1',
        stepId: 'wait-for-rejoin',
        result: 'done',
      }),
    ).rejects.toThrow(STORAGE_PROBLEM_WORDS.full);

    room.full = false;
    await goOffline();
    expect(
      await respond.onUiRequest({
        type: 'record-step',
        incidentId: 'inc-1',
        stepId: 'wait-for-rejoin',
        result: 'done',
      }),
    ).toMatchObject({ steps: [{ id: 'wait-for-rejoin', result: 'done' }] });
  });

  it('still reports other failures as failures', async () => {
    const broken = createHealthService({
      db: Promise.reject(new Error('disk gone')),
      now: () => START,
      newId: () => 'x',
      showTabLook: async () => undefined,
    });
    await expect(
      broken.onRelayMessage(
        4,
        0,
        { type: 'sample', sample: sampleAt(0), onLine: true, visible: true },
        PAGE,
      ),
    ).rejects.toThrow('disk gone');
  });
});
