import { SENSITIVITY_PRESETS, type Sensitivity } from '@/lib/detect/sensitivity';
import { badgeFor, type BadgeLook } from './badge';
import type { Incident, Severity } from '@/lib/shared/incident';
import { compactIncidentChanges, withUnsavedChanges } from './incident-change';
import type { RelayMessage } from '@/lib/shared/messages';
import {
  allTabHealth,
  commitTabHealth,
  getIncident,
  loadTabHealth,
  removeTabHealth,
  type LifelineDatabase,
} from '@/lib/records/store';
import {
  endCall,
  newTabHealth,
  openIncidentIds,
  reduceTabHealth,
  type HealthInput,
  type IncidentChange,
  type TabHealth,
} from './tab-health';
import { isStorageFull } from '@/lib/records/storage-problem';
import { describeTab, type TabStatus } from './tab-status';
import type { TimelineRecorder } from './timeline-recorder';
import { readUnsavedWork, type UnsavedWork } from './unsaved-work';
import type { PressureState } from '@/lib/detect/verdict';

/** A sample's own time is trusted up to this far in the past (a page can forge it). */
const MAX_SAMPLE_AGE_MS = 5_000;

export interface HealthServiceDeps {
  db: PromiseLike<LifelineDatabase>;
  /** Sets the tab's badge and icon; the background passes the browser's action API. */
  showTabLook(tabId: number, look: BadgeLook): Promise<void>;
  now(): number;
  newId(): string;
  /** Told about every committed incident change, after the commit (prompts, notifications). */
  onIncidentChanges?(tabId: number, changes: IncidentChange[]): void;
  /**
   * What an incident opening in `tabId` carries of the time before it (the heads-ups and the
   * readiness check, lib/prepare). Asked before the incident is first written.
   */
  before?(tabId: number, startedAtMs: number): Promise<Incident['before']>;
  /** Sees every committed input, for the incident charts (`timeline-recorder.ts`). */
  timeline?: Pick<TimelineRecorder, 'record' | 'forget'>;
  /** The tutor's detection sensitivity from settings; standard when not given. */
  sensitivity?(): Promise<Sensitivity>;
  /**
   * Where the changes the storage had no room for are kept across a stopped service worker
   * (the background's session storage); without it they live only in memory.
   */
  unsavedWork?: {
    read(): Promise<unknown>;
    write(work: UnsavedWork | undefined): Promise<void>;
  };
}

/** Settings are re-read at most this often: a changed sensitivity applies within seconds. */
const SENSITIVITY_TTL_MS = 5_000;

/**
 * The background's shell around the pure health engine: one queue per tab so inputs are applied
 * in order, state loaded from IndexedDB when the worker has just (re)started, and every result
 * committed before the badge changes. All browser calls come in through `deps`.
 */
