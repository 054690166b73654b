import { openDB, type DBSchema, type IDBPDatabase, type IDBPObjectStore } from 'idb';
import { isPracticeIncident } from '@/lib/prepare/practice-incident';
import {
  INCIDENT_SCHEMA_VERSION,
  storedIncidentSchema,
  type Incident,
  type StoredIncident,
} from '@/lib/shared/incident';
import {
  appendBounded,
  storedTimelineSchema,
  TIMELINE_MAX_POINTS,
  TIMELINE_SCHEMA_VERSION,
  type StoredTimeline,
  type TimelinePoint,
} from '@/lib/health/call-timeline';
import { planImport, type ImportSummary, type RejectedRecord } from './import-incidents';
import { applyIncidentChange } from '@/lib/health/incident-change';
import { isPastRetention } from './retention';
import { readSettings, settingsSchema, type Settings } from '@/lib/settings/settings';
import { checkPlaybook, type PlaybookDocument } from '@/lib/respond/playbook-document';
import { clientPlanSchema, type ClientPlan } from '@/lib/prepare/client-plan';
import { tabHealthSchema, type IncidentChange, type TabHealth } from '@/lib/health/tab-health';

export const DB_NAME = 'lifeline';
/** Raise by one for every schema change and add an `if (oldVersion < N)` step below. */
export const DB_VERSION = 3;

export interface LifelineDB extends DBSchema {
  incidents: { key: string; value: StoredIncident; indexes: { startedAt: string } };
  health: { key: number; value: TabHealth };
  /** One record, key `current`: the tutor's settings, validated on read by `readSettings`. */
  settings: { key: string; value: unknown };
  /** v2: per-incident call samples for the incident chart, bounded (`call-timeline.ts`). */
  timelines: { key: string; value: StoredTimeline };
  /** v3: the plan agreed with each client, by lesson reference (`lib/prepare/client-plan.ts`). */
  plans: { key: string; value: unknown };
}
export type LifelineDatabase = IDBPDatabase<LifelineDB>;

/** What the opener hears about other connections while it opens and uses the database. */
export interface OpenEvents {
  /** An older connection (another Lifeline page) holds up our upgrade; the open waits for it. */
  blocked?(): void;
  /** Our connection was closed: a newer Lifeline wants to upgrade, or the browser closed it. */
  closed?(): void;
}

/**
 * Opens (and if needed upgrades) the database. Upgrade steps cascade in order and are never
 * deleted, so a profile at any old version arrives at the current one (design.md §10). The
 * connection closes itself when a newer version asks to upgrade, so an open page never holds an
 * update back (`events.closed` says so).
 *
 * @param factory the IndexedDB to use; tests pass fake-indexeddb's.
 */
