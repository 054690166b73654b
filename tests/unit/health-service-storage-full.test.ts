import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import type { BadgeLook } from '@/lib/health/badge';
import { createHealthService } from '@/lib/health/health-service';
import { createRespondService } from '@/lib/respond/respond-service';
import { STORAGE_PROBLEM_WORDS } from '@/lib/records/storage-problem';
import {
  listIncidents,
  loadTabHealth,
  openLifelineDb,
  type LifelineDatabase,
} from '@/lib/records/store';
import type { IncidentChange } from '@/lib/health/tab-health';
import type { UnsavedWork } from '@/lib/health/unsaved-work';
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

/**
 * The browser's session storage as the background uses it: it outlives a worker, and keeps a
 * structured copy, never the worker's own objects.
 */
function sessionCopy() {
  const copy: { kept?: unknown; writes: number } = { writes: 0 };
  return {
    copy,
    unsavedWork: {
      read: async () => structuredClone(copy.kept),
      write: async (work: UnsavedWork | undefined) => {
        copy.writes += 1;
        copy.kept = structuredClone(work);
      },
    },
  };
}

async function setup() {
  const real = await openLifelineDb(new IDBFactory());
  const room = { full: false };
  const db = Promise.resolve(withRoom(real, room));
  const clock = { now: START };
  const looks: BadgeLook[] = [];
  const told: IncidentChange[] = [];
  const session = sessionCopy();
  let ids = 0;
  /** A worker (re)started: a new service over the same records and session copy. */
  const startWorker = () =>
    createHealthService({
      db,
      now: () => clock.now,
      // A second incident for the same fault would show up as inc-2.
      newId: () => `inc-${(ids += 1)}`,
      showTabLook: async (_tab, look) => void looks.push(look),
      onIncidentChanges: (_tab, changes) => void told.push(...changes),
      unsavedWork: session.unsavedWork,
    });
  let health = startWorker();
  const respond = createRespondService(
    quietRespondDeps(db, {
      now: () => clock.now,
      openIncidentIds: async () => ['inc-1'],
      incident: (id) => health.incident(id),
      isUnsaved: (id) => health.isUnsaved(id),
    }),
  );
  const restartWorker = () => (health = startWorker());
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
  return {
    real,
    room,
    clock,
    looks,
    told,
    get health() {
      return health;
    },
    respond,
    sample,
    goOffline,
    restartWorker,
    session: session.copy,
  };
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

  it('keeps the waiting changes across a stopped worker: the same incident, not a second', async () => {
    const t = await setup();
    for (let s = 0; s < 3; s++) await t.sample(s);
    t.room.full = true;
    await t.goOffline();
    await t.goOffline();
    const seen = (await t.health.tabStatus(3)).open;
    expect(seen.map((i) => i.id)).toEqual(['inc-1']);

    t.restartWorker();
    const status = await t.health.tabStatus(3);
    expect(status.unsaved).toBe(true);
    expect(status.open).toEqual(seen);
    expect(await t.health.incident('inc-1')).toEqual(seen[0]);
    expect(t.health.isUnsaved('inc-1')).toBe(true);
    // The fault goes on under the restarted worker: it carries on with inc-1.
    await t.goOffline();
    t.restartWorker();
    await t.goOffline();
    expect((await t.health.tabStatus(3)).open.map((i) => i.id)).toEqual(['inc-1']);

    t.room.full = false;
    await t.goOffline();
    const { records } = await listIncidents(t.real);
    expect(records.map((i) => i.id)).toEqual(['inc-1']);
    expect(t.told.filter((c) => c.type === 'open')).toHaveLength(1);
    // Everything is saved: the session copy is gone.
    expect(t.session.kept).toBeUndefined();
    t.restartWorker();
    expect((await t.health.tabStatus(3)).unsaved).toBeUndefined();
  });

  it('saves what waited on the minute sweep when no call sends anything', async () => {
    const t = await setup();
    for (let s = 0; s < 3; s++) await t.sample(s);
    t.room.full = true;
    await t.goOffline();
    // The tutor closes the call tab, and the worker is stopped, all while the disk is full.
    await t.health.onTabRemoved(3);
    t.restartWorker();
    expect(await t.health.incident('inc-1')).toMatchObject({ endedAt: expect.any(String) });
    expect(await loadTabHealth(t.real, 3)).toBeDefined();
    // A sweep while still full changes nothing stored and keeps the copy.
    await t.health.sweep();
    expect((await listIncidents(t.real)).records).toEqual([]);
    expect(t.session.kept).toBeDefined();

    t.room.full = false;
    await t.health.sweep();
    const { records } = await listIncidents(t.real);
    expect(records).toEqual([
      expect.objectContaining({ id: 'inc-1', endedAt: expect.any(String) }),
    ]);
    expect(await loadTabHealth(t.real, 3)).toBeUndefined();
    expect(t.session.kept).toBeUndefined();
  });

  it('sweeps a tab first seen while the disk was full', async () => {
    const t = await setup();
    t.room.full = true;
    for (let s = 0; s < 3; s++) await t.sample(s);
    await t.goOffline();
    t.restartWorker();
    expect(await loadTabHealth(t.real, 3)).toBeUndefined();
    t.room.full = false;
    // Long silent: the sweep ends the call's incident, which only the session copy knew of.
    t.clock.now += 10 * 60_000;
    await t.health.sweep();
    expect((await listIncidents(t.real)).records).toEqual([
      expect.objectContaining({ id: 'inc-1', kind: 'failed-connection' }),
    ]);
    expect(await loadTabHealth(t.real, 3)).toMatchObject({ tabId: 3 });
  });

  it('writes no session copy while everything saves', async () => {
    const t = await setup();
    for (let s = 0; s < 3; s++) await t.sample(s);
    await t.goOffline();
    expect(t.session.writes).toBe(0);
  });

  it('reports a session copy it cannot read, ignores it, and carries on', async () => {
    const t = await setup();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    t.session.kept = {
      schemaVersion: 1,
      changes: [{ type: 'open', incident: { id: 5 } }],
      tabs: {},
    };
    t.restartWorker();
    for (let s = 0; s < 3; s++) await t.sample(s);
    await t.goOffline();
    expect((await t.health.tabStatus(3)).open.map((i) => i.id)).toEqual(['inc-1']);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('changes kept while the storage was full could not be read back'),
    );
    warn.mockRestore();
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
