import { openDB, type DBSchema, type IDBPDatabase, type IDBPObjectStore } from 'idb';
import {
  INCIDENT_SCHEMA_VERSION,
  storedIncidentSchema,
  type Incident,
  type StoredIncident,
} from './incident';
import { mergeWorstMetrics } from './incident-metrics';
import { readSettings, settingsSchema, type Settings } from './settings';
import { tabHealthSchema, type IncidentChange, type TabHealth } from './tab-health';

export const DB_NAME = 'lifeline';
/** Raise by one for every schema change and add an `if (oldVersion < N)` step below. */
export const DB_VERSION = 1;

export interface LifelineDB extends DBSchema {
  incidents: { key: string; value: StoredIncident; indexes: { startedAt: string } };
  health: { key: number; value: TabHealth };
  /** One record, key `current`: the tutor's settings, validated on read by `readSettings`. */
  settings: { key: string; value: unknown };
}
export type LifelineDatabase = IDBPDatabase<LifelineDB>;

/**
 * Opens (and if needed upgrades) the database. Upgrade steps cascade in order and are never
 * deleted, so a profile at any old version arrives at the current one (design.md §10).
 *
 * @param factory the IndexedDB to use; tests pass fake-indexeddb's.
 */
export function openLifelineDb(factory?: IDBFactory): Promise<LifelineDatabase> {
  const open = () =>
    openDB<LifelineDB>(DB_NAME, DB_VERSION, {
      upgrade(db, oldVersion) {
        if (oldVersion < 1) {
          const incidents = db.createObjectStore('incidents', { keyPath: 'id' });
          incidents.createIndex('startedAt', 'startedAt');
          db.createObjectStore('health', { keyPath: 'tabId' });
          db.createObjectStore('settings');
        }
      },
    });
  if (!factory) return open();
  // idb reads the global; swap it in only for the duration of the open call.
  const saved = globalThis.indexedDB;
  globalThis.indexedDB = factory;
  try {
    return open();
  } finally {
    globalThis.indexedDB = saved;
  }
}

/** A tab's stored health, or undefined if there is none or it fails validation. */
export async function loadTabHealth(
  db: LifelineDatabase,
  tabId: number,
): Promise<TabHealth | undefined> {
  const raw = await db.get('health', tabId);
  if (raw === undefined) return undefined;
  const parsed = tabHealthSchema.safeParse(raw);
  if (!parsed.success) {
    // Losing the detection window is harmless; the incidents it pointed to are kept.
    console.warn(`Lifeline: discarded unreadable health state for tab ${tabId}`);
    return undefined;
  }
  return parsed.data;
}

export async function allTabHealth(db: LifelineDatabase): Promise<TabHealth[]> {
  const all = await db.getAll('health');
  return all.flatMap((raw) => {
    const parsed = tabHealthSchema.safeParse(raw);
    return parsed.success ? [parsed.data] : [];
  });
}

type IncidentStore = IDBPObjectStore<
  LifelineDB,
  ('health' | 'incidents')[],
  'incidents',
  'readwrite'
>;

function applyIncidentChanges(incidents: IncidentStore, changes: IncidentChange[]) {
  // Changes to one incident run in order: two parallel get-then-put would each read the old
  // record and the last put would undo the other (an escalation lost to a metrics update).
  const last = new Map<string, Promise<unknown>>();
  return changes.map((change) => {
    const id = change.type === 'open' ? change.incident.id : change.id;
    const run = (last.get(id) ?? Promise.resolve()).then(() => applyOne(incidents, change));
    last.set(id, run);
    return run;
  });
}

function applyOne(incidents: IncidentStore, change: IncidentChange) {
  if (change.type === 'open') {
    return incidents.put({ ...change.incident, schemaVersion: INCIDENT_SCHEMA_VERSION });
  }
  return incidents.get(change.id).then((current) => {
    if (!current) return;
    const next: StoredIncident =
      change.type === 'update'
        ? { ...current, ...change.patch }
        : change.type === 'observe'
          ? { ...current, metrics: mergeWorstMetrics(current.metrics, change.metrics) }
          : { ...current, endedAt: change.endedAt };
    return incidents.put(next);
  });
}