export function createHealthService(deps: HealthServiceDeps) {
  const cache = new Map<number, TabHealth>();
  const queues = new Map<number, Promise<unknown>>();
  const looks = new Map<number, string>();
  /**
   * Incident changes the browser refused to save for lack of room, oldest first, kept in memory
   * and copied through `deps.unsavedWork`. Each commit writes them again before its own; every
   * kind of change is safe to apply twice, so two tabs committing at once may both write them.
   */
  let unsaved: IncidentChange[] = [];
  /** Tab states the storage had no room for; they, not the stored ones, are the tabs' truth. */
  const unsavedTabs = new Map<number, TabHealth | null>();
  const restored = (async () => {
    const raw = await deps.unsavedWork?.read().catch((error) => {
      console.warn('Lifeline: changes kept while the storage was full not read', error);
    });
    const { work, problem } = readUnsavedWork(raw);
    if (problem) console.warn(`Lifeline: ${problem}`);
    // Everything that reads or changes the two lists waits for this first.
    unsaved = work.changes;
    for (const [tabId, state] of Object.entries(work.tabs)) unsavedTabs.set(Number(tabId), state);
  })();
  const hasUnsaved = () => unsaved.length > 0 || unsavedTabs.size > 0;
  const keepUnsaved = () =>
    deps.unsavedWork
      ?.write(
        hasUnsaved()
          ? { schemaVersion: 1, changes: unsaved, tabs: Object.fromEntries(unsavedTabs) }
          : undefined,
      )
      .catch((error) => console.warn('Lifeline: changes waiting for room not kept', error));
  let sensitivity: { value: Sensitivity; readAt: number } | undefined;

  const tuning = async () => {
    const now = deps.now();
    if (deps.sensitivity && (!sensitivity || now - sensitivity.readAt >= SENSITIVITY_TTL_MS)) {
      const value = await deps.sensitivity().catch(() => sensitivity?.value ?? 'standard');
      sensitivity = { value, readAt: now };
    }
    return SENSITIVITY_PRESETS[sensitivity?.value ?? 'standard'];
  };

  const serial = <T>(tabId: number, work: () => Promise<T>): Promise<T> => {
    const run = (queues.get(tabId) ?? Promise.resolve()).then(work, work);
    const settled = run.catch((error) => console.error('Lifeline: health update failed', error));
    queues.set(tabId, settled);
    void settled.then(() => {
      if (queues.get(tabId) === settled) queues.delete(tabId);
    });
    return run;
  };

  const load = async (tabId: number): Promise<TabHealth | undefined> => {
    const cached = cache.get(tabId);
    if (cached) return cached;
    await restored;
    if (unsavedTabs.has(tabId)) return unsavedTabs.get(tabId) ?? undefined;
    return loadTabHealth(await deps.db, tabId);
  };

  /** Every tab being watched: the stored ones as the unsaved changes leave them. */
  const watchedTabIds = async (): Promise<number[]> => {
    await restored;
    const ids = new Set((await allTabHealth(await deps.db)).map((state) => state.tabId));
    for (const [tabId, state] of unsavedTabs) {
      if (state) ids.add(tabId);
      else ids.delete(tabId);
    }
    return [...ids];
  };

  const severities = (state: TabHealth): Severity[] =>
    Object.values(state.machines).flatMap((m) =>
      m && m.phase !== 'idle' && m.severity ? [m.severity] : [],
    );

  const refreshLook = async (tabId: number, state: TabHealth | undefined) => {
    const look = badgeFor(state ? severities(state) : []);
    const key = `${look.text}|${look.color ?? ''}`;
    if (looks.get(tabId) === key) return;
    looks.set(tabId, key);
    await deps.showTabLook(tabId, look).catch(() => looks.delete(tabId));
  };

  /**
   * Commits tab `tabId`'s new `state` (`null`: the tab is forgotten) with `changes`, after any
   * changes still unsaved. When the storage is full both are kept instead, in memory and through
   * `deps.unsavedWork`, and the health engine carries on: the badge, the popup and the prompt
   * still follow the call, and what was saved before stays as it was.
   */
  const commitOrKeep = async (
    tabId: number,
    state: TabHealth | null,
    changes: IncidentChange[],
  ) => {
    await restored;
    const hadUnsaved = hasUnsaved();
    const earlier = unsaved;
    const db = await deps.db;
    try {
      const all = [...earlier, ...changes];
      await (state ? commitTabHealth(db, state, all) : removeTabHealth(db, tabId, all));
      unsaved = unsaved.filter((c) => !earlier.includes(c));
      unsavedTabs.delete(tabId);
    } catch (error) {
      if (!isStorageFull(error)) throw error;
      console.warn(`Lifeline: storage full, tab ${tabId}'s changes kept in memory`);
      unsaved = compactIncidentChanges([...unsaved, ...changes]);
      unsavedTabs.set(tabId, state);
    }
    if (hadUnsaved || hasUnsaved()) await keepUnsaved();
  };

  /** Tries again to save what waited for room, even when no call is sending anything. */
  const saveWaiting = async () => {
    await restored;
    for (const [tabId, state] of [...unsavedTabs]) {
      await serial(tabId, async () => {
        // A newer state may have been committed, or kept, since the list was taken.
        if (unsavedTabs.get(tabId) === state) await commitOrKeep(tabId, state, []);
      });
    }
  };

  const apply = (tabId: number, input: HealthInput, createIfMissing: boolean) =>
    serial(tabId, async () => {
      const before = await load(tabId);
      if (!before && !createIfMissing) return;
      const reduced = reduceTabHealth(
        before ?? newTabHealth(tabId, input.at),
        input,
        deps.newId,
        await tuning(),
      );
      const state = reduced.state;
      if (state === before) return;
      const changes = await withWhatCameBefore(tabId, reduced.changes);
      await commitOrKeep(tabId, state, changes);
      cache.set(tabId, state);
      await refreshLook(tabId, state);
      if (changes.length) deps.onIncidentChanges?.(tabId, changes);
      // Chart data is a picture of the call: failing to keep it must not look like a health failure.
      await deps.timeline
        ?.record(tabId, input, state, changes)
        .catch((error) => console.warn('Lifeline: call chart data not kept', error));
    });

  /** Opening incidents get their `before`; a failure to find it must not hold up the incident. */
  const withWhatCameBefore = async (tabId: number, changes: IncidentChange[]) => {
    const before = deps.before;
    if (!before || !changes.some((c) => c.type === 'open')) return changes;
    return Promise.all(
      changes.map(async (change) => {
        if (change.type !== 'open') return change;
        const startedAt = Date.parse(change.incident.startedAt);
        const known = await before(tabId, startedAt).catch(() => undefined);
        return known ? { ...change, incident: { ...change.incident, before: known } } : change;
      }),
    );
  };

  const forget = (tabId: number) =>
    serial(tabId, async () => {
      const state = await load(tabId);
      cache.delete(tabId);
      looks.delete(tabId);
      deps.timeline?.forget(tabId);
      if (!state) return;
      const { changes } = endCall(state);
      await commitOrKeep(tabId, null, changes);
      if (changes.length) deps.onIncidentChanges?.(tabId, changes);
    });

  return {
    /** A validated message from the relay in `tabId`; `page` comes from the sender, not the body. */
    onRelayMessage(
      tabId: number,
      frameId: number,
      message: RelayMessage,
      page: { origin: string; title: string },
    ) {
      const at = deps.now();
      if (message.type === 'sample') {
        return apply(
          tabId,
          {
            type: 'sample',
            key: `${frameId}:${message.sample.pc}`,
            sample: message.sample,
            onLine: message.onLine,
            page,
            // When the counters were read, not when the message got here: a worker busy for a
            // moment must not make a second look like three. Clamped, as pages can forge it.
            at: Math.min(at, Math.max(at - MAX_SAMPLE_AGE_MS, message.sample.t)),
          },
          true,
        );
      }
      if (message.type === 'closed') {
        return apply(tabId, { type: 'closed', key: `${frameId}:${message.pc}`, at }, false);
      }
      if (message.type === 'socket') {
        const key = `${frameId}:${message.id}`;
        const { host, tries } = message;
        // `page` here too: a whiteboard with no call has no samples to name its page.
        if (message.phase === 'check') return apply(tabId, { type: 'check', page, at }, false);
        if (message.phase === 'close') {
          const byPage = message.byPage ?? false;
          return apply(
            tabId,
            { type: 'socket', phase: 'close', key, host, byPage, page, at },
            false,
          );
        }
        // A socket opening starts watching the tab (a whiteboard may have no call at all); a
        // poll is answered only after a drop, in a tab already watched.
        const phase = message.phase;
        return apply(
          tabId,
          { type: 'socket', phase, key, host, ...(tries !== undefined && { tries }), page, at },
          phase === 'open',
        );
      }
      // Going offline matters only in a tab that has a call; we do not start watching on it.
      return apply(
        tabId,
        {
          type: 'connectivity',
          onLine: message.onLine,
          networkChanged: message.networkChanged,
          at,
        },
        false,
      );
    },

    /** The tutor marked the other side's camera as off on purpose (design.md §3). */
    markCameraOffOnPurpose: (tabId: number) =>
      apply(tabId, { type: 'camera-off-on-purpose', at: deps.now() }, false),

    /**
     * The tabs playing audio or video changed: each watched tab learns how many *other* tabs
     * play media, a common drain on the tutor's bandwidth (design.md §3, §5).
     */
    async onAudibleTabs(audibleTabIds: number[]) {
      for (const tabId of await watchedTabIds()) {
        const tabs = audibleTabIds.filter((id) => id !== tabId).length;
        await apply(tabId, { type: 'media-elsewhere', tabs, at: deps.now() }, false);
      }
    },

    /**
     * Compute Pressure from the call tab's watcher: the overload rule reads it (it never opens an
     * incident alone). Only a tab already watched takes it; the time is the worker's own.
     */
    onPressure: (tabId: number, state: PressureState) =>
      apply(tabId, { type: 'pressure', state, at: deps.now() }, false),

    onTabNavigated: (tabId: number) => apply(tabId, { type: 'navigated', at: deps.now() }, false),

    onTabRemoved: (tabId: number) => forget(tabId),

    /** Periodic: saves what waited for room, and ends incidents of calls that went silent. */
    async sweep() {
      await saveWaiting();
      for (const tabId of await watchedTabIds()) {
        await apply(tabId, { type: 'tick', at: deps.now() }, false);
      }
    },

    /** After a browser restart no old tab exists any more: close what they left open. */
    async onBrowserStarted() {
      for (const tabId of await watchedTabIds()) await forget(tabId);
    },

    /**
     * An incident as the tutor should see it: as stored, with the changes still waiting for room
     * applied (`undefined` if there is no such incident or it cannot be read).
     */
    async incident(id: string): Promise<Incident | undefined> {
      await restored;
      return withUnsavedChanges(id, await getIncident(await deps.db, id), unsaved);
    },

    /** Whether incident `id` has changes the storage had no room for yet. */
    isUnsaved: (id: string) =>
      unsaved.some((c) => (c.type === 'open' ? c.incident.id : c.id) === id),

    async tabStatus(tabId: number): Promise<TabStatus> {
      const state = await serial(tabId, () => load(tabId));
      const db = await deps.db;
      const open: Incident[] = [];
      for (const id of openIncidentIds(state)) {
        const incident = withUnsavedChanges(id, await getIncident(db, id), unsaved);
        if (incident) open.push(incident);
      }
      const status = describeTab(state, open);
      return hasUnsaved() ? { ...status, unsaved: true } : status;
    },
  };
}
export type HealthService = ReturnType<typeof createHealthService>;
