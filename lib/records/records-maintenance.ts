import { syncMonitoredSites, type SiteApis } from '@/lib/sites/site-permissions';
import { loadSettings, purgeExpiredIncidents, saveSettings, type LifelineDatabase } from './store';

/** What the records housekeeping needs; the background passes the database and `browser`. */
export interface RecordsMaintenanceDeps {
  db: PromiseLike<LifelineDatabase>;
  sites: SiteApis;
  now(): number;
}

/**
 * The background's housekeeping for the records: the daily retention purge and keeping the
 * monitored sites (scripts and the settings' list) in step with the granted permissions. Work is
 * serialised, because permission events can arrive in bursts and registrations must not race.
 */
export function createRecordsMaintenance(deps: RecordsMaintenanceDeps) {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch((error) => console.error('Lifeline: records maintenance failed', error));
    return run;
  };

  return {
    /** Deletes ended incidents older than the tutor's retention setting; returns how many. */
    purgeExpired: () =>
      serial(async () => {
        const db = await deps.db;
        const { settings } = await loadSettings(db);
        return purgeExpiredIncidents(db, deps.now(), settings.retentionDays);
      }),

    /** Registers the scripts for the granted sites and mirrors them into the settings. */
    syncSites: () =>
      serial(async () => {
        const origins = await syncMonitoredSites(deps.sites);
        const db = await deps.db;
        const { settings } = await loadSettings(db);
        if (settings.monitoredOrigins.join('\n') !== origins.join('\n')) {
          await saveSettings(db, { ...settings, monitoredOrigins: origins });
        }
        return origins;
      }),
  };
}