/**
 * Writes a tab's new health state and the incident changes it implies in one transaction: either
 * both land or neither does, which is what makes a worker restart unable to lose or duplicate an
 * incident.
 */
export async function commitTabHealth(
  db: LifelineDatabase,
  state: TabHealth,
  changes: IncidentChange[],
): Promise<void> {
  const tx = db.transaction(['health', 'incidents'], 'readwrite');
  await Promise.all([
    tx.objectStore('health').put(state),
    ...applyIncidentChanges(tx.objectStore('incidents'), changes),
    tx.done,
  ]);
}

/** Forgets a tab (closed, or the browser restarted), closing its incidents in the same step. */
export async function removeTabHealth(
  db: LifelineDatabase,
  tabId: number,
  changes: IncidentChange[],
): Promise<void> {
  const tx = db.transaction(['health', 'incidents'], 'readwrite');
  await Promise.all([
    tx.objectStore('health').delete(tabId),
    ...applyIncidentChanges(tx.objectStore('incidents'), changes),
    tx.done,
  ]);
}

export interface ReadResult<T> {
  records: T[];
  /** Records that failed validation: reported to the tutor, never fatal (design.md §10). */
  rejected: { key: string; error: string }[];
}

/** Validates a stored incident; the `schemaVersion` is dropped for callers. */
function readIncident(
  raw: unknown,
): { ok: true; incident: Incident } | { ok: false; error: string } {
  const parsed = storedIncidentSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? 'invalid' };
  const { schemaVersion: _v, ...incident } = parsed.data;
  return { ok: true, incident };
}

export async function getIncident(db: LifelineDatabase, id: string): Promise<Incident | undefined> {
  const raw = await db.get('incidents', id);
  if (raw === undefined) return undefined;
  const read = readIncident(raw);
  return read.ok ? read.incident : undefined;
}

/** Every stored incident, newest first. */
export async function listIncidents(db: LifelineDatabase): Promise<ReadResult<Incident>> {
  const raw = await db.getAllFromIndex('incidents', 'startedAt');
  const result: ReadResult<Incident> = { records: [], rejected: [] };
  for (const record of raw.reverse()) {
    const read = readIncident(record);
    if (read.ok) result.records.push(read.incident);
    else result.rejected.push({ key: String((record as { id?: unknown }).id), error: read.error });
  }
  return result;
}

/** The tutor's settings; defaults where nothing (or nothing valid) is stored. */
export async function loadSettings(
  db: LifelineDatabase,
): Promise<{ settings: Settings; problems: string[] }> {
  return readSettings(await db.get('settings', 'current'));
}

/** Validates and saves settings; throws the zod error, and saves nothing, if any field is bad. */
export async function saveSettings(db: LifelineDatabase, settings: unknown): Promise<Settings> {
  const valid = settingsSchema.parse(settings);
  await db.put('settings', valid, 'current');
  return valid;
}

/**
 * Reads one incident, applies `change` (a pure function from lib/incident-actions) and writes the
 * result back in one transaction, so a health update landing at the same moment is never lost.
 * Throws, saving nothing, if there is no such incident or `change` throws.
 */
export async function updateIncident(
  db: LifelineDatabase,
  id: string,
  change: (incident: Incident) => Incident,
): Promise<Incident> {
  const tx = db.transaction('incidents', 'readwrite');
  try {
    const read = readIncident(await tx.store.get(id));
    if (!read.ok) throw new Error('That incident no longer exists or cannot be read.');
    const next = change(read.incident);
    await tx.store.put({ ...next, schemaVersion: INCIDENT_SCHEMA_VERSION });
    await tx.done;
    return next;
  } catch (error) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw error;
  }
}

/** Incidents that started at or after `sinceIso`, newest first (read through the startedAt index). */
export async function incidentsSince(db: LifelineDatabase, sinceIso: string): Promise<Incident[]> {
  const raw = await db.getAllFromIndex('incidents', 'startedAt', IDBKeyRange.lowerBound(sinceIso));
  return raw.reverse().flatMap((record) => {
    const read = readIncident(record);
    return read.ok ? [read.incident] : [];
  });
}
