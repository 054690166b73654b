import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '@/lib/settings/settings';
import {
  commitTabHealth,
  DB_VERSION,
  getIncident,
  listIncidents,
  loadSettings,
  loadTabHealth,
  openLifelineDb,
  saveSettings,
} from '@/lib/records/store';
import type { Incident } from '@/lib/shared/incident';
import { newTabHealth } from '@/lib/health/tab-health';

const incident = (id: string, startedAt: string): Incident => ({
  id,
  kind: 'failed-connection',
  severity: 'failure',
  side: 'local',
  cause: 'browser-offline',
  startedAt,
  detectedAt: startedAt,
  endedAt: null,
  dismissed: false,
  page: { origin: 'http://127.0.0.1', title: 'Lesson' },
  metrics: {},
  steps: [],
  outcome: null,
});

describe('the store', () => {
  it('creates every store on a fresh profile', async () => {
    const db = await openLifelineDb(new IDBFactory());
    expect([...db.objectStoreNames].sort()).toEqual([
      'health',
      'incidents',
      'plans',
      'settings',
      'timelines',
    ]);
  });

  it('lists incidents newest first and reports a bad record without failing', async () => {
    const db = await openLifelineDb(new IDBFactory());
    await db.put('incidents', { ...incident('a', '2026-11-01T10:00:00.000Z'), schemaVersion: 1 });
    await db.put('incidents', { ...incident('b', '2026-11-02T10:00:00.000Z'), schemaVersion: 1 });
    await db.put('incidents', {
      id: 'broken',
      startedAt: '2026-11-03T10:00:00.000Z',
      kind: 'nonsense',
    } as never);
    const { records, rejected } = await listIncidents(db);
    expect(records.map((r) => r.id)).toEqual(['b', 'a']);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.key).toBe('broken');
    expect(records[0]).not.toHaveProperty('schemaVersion');
    expect(await getIncident(db, 'broken')).toBeUndefined();
  });

  it('discards an unreadable health state instead of trusting it', async () => {
    const db = await openLifelineDb(new IDBFactory());
    await db.put('health', { tabId: 3, schemaVersion: 1, connections: 'garbage' } as never);
    expect(await loadTabHealth(db, 3)).toBeUndefined();
  });

  it('gives default settings on a fresh profile and saves only valid ones', async () => {
    const db = await openLifelineDb(new IDBFactory());
    expect(await loadSettings(db)).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
    await expect(
      saveSettings(db, { ...DEFAULT_SETTINGS, incidentEmail: 'not an address' }),
    ).rejects.toThrow(/email address/);
    expect((await loadSettings(db)).settings.incidentEmail).toBe('');
    await saveSettings(db, { ...DEFAULT_SETTINGS, incidentEmail: 'incidents@example.org' });
    expect((await loadSettings(db)).settings.incidentEmail).toBe('incidents@example.org');
  });

  it('reopens an existing database without losing data', async () => {
    const factory = new IDBFactory();
    const first = await openLifelineDb(factory);
    await first.put('incidents', {
      ...incident('kept', '2026-11-01T10:00:00.000Z'),
      schemaVersion: 1,
    });
    first.close();
    const again = await openLifelineDb(factory);
    expect((await listIncidents(again)).records.map((r) => r.id)).toEqual(['kept']);
    expect(again.version).toBe(DB_VERSION);
  });
});

describe('committing several changes to one incident', () => {
  it('applies them in order, so none undoes another', async () => {
    const db = await openLifelineDb(new IDBFactory());
    const state = newTabHealth(3, Date.parse('2026-11-01T10:00:00.000Z'));
    const open = { ...incident('x', '2026-11-01T10:00:00.000Z'), severity: 'warning' as const };
    await commitTabHealth(db, state, [
      { type: 'open', incident: open },
      { type: 'update', id: 'x', patch: { severity: 'failure', cause: 'media-stopped' } },
      { type: 'observe', id: 'x', metrics: { worstRttMs: 300 } },
      { type: 'update', id: 'x', patch: { dismissed: true } },
    ]);
    expect(await getIncident(db, 'x')).toMatchObject({
      severity: 'failure',
      cause: 'media-stopped',
      dismissed: true,
      metrics: { worstRttMs: 300 },
    });
  });
});
