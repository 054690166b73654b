// idb wraps requests by their classes (IDBRequest, IDBCursor…); the auto entry defines them.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { TIMELINE_MAX_POINTS } from '@/lib/health/call-timeline';
import {
  appendTimeline,
  DB_NAME,
  DB_VERSION,
  getIncident,
  getTimeline,
  importIncidents,
  listIncidents,
  listRecentIncidents,
  loadSettings,
  openLifelineDb,
  purgeExpiredIncidents,
  saveSettings,
} from '@/lib/records/store';
import { DEFAULT_SETTINGS } from '@/lib/settings/settings';
import { anIncident } from '../support/incidents';

/** A profile as version 1 of Lifeline left it, built with version 1's own upgrade step. */
async function versionOneProfile(factory: IDBFactory) {
  const saved = globalThis.indexedDB;
  globalThis.indexedDB = factory;
  try {
    const db = await openDB(DB_NAME, 1, {
      upgrade(db) {
        const incidents = db.createObjectStore('incidents', { keyPath: 'id' });
        incidents.createIndex('startedAt', 'startedAt');
        db.createObjectStore('health', { keyPath: 'tabId' });
        db.createObjectStore('settings');
      },
    });
    await db.put('incidents', { ...anIncident({ id: 'old-1' }), schemaVersion: 1 });
    await db.put('settings', { ...DEFAULT_SETTINGS, tutorName: 'Sam' }, 'current');
    db.close();
  } finally {
    globalThis.indexedDB = saved;
  }
}

describe('store upgrade path', () => {
  it('opens a fresh profile at the current version', async () => {
    const db = await openLifelineDb(new IDBFactory());
    expect(db.version).toBe(DB_VERSION);
    db.close();
  });

  it('upgrades a version 1 profile keeping its incidents and settings', async () => {
    const factory = new IDBFactory();
    await versionOneProfile(factory);
    const db = await openLifelineDb(factory);
    expect(db.version).toBe(DB_VERSION);
    expect(db.objectStoreNames.contains('timelines')).toBe(true);
    expect(db.objectStoreNames.contains('plans')).toBe(true);
    expect(await getIncident(db, 'old-1')).toEqual(anIncident({ id: 'old-1' }));
    expect((await loadSettings(db)).settings.tutorName).toBe('Sam');
    db.close();
  });

  it('reports a record that fails validation instead of failing the list', async () => {
    const db = await openLifelineDb(new IDBFactory());
    await db.put('incidents', { ...anIncident({ id: 'ok' }), schemaVersion: 1 });
    await db.put('incidents', {
      ...anIncident({ id: 'broken' }),
      kind: 'meteor',
      schemaVersion: 1,
    } as never);
    await db.put('incidents', { ...anIncident({ id: 'future' }), schemaVersion: 7 } as never);
    const { records, rejected } = await listIncidents(db);
    expect(records.map((r) => r.id)).toEqual(['ok']);
    expect(rejected.map((r) => r.key).sort()).toEqual(['broken', 'future']);
    db.close();
  });

  it('saves valid settings and refuses invalid ones without touching the stored record', async () => {
    const db = await openLifelineDb(new IDBFactory());
    await saveSettings(db, { ...DEFAULT_SETTINGS, tutorName: 'Ana' });
    await expect(
      saveSettings(db, { ...DEFAULT_SETTINGS, incidentEmail: 'nope' }),
    ).rejects.toThrow();
    expect((await loadSettings(db)).settings.tutorName).toBe('Ana');
    db.close();
  });
});

describe('importing into the store', () => {
  it('adds, merges and never removes stored incidents', async () => {
    const db = await openLifelineDb(new IDBFactory());
    await importIncidents(db, [anIncident({ id: 'mine' }), anIncident({ id: 'shared' })]);
    const summary = await importIncidents(db, [
      anIncident({ id: 'shared', lessonRef: 'JS' }),
      anIncident({ id: 'theirs' }),
    ]);
    expect(summary).toEqual({ added: 1, merged: 1, unchanged: 0, rejected: [] });
    const { records } = await listIncidents(db);
    expect(records.map((r) => r.id).sort()).toEqual(['mine', 'shared', 'theirs']);
    expect((await getIncident(db, 'shared'))?.lessonRef).toBe('JS');
    db.close();
  });

  it('imports the same file twice without changing anything the second time', async () => {
    const db = await openLifelineDb(new IDBFactory());
    const file = [anIncident({ id: 'a' }), anIncident({ id: 'b' })];
    await importIncidents(db, file);
    expect(await importIncidents(db, file)).toMatchObject({ added: 0, merged: 0, unchanged: 2 });
    db.close();
  });

  it('replaces a stored record that no longer validates with the imported one', async () => {
    const db = await openLifelineDb(new IDBFactory());
    await db.put('incidents', { id: 'x', kind: 'meteor', schemaVersion: 1 } as never);
    expect(await importIncidents(db, [anIncident({ id: 'x' })])).toMatchObject({ added: 1 });
    expect(await getIncident(db, 'x')).toEqual(anIncident({ id: 'x' }));
    db.close();
  });
});

