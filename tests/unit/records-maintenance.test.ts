// idb wraps requests by their classes (IDBRequest, IDBCursor…); the auto entry defines them.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createRecordsMaintenance } from '@/lib/records/records-maintenance';
import { DEFAULT_SETTINGS } from '@/lib/settings/settings';
import type { SiteApis } from '@/lib/sites/site-permissions';
import {
  importIncidents,
  listIncidents,
  loadSettings,
  openLifelineDb,
  saveSettings,
} from '@/lib/records/store';
import { anIncident } from '../support/incidents';

/** Granted permissions and registrations in memory (chrome.scripting itself runs in e2e). */
function sitesWith(granted: string[]): SiteApis & { ids(): string[] } {
  const registered = new Set<string>();
  return {
    permissions: { getAll: async () => ({ origins: granted }) },
    scripting: {
      getRegisteredContentScripts: async () => [...registered].map((id) => ({ id })),
      unregisterContentScripts: async (f) => void f?.ids?.forEach((id) => registered.delete(id)),
      registerContentScripts: async (scripts) => {
        for (const s of scripts) {
          if (registered.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
          registered.add(s.id);
        }
      },
    },
    ids: () => [...registered],
  };
}

const NOW = Date.parse('2026-11-21T12:00:00.000Z');

describe('records maintenance', () => {
  it('purges with the retention days the tutor set', async () => {
    const db = await openLifelineDb(new IDBFactory());
    await saveSettings(db, { ...DEFAULT_SETTINGS, retentionDays: 7 });
    await importIncidents(db, [
      anIncident({
        id: 'ten-days',
        startedAt: '2026-11-11T12:00:00.000Z',
        endedAt: '2026-11-11T12:01:00.000Z',
      }),
      anIncident({
        id: 'two-days',
        startedAt: '2026-11-19T12:00:00.000Z',
        endedAt: '2026-11-19T12:01:00.000Z',
      }),
    ]);
    const records = createRecordsMaintenance({
      db: Promise.resolve(db),
      sites: sitesWith([]),
      now: () => NOW,
    });
    expect(await records.purgeExpired()).toBe(1);
    expect((await listIncidents(db)).records.map((i) => i.id)).toEqual(['two-days']);
  });

  it('mirrors the granted sites into the settings and registers the scripts', async () => {
    const db = await openLifelineDb(new IDBFactory());
    await saveSettings(db, { ...DEFAULT_SETTINGS, tutorName: 'Sam' });
    const sites = sitesWith(['https://meet.google.com/*', 'https://lessons.example.org/*']);
    const records = createRecordsMaintenance({ db: Promise.resolve(db), sites, now: () => NOW });
    expect(await records.syncSites()).toEqual(['https://lessons.example.org']);
    const { settings } = await loadSettings(db);
    expect(settings.monitoredOrigins).toEqual(['https://lessons.example.org']);
    expect(settings.tutorName).toBe('Sam');
    expect(sites.ids()).toHaveLength(2);
  });

  it('runs overlapping syncs one after another without a duplicate registration', async () => {
    const db = await openLifelineDb(new IDBFactory());
    const sites = sitesWith(['https://lessons.example.org/*']);
    const records = createRecordsMaintenance({ db: Promise.resolve(db), sites, now: () => NOW });
    await Promise.all([records.syncSites(), records.syncSites(), records.syncSites()]);
    expect(sites.ids().sort()).toEqual(['lifeline-monitored-relay', 'lifeline-monitored-rtc-hook']);
  });
});