export function openLifelineDb(
  factory?: IDBFactory,
  events: OpenEvents = {},
): Promise<LifelineDatabase> {
  const open = () =>
    openDB<LifelineDB>(DB_NAME, DB_VERSION, {
      blocked: () => events.blocked?.(),
      blocking(_current, _next, event) {
        (event.target as IDBDatabase).close();
        events.closed?.();
      },
      terminated: () => events.closed?.(),
      upgrade(db, oldVersion) {
        if (oldVersion < 1) {
          const incidents = db.createObjectStore('incidents', { keyPath: 'id' });
          incidents.createIndex('startedAt', 'startedAt');
          db.createObjectStore('health', { keyPath: 'tabId' });
          db.createObjectStore('settings');
        }
        if (oldVersion < 2) {
          db.createObjectStore('timelines', { keyPath: 'incidentId' });
        }
        if (oldVersion < 3) {
          db.createObjectStore('plans', { keyPath: 'lessonRef' });
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
    return incidents.put(applyIncidentChange(current, change));
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

/** Whether a record is stored under `id`, readable or not. */
export async function hasIncidentRecord(db: LifelineDatabase, id: string): Promise<boolean> {
  return (await db.count('incidents', id)) > 0;
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

/**
 * The newest `limit` incidents, newest first, read through the `startedAt` index without loading
 * the rest: what the incidents page shows while it reads all of them (design.md §9, first screen
 * within 300 ms with 10,000 stored).
 */
export async function listRecentIncidents(
  db: LifelineDatabase,
  limit: number,
): Promise<ReadResult<Incident> & { total: number }> {
  const tx = db.transaction('incidents');
  const store = tx.objectStore('incidents');
  const result: ReadResult<Incident> = { records: [], rejected: [] };
  const total = await store.count();
  let cursor = await store.index('startedAt').openCursor(null, 'prev');
  while (cursor && result.records.length + result.rejected.length < limit) {
    const read = readIncident(cursor.value);
    if (read.ok) result.records.push(read.incident);
    else result.rejected.push({ key: String(cursor.primaryKey), error: read.error });
    cursor = await cursor.continue();
  }
  await tx.done;
  return { ...result, total };
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
 * The organisation's own playbook, kept beside the settings under its own key; `null` when the
 * tutor walks a built-in one. A stored document that no longer validates is reported, not used.
 */
export async function loadCustomPlaybook(
  db: LifelineDatabase,
): Promise<{ playbook: PlaybookDocument | null; problems: string[] }> {
  const raw = await db.get('settings', 'playbook');
  if (raw === undefined || raw === null) return { playbook: null, problems: [] };
  const check = checkPlaybook(raw);
  return check.ok
    ? { playbook: check.playbook, problems: [] }
    : { playbook: null, problems: check.reasons.map((r) => `playbook: ${r}`) };
}

/** Saves the organisation's playbook after validating it; `null` goes back to the built-in one. */
export async function saveCustomPlaybook(
  db: LifelineDatabase,
  playbook: unknown,
): Promise<PlaybookDocument | null> {
  if (playbook === null) {
    await db.delete('settings', 'playbook');
    return null;
  }
  const check = checkPlaybook(playbook);
  if (!check.ok) throw new Error(`The playbook was not saved: ${check.reasons.join(' ')}`);
  await db.put('settings', check.playbook, 'playbook');
  return check.playbook;
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
  // The respond service keeps practice incidents apart; this is the last line if one slips by.
  if (isPracticeIncident(id)) throw new Error('A practice incident is never stored.');
  const tx = db.transaction('incidents', 'readwrite');
  try {
    const read = readIncident(await tx.store.get(id));
    if (!read.ok) throw new Error('That incident no longer exists or cannot be read.');
    const next = change(read.incident);
    await tx.store.put({ ...next, schemaVersion: INCIDENT_SCHEMA_VERSION });
    await tx.done;
    return next;
  } catch (error) {
    // A transaction the browser already aborted (the storage full) cannot be aborted again.
    if (!tx.error) tx.abort();
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

/** Incidents of the given ids as stored and readable; unreadable ones are left out. */
async function readableIncidents(
  store: IDBPObjectStore<LifelineDB, ['incidents'], 'incidents', 'readwrite'>,
  ids: string[],
): Promise<Map<string, Incident>> {
  const found = new Map<string, Incident>();
  await Promise.all(
    ids.map(async (id) => {
      const raw = await store.get(id);
      if (raw === undefined) return;
      const read = readIncident(raw);
      if (read.ok) found.set(id, read.incident);
    }),
  );
  return found;
}

/**
 * Merges imported incidents into the store by id in one transaction (`planImport`): new ones are
 * added, known ones enriched, none removed. A stored record that no longer validates is replaced
 * by the imported one of the same id, since it could not be shown anyway.
 */
export async function importIncidents(
  db: LifelineDatabase,
  incidents: Incident[],
  rejected: RejectedRecord[] = [],
): Promise<ImportSummary> {
  const tx = db.transaction('incidents', 'readwrite');
  const store = tx.objectStore('incidents');
  const stored = await readableIncidents(
    store,
    incidents.map((i) => i.id),
  );
  const plan = planImport(stored, incidents);
  await Promise.all([
    ...plan.writes.map((i) => store.put({ ...i, schemaVersion: INCIDENT_SCHEMA_VERSION })),
    tx.done,
  ]);
  return { added: plan.added, merged: plan.merged, unchanged: plan.unchanged, rejected };
}

/**
 * Deletes ended incidents past the retention period, with their chart data (design.md §10).
 * Records that fail validation are left for the tutor to see reported. Returns how many went.
 */
export async function purgeExpiredIncidents(
  db: LifelineDatabase,
  now: number,
  retentionDays: number,
): Promise<number> {
  const tx = db.transaction(['incidents', 'timelines'], 'readwrite');
  const timelines = tx.objectStore('timelines');
  let purged = 0;
  let cursor = await tx.objectStore('incidents').openCursor();
  while (cursor) {
    const read = readIncident(cursor.value);
    if (read.ok && isPastRetention(read.incident, now, retentionDays)) {
      void cursor.delete();
      void timelines.delete(read.incident.id);
      purged++;
    }
    cursor = await cursor.continue();
  }
  await tx.done;
  return purged;
}

/**
 * Appends call points to an incident's chart data, bounded by `TIMELINE_MAX_POINTS`. Unreadable
 * chart data is started afresh: it is a picture of the call, not the record itself.
 */
export async function appendTimeline(
  db: LifelineDatabase,
  incidentId: string,
  points: TimelinePoint[],
): Promise<void> {
  if (points.length === 0) return;
  const tx = db.transaction('timelines', 'readwrite');
  const store = tx.objectStore('timelines');
  const parsed = storedTimelineSchema.safeParse(await store.get(incidentId));
  let next = parsed.success ? parsed.data.points : [];
  for (const point of points) next = appendBounded(next, point, TIMELINE_MAX_POINTS);
  await Promise.all([
    store.put({ schemaVersion: TIMELINE_SCHEMA_VERSION, incidentId, points: next }),
    tx.done,
  ]);
}

/** An incident's chart data: its points, none if there are none, or why it cannot be read. */
export async function getTimeline(
  db: LifelineDatabase,
  incidentId: string,
): Promise<{ points: TimelinePoint[]; error?: string }> {
  const raw = await db.get('timelines', incidentId);
  if (raw === undefined) return { points: [] };
  const parsed = storedTimelineSchema.safeParse(raw);
  if (!parsed.success) {
    return { points: [], error: parsed.error.issues[0]?.message ?? 'unreadable chart data' };
  }
  return { points: parsed.data.points };
}

/** What the popup tells the tutor about records it could not read (design.md §10). */
export interface StorageReport {
  /** Stored incidents that fail validation: kept as they are, listed on the incidents page. */
  unreadableIncidents: number;
  /** Settings fields that fail validation and fall back to their defaults. */
  settingsProblems: string[];
}

/** Counts the records that fail validation, reading them without changing any. */
export async function storageReport(db: LifelineDatabase): Promise<StorageReport> {
  const tx = db.transaction(['incidents', 'settings']);
  let unreadableIncidents = 0;
  let cursor = await tx.objectStore('incidents').openCursor();
  while (cursor) {
    if (!readIncident(cursor.value).ok) unreadableIncidents++;
    cursor = await cursor.continue();
  }
  const { problems } = readSettings(await tx.objectStore('settings').get('current'));
  await tx.done;
  return { unreadableIncidents, settingsProblems: problems };
}

/** Every agreed plan that reads as one; the others are reported, never thrown or dropped. */
export async function listPlans(db: LifelineDatabase): Promise<ReadResult<ClientPlan>> {
  const records: ClientPlan[] = [];
  const rejected: ReadResult<ClientPlan>['rejected'] = [];
  let cursor = await db.transaction('plans').store.openCursor();
  while (cursor) {
    const parsed = clientPlanSchema.safeParse(cursor.value);
    if (parsed.success) records.push(parsed.data);
    else rejected.push({ key: String(cursor.key), error: parsed.error.issues[0]?.message ?? '' });
    cursor = await cursor.continue();
  }
  records.sort((a, b) => a.lessonRef.localeCompare(b.lessonRef));
  return { records, rejected };
}

/** Saves plans (a checked one replaces the plan of the same reference), in one transaction. */
export async function putPlans(db: LifelineDatabase, plans: readonly ClientPlan[]): Promise<void> {
  const tx = db.transaction('plans', 'readwrite');
  await Promise.all([...plans.map((plan) => tx.store.put(clientPlanSchema.parse(plan))), tx.done]);
}

export async function deletePlan(db: LifelineDatabase, lessonRef: string): Promise<void> {
  await db.delete('plans', lessonRef);
}
