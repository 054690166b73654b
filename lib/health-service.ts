import { SENSITIVITY_PRESETS, type Sensitivity } from './sensitivity';
import { badgeFor, type BadgeLook } from './badge';
import type { Incident, Severity } from './incident';
import { compactIncidentChanges, withUnsavedChanges } from './incident-change';
import type { RelayMessage } from './messages';
import {
  allTabHealth,
  commitTabHealth,
  getIncident,
  loadTabHealth,
  removeTabHealth,
  type LifelineDatabase,
} from './store';
import {
  endCall,
  newTabHealth,
  openIncidentIds,
  reduceTabHealth,
  type HealthInput,
  type IncidentChange,
  type TabHealth,
} from './tab-health';
import { isStorageFull } from './storage-problem';
import { describeTab, type TabStatus } from './tab-status';
import type { TimelineRecorder } from './timeline-recorder';

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
  /** Sees every committed input, for the incident charts (`timeline-recorder.ts`). */
  timeline?: Pick<TimelineRecorder, 'record' | 'forget'>;
  /** The tutor's detection sensitivity from settings; standard when not given. */
  sensitivity?(): Promise<Sensitivity>;
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
   * Incident changes the browser refused to save for lack of room, oldest first. Each commit
   * writes them again before its own; every kind of change is safe to apply twice, so two tabs
   * committing at once may both write them.
   */
  let unsaved: IncidentChange[] = [];
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

  const load = async (tabId: number): Promise<TabHealth | undefined> =>
    cache.get(tabId) ?? (await loadTabHealth(await deps.db, tabId));

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
   * Commits `changes` after any still unsaved. When the storage is full the changes are kept in
   * memory instead and the health engine carries on: the badge, the popup and the prompt still
   * follow the call, and what was saved before stays as it was.
   */
  const commitOrKeep = async (
    tabId: number,
    commit: (db: LifelineDatabase, changes: IncidentChange[]) => Promise<void>,
    changes: IncidentChange[],
  ) => {
    const earlier = unsaved;
    try {
      await commit(await deps.db, [...earlier, ...changes]);
      unsaved = unsaved.filter((c) => !earlier.includes(c));
    } catch (error) {
      if (!isStorageFull(error)) throw error;
      console.warn(`Lifeline: storage full, tab ${tabId}'s changes kept in memory`);
      unsaved = compactIncidentChanges([...unsaved, ...changes]);
    }
  };

  const apply = (tabId: number, input: HealthInput, createIfMissing: boolean) =>
    serial(tabId, async () => {
      const before = await load(tabId);
      if (!before && !createIfMissing) return;
      const { state, changes } = reduceTabHealth(
        before ?? newTabHealth(tabId, input.at),
        input,
        deps.newId,
        await tuning(),
      );
      if (state === before) return;
      await commitOrKeep(tabId, (db, all) => commitTabHealth(db, state, all), changes);
      cache.set(tabId, state);
      await refreshLook(tabId, state);
      if (changes.length) deps.onIncidentChanges?.(tabId, changes);
      // Chart data is a picture of the call: failing to keep it must not look like a health failure.
      await deps.timeline
        ?.record(tabId, input, state, changes)
        .catch((error) => console.warn('Lifeline: call chart data not kept', error));
    });

  const forget = (tabId: number) =>
    serial(tabId, async () => {
      const state = await load(tabId);
      cache.delete(tabId);
      looks.delete(tabId);
      deps.timeline?.forget(tabId);
      if (!state) return;
      const { changes } = endCall(state);
      await commitOrKeep(tabId, (db, all) => removeTabHealth(db, tabId, all), changes);
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
        if (message.phase === 'check') return apply(tabId, { type: 'check', at }, false);
        // A socket opening starts watching the tab (a whiteboard may have no call at all).
        return message.phase === 'open'
          ? apply(tabId, { type: 'socket', phase: 'open', key, host: message.host, at }, true)
          : apply(
              tabId,
              {
                type: 'socket',
                phase: 'close',
                key,
                host: message.host,
                byPage: message.byPage ?? false,
                at,
              },
              false,
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
      const db = await deps.db;
      for (const state of await allTabHealth(db)) {
        const tabs = audibleTabIds.filter((id) => id !== state.tabId).length;
        await apply(state.tabId, { type: 'media-elsewhere', tabs, at: deps.now() }, false);
      }
    },

    onTabNavigated: (tabId: number) => apply(tabId, { type: 'navigated', at: deps.now() }, false),

    onTabRemoved: (tabId: number) => forget(tabId),

    /** Periodic: ends incidents of calls that went silent. */
    async sweep() {
      const db = await deps.db;
      for (const state of await allTabHealth(db)) {
        await apply(state.tabId, { type: 'tick', at: deps.now() }, false);
      }
    },

    /** After a browser restart no old tab exists any more: close what they left open. */
    async onBrowserStarted() {
      const db = await deps.db;
      for (const state of await allTabHealth(db)) await forget(state.tabId);
    },

    /**
     * An incident as the tutor should see it: as stored, with the changes still waiting for room
     * applied (`undefined` if there is no such incident or it cannot be read).
     */
    async incident(id: string): Promise<Incident | undefined> {
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
      return unsaved.length > 0 ? { ...status, unsaved: true } : status;
    },
  };
}
export type HealthService = ReturnType<typeof createHealthService>;
