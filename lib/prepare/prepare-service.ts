import type { CallSample } from '@/lib/hook/call-sample';
import type { IncidentBefore } from '@/lib/shared/incident';
import type { WatchMessage } from '@/lib/shared/messages';
import {
  beforeIncident,
  callPrepSchema,
  newCallPrep,
  readinessItemsSchema,
  reduceCallPrep,
  type CallPrep,
  type PrepInput,
} from './call-prep';
import type { HeadsUp } from './heads-up';

export interface PrepareServiceDeps {
  /** Where each tab's prep outlives a stopped worker (the background's session storage). */
  store: {
    read(tabId: number): Promise<unknown>;
    write(tabId: number, prep: CallPrep | undefined): Promise<void>;
  };
  /** Starts reading the call tab's battery and computer load (entrypoints/watch.ts). */
  startWatching(tabId: number): Promise<void>;
  /** Shows a note in the call page; `offer` asks whether to run the readiness check. */
  showNote(tabId: number, note: { noteId: string; text: string; offer?: boolean }): Promise<void>;
  /** Whether the tutor wants anything shown in the page (settings: in-page prompt). */
  inPageNotes(): Promise<boolean>;
  /**
   * Whether the tab has an incident open: its prompt and walk come first, and an early warning
   * after the fact is noise (it is still kept with the call).
   */
  incidentOpen(tabId: number): Promise<boolean>;
  now(): number;
}

/** What the popup shows of a tab's lesson before anything broke. */
export interface CallPrepView {
  callStartedAt: number | null;
  uploadKbps: number | null;
  headsUps: HeadsUp[];
  readiness: CallPrep['readiness'] | null;
}

/**
 * The background's shell around `reduceCallPrep`: one queue per tab, state kept in session
 * storage after every change, and the notes shown. Heads-ups never touch the health engine, so
 * they can never change the badge.
 */
export function createPrepareService(deps: PrepareServiceDeps) {
  const cache = new Map<number, CallPrep>();
  const queues = new Map<number, Promise<unknown>>();

  const serial = <T>(tabId: number, work: () => Promise<T>): Promise<T> => {
    const run = (queues.get(tabId) ?? Promise.resolve()).then(work, work);
    const settled = run.catch((error) => console.warn('Lifeline: lesson notes not kept', error));
    queues.set(tabId, settled);
    void settled.then(() => {
      if (queues.get(tabId) === settled) queues.delete(tabId);
    });
    return run;
  };

  const load = async (tabId: number): Promise<CallPrep | undefined> => {
    const cached = cache.get(tabId);
    if (cached) return cached;
    const parsed = callPrepSchema.safeParse(await deps.store.read(tabId));
    // A record from another version or a damaged one starts afresh: it only ever held notes.
    return parsed.success && parsed.data.tabId === tabId ? parsed.data : undefined;
  };

  const apply = (tabId: number, input: PrepInput, createIfMissing = true) =>
    serial(tabId, async () => {
      const previous = await load(tabId);
      if (!previous && !createIfMissing) return;
      const { prep, headsUps, offerReadiness } = reduceCallPrep(
        previous ?? newCallPrep(tabId),
        input,
      );
      cache.set(tabId, prep);
      await deps.store.write(tabId, prep);
      if (previous?.callStartedAt === undefined && prep.callStartedAt !== undefined) {
        await deps.startWatching(tabId).catch(() => undefined);
      }
      if (!headsUps.length && !offerReadiness) return;
      if (!(await deps.inPageNotes()) || (await deps.incidentOpen(tabId))) return;
      for (const headsUp of headsUps) {
        await deps
          .showNote(tabId, { noteId: `${headsUp.kind}-${headsUp.at}`, text: headsUp.words })
          .catch(() => undefined);
      }
      if (offerReadiness) {
        await deps
          .showNote(tabId, {
            noteId: `readiness-${prep.callStartedAt ?? deps.now()}`,
            text: 'Lifeline: check the computer and connection are ready for this lesson?',
            offer: true,
          })
          .catch(() => undefined);
      }
    });

  return {
    /** A validated call sample from the relay: starts the watch, feeds the heads-ups. */
    onSample: (tabId: number, sample: CallSample, at: number) =>
      apply(tabId, { type: 'sample', sample, at }),

    /** A reading from the call tab's watcher; `note-action` is the background's to act on. */
    onWatchMessage(tabId: number, message: Exclude<WatchMessage, { type: 'note-action' }>) {
      const t = Math.min(message.t, deps.now());
      return message.type === 'battery'
        ? apply(
            tabId,
            {
              type: 'battery',
              reading: { t, level: message.level, charging: message.charging },
            },
            false,
          )
        : apply(tabId, { type: 'pressure', t, state: message.state }, false);
    },

    /** The popup ran the readiness check for this tab; refused if it is not a list of items. */
    async saveReadiness(tabId: number, items: unknown) {
      const parsed = readinessItemsSchema.parse(items);
      await apply(tabId, { type: 'readiness', items: parsed, at: deps.now() });
      return { ok: true };
    },

    async view(tabId: number): Promise<CallPrepView> {
      const prep = await serial(tabId, () => load(tabId));
      return {
        callStartedAt: prep?.callStartedAt ?? null,
        uploadKbps: prep?.uploadKbps ?? null,
        headsUps: prep?.headsUps ?? [],
        readiness: prep?.readiness ?? null,
      };
    },

    /** For an incident opening now in `tabId` (health service's `before`). */
    async before(tabId: number, startedAtMs: number): Promise<IncidentBefore | undefined> {
      return beforeIncident(await serial(tabId, () => load(tabId)), startedAtMs);
    },

    onTabNavigated: (tabId: number) => apply(tabId, { type: 'navigated' }, false),

    onTabRemoved: (tabId: number) =>
      serial(tabId, async () => {
        cache.delete(tabId);
        await deps.store.write(tabId, undefined);
      }),
  };
}
export type PrepareService = ReturnType<typeof createPrepareService>;