describe('retention purge', () => {
  it('deletes ended incidents past retention with their chart data, and nothing else', async () => {
    const db = await openLifelineDb(new IDBFactory());
    await importIncidents(db, [
      anIncident({
        id: 'old',
        startedAt: '2026-01-01T10:00:00.000Z',
        endedAt: '2026-01-01T10:05:00.000Z',
      }),
      anIncident({ id: 'old-open', startedAt: '2026-01-01T10:00:00.000Z', endedAt: null }),
      anIncident({
        id: 'recent',
        startedAt: '2026-11-20T10:00:00.000Z',
        endedAt: '2026-11-20T10:05:00.000Z',
      }),
    ]);
    await db.put('incidents', {
      id: 'unreadable',
      startedAt: '2000-01-01T00:00:00.000Z',
      schemaVersion: 1,
    } as never);
    await appendTimeline(db, 'old', [{ t: 1, inKbps: 5 }]);
    await appendTimeline(db, 'recent', [{ t: 1, inKbps: 5 }]);

    const purged = await purgeExpiredIncidents(db, Date.parse('2026-11-21T12:00:00.000Z'), 90);

    expect(purged).toBe(1);
    expect((await db.getAllKeys('incidents')).sort()).toEqual(['old-open', 'recent', 'unreadable']);
    expect(await db.getAllKeys('timelines')).toEqual(['recent']);
    db.close();
  });
});

describe('incident chart data', () => {
  it('appends points and reads them back', async () => {
    const db = await openLifelineDb(new IDBFactory());
    await appendTimeline(db, 'i', [
      { t: 1, inKbps: 1 },
      { t: 2, inKbps: 2 },
    ]);
    await appendTimeline(db, 'i', [{ t: 3, outKbps: 9 }]);
    expect(await getTimeline(db, 'i')).toEqual({
      points: [
        { t: 1, inKbps: 1 },
        { t: 2, inKbps: 2 },
        { t: 3, outKbps: 9 },
      ],
    });
    db.close();
  });

  it('stays within the cap per incident', async () => {
    const db = await openLifelineDb(new IDBFactory());
    const points = Array.from({ length: TIMELINE_MAX_POINTS + 500 }, (_, t) => ({
      t: t + 1,
      inKbps: 1,
    }));
    await appendTimeline(db, 'long', points);
    expect((await getTimeline(db, 'long')).points.length).toBeLessThanOrEqual(TIMELINE_MAX_POINTS);
    db.close();
  });

  it('reports unreadable chart data and shows none', async () => {
    const db = await openLifelineDb(new IDBFactory());
    await db.put('timelines', { incidentId: 'bad', schemaVersion: 1, points: 'nope' } as never);
    const read = await getTimeline(db, 'bad');
    expect(read.points).toEqual([]);
    expect(read.error).toBeTruthy();
    expect(await getTimeline(db, 'missing')).toEqual({ points: [] });
    db.close();
  });
});

describe('reading the newest incidents first', () => {
  it('gives the newest ones, newest first, with the total count', async () => {
    const db = await openLifelineDb(new IDBFactory());
    await importIncidents(
      db,
      ['2026-11-01', '2026-11-03', '2026-11-02', '2026-11-05', '2026-11-04'].map((day, i) =>
        anIncident({ id: `i${i}`, startedAt: `${day}T10:00:00.000Z`, endedAt: null }),
      ),
    );
    const recent = await listRecentIncidents(db, 3);
    expect(recent.total).toBe(5);
    expect(recent.records.map((r) => r.startedAt.slice(0, 10))).toEqual([
      '2026-11-05',
      '2026-11-04',
      '2026-11-03',
    ]);
    db.close();
  });
});
