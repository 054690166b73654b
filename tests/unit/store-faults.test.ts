import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '@/lib/settings/settings';
import { createRespondService } from '@/lib/respond/respond-service';
import { MISSING_INCIDENT_WORDS, UNREADABLE_INCIDENT_WORDS } from '@/lib/records/storage-problem';
import {
  DB_NAME,
  DB_VERSION,
  hasIncidentRecord,
  openLifelineDb,
  saveSettings,
  storageReport,
} from '@/lib/records/store';
import { failedConnection } from '../support/incidents';
import { quietRespondDeps } from './support/respond-deps';

describe('the store and storage faults', () => {
  it('counts unreadable incidents and settings fields, changing nothing', async () => {
    const db = await openLifelineDb(new IDBFactory());
    expect(await storageReport(db)).toEqual({ unreadableIncidents: 0, settingsProblems: [] });
    await db.put('incidents', { ...failedConnection({ id: 'good' }), schemaVersion: 1 });
    await db.put('incidents', { id: 'bad-1', startedAt: '2026-11-01T10:00:00.000Z' } as never);
    await db.put('incidents', {
      ...failedConnection({ id: 'bad-2' }),
      side: 'theirs',
      schemaVersion: 1,
    } as never);
    await db.put('settings', { ...DEFAULT_SETTINGS, incidentEmail: 'not an address' }, 'current');

    const report = await storageReport(db);
    expect(report.unreadableIncidents).toBe(2);
    expect(report.settingsProblems).toEqual([expect.stringMatching(/^incidentEmail: /)]);
    expect((await db.getAllKeys('incidents')).sort()).toEqual(['bad-1', 'bad-2', 'good']);
    expect(await db.get('settings', 'current')).toMatchObject({ incidentEmail: 'not an address' });
  });

  it('closes its connection when a newer version asks, even with nobody listening', async () => {
    const factory = new IDBFactory();
    const db = await openLifelineDb(factory);
    await saveSettings(db, DEFAULT_SETTINGS);
    const newer = await new Promise<{ version: number; blocked: boolean }>((resolve, reject) => {
      let blocked = false;
      const request = factory.open(DB_NAME, DB_VERSION + 1);
      request.onblocked = () => (blocked = true);
      request.onsuccess = () => {
        resolve({ version: request.result.version, blocked });
        request.result.close();
      };
      request.onerror = () => reject(request.error);
    });
    expect(newer).toEqual({ version: DB_VERSION + 1, blocked: false });
    expect(() => db.transaction('settings')).toThrow(
      expect.objectContaining({ name: 'InvalidStateError' }),
    );
  });

  it('tells the walk an incident is unreadable rather than gone, and keeps it', async () => {
    const db = await openLifelineDb(new IDBFactory());
    await db.put('incidents', { id: 'bad', startedAt: '2026-11-01T10:00:00.000Z' } as never);
    const respond = createRespondService(quietRespondDeps(Promise.resolve(db)));
    expect(await respond.onUiRequest({ type: 'get-incident', id: 'bad' })).toEqual({
      error: UNREADABLE_INCIDENT_WORDS,
    });
    expect(await respond.onUiRequest({ type: 'get-incident', id: 'never' })).toEqual({
      error: MISSING_INCIDENT_WORDS,
    });
    expect([await hasIncidentRecord(db, 'bad'), await hasIncidentRecord(db, 'never')]).toEqual([
      true,
      false,
    ]);
  });
});
