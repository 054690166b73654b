import type { Incident } from '@/lib/shared/incident';
import {
  dismissIncident,
  recordStep,
  setLessonRef,
  setOutcome,
  type OutcomeRequest,
} from './incident-actions';
import { alertsFor } from '@/lib/health/incident-alerts';
import type { PromptCommand, PromptMessage, UiRequest } from '@/lib/shared/messages';
import { checkReplacementInstant } from './replacement-window';
import { activePlaybook, promptOffer, stepTitle, walkFor } from './playbook';
import {
  getIncident,
  hasIncidentRecord,
  incidentsSince,
  loadCustomPlaybook,
  loadSettings,
  saveCustomPlaybook,
  saveSettings,
  updateIncident,
  type LifelineDatabase,
} from '@/lib/records/store';
import {
  MISSING_INCIDENT_WORDS,
  STORAGE_PROBLEM_WORDS,
  UNREADABLE_INCIDENT_WORDS,
} from '@/lib/records/storage-problem';
import type { IncidentChange } from '@/lib/health/tab-health';
import { isPracticeIncident, makePracticeIncident } from '@/lib/prepare/practice-incident';

/** The one practice incident and the tab whose prompt shows it (issue 14, point 1). */
export interface PracticeRecord {
  tabId: number;
  incident: Incident;
}

/** Said when a practice incident is asked for after another practice replaced it. */
export const PRACTICE_ENDED_WORDS =
  'This practice has ended. Start another from the welcome page if you like.';

export interface RespondServiceDeps {
  db: PromiseLike<LifelineDatabase>;
  now(): number;
  /** The tutor's IANA zone, for the replacement window. */
  timeZone(): string;
  /** Whether the tab is the active tab of the focused window. */
  isTabFocused(tabId: number): Promise<boolean>;
  /** Injects the prompt into the call tab if needed and hands it the command. */
  sendPrompt(tabId: number, command: PromptCommand): Promise<void>;
  notify(tabId: number, incidentId: string, title: string, message: string): Promise<void>;
  /** Opens the popup's walk for one incident of one tab. */
  openWalk(tabId: number, incidentId: string): Promise<void>;
  /** Ids of the tab's open incidents: a prompt may act only on its own tab's. */
  openIncidentIds(tabId: number): Promise<string[]>;
  /** Closes the tab's no-video incident as dismissed and mutes that rule for the call. */
  markCameraOffOnPurpose(tabId: number): Promise<void>;
  /** Reloads the call tab, for the step the prompt offers on a dropped whiteboard. */
  reloadTab(tabId: number): Promise<void>;
  /**
   * An incident as the health engine knows it, including changes the storage had no room for;
   * without it, as stored.
   */
  incident?(id: string): Promise<Incident | undefined>;
  /** Whether the incident has changes the storage had no room for yet. */
  isUnsaved?(id: string): boolean;
  /**
   * Where the practice incident lives instead of the records: memory the browser keeps for the
   * session (never IndexedDB), so a stopped worker still finds it.
   */
  practice?: {
    read(): Promise<PracticeRecord | undefined>;
    write(record: PracticeRecord): Promise<void>;
  };
  newId?(): string;
}

/**
 * How far back the popup looks for a call page's last incident when none is open: about a
 * lesson's length, so the report can still be sent after the call recovered or was reloaded.
 */
export const RECENT_INCIDENT_MS = 3 * 60 * 60 * 1000;

type RespondRequest = Exclude<
  UiRequest,
  { type: 'get-tab-status' | 'camera-off-on-purpose' | 'storage-report' | 'start-practice' }
>;

/**
 * The background's shell for responding to an incident (issue #4): prompts and notifications
 * when incidents change, and the popup's requests to read an incident and record steps, the
 * outcome and the lesson reference on it. Every change is a pure function from
 * lib/incident-actions applied in one transaction, timed by the background's clock.
 */
export function createRespondService(deps: RespondServiceDeps) {
  const practiceIncident = async (id: string) => {
    const record = await deps.practice?.read();
    return record?.incident.id === id ? record : undefined;
  };
  const change = async (id: string, apply: (incident: Incident) => Incident) => {
    // A practice incident never reaches the records, whatever is recorded on it.
    if (isPracticeIncident(id)) {
      const record = await practiceIncident(id);
      if (!record || !deps.practice) throw new Error(PRACTICE_ENDED_WORDS);
      const incident = apply(record.incident);
      await deps.practice.write({ ...record, incident });
      return incident;
    }
    try {
      return await updateIncident(await deps.db, id, apply);
    } catch (error) {
      // Not stored yet for lack of room: say that, rather than that the incident is gone.
      if (deps.isUnsaved?.(id)) throw new Error(STORAGE_PROBLEM_WORDS.full, { cause: error });
      throw error;
    }
  };
  const read = async (id: string): Promise<Incident | undefined> => {
    if (isPracticeIncident(id)) return (await practiceIncident(id))?.incident;
    return deps.incident ? deps.incident(id) : getIncident(await deps.db, id);
  };
  const playbook = async () => {
    const db = await deps.db;
    const [{ settings }, { playbook: custom, problems }] = await Promise.all([
      loadSettings(db),
      loadCustomPlaybook(db),
    ]);
    return { settings, playbook: activePlaybook(settings, custom), custom: !!custom, problems };
  };
  const walkOf = async (incident: Incident) => {
    const { settings, playbook: document } = await playbook();
    return walkFor(incident, document, settings, deps.timeZone());
  };

  /** The offered step for the prompt: its outcome or reload, recorded as the walk records it. */
  const carryOutOffer = async (tabId: number, incidentId: string) => {
    const incident = await read(incidentId);
    if (!incident) return;
    const step = promptOffer(await walkOf(incident));
    if (!step) return;
    const record = (i: Incident) => recordStep(i, step.id, 'done', deps.now(), step.title);
    // A reload is the step itself; whether it fixed anything is the walk's question afterwards.
    if (step.action?.type === 'reload-call-tab') {
      await change(incidentId, record);
      // The practice tab is the welcome page: reloading it would only lose the tutor's place.
      if (isPracticeIncident(incidentId)) return;
      return deps.reloadTab(tabId);
    }
    const outcome = step.yes?.outcome;
    if (!outcome) return;
    const note = step.yes?.note;
    await change(incidentId, (i) =>
      record(setOutcome(i, note ? { type: outcome, note } : { type: outcome }, deps.now())),
    );
    await deps.sendPrompt(tabId, {
      type: 'prompt-noted',
      incidentId,
      text: `${isPracticeIncident(incidentId) ? 'Practised' : 'Recorded'}: ${lowerFirst(step.yes?.label ?? step.title)}`,
      lines: step.guidance,
    });
  };

  const checkOutcome = async (id: string, outcome: OutcomeRequest) => {
    if (outcome.type !== 'rescheduled' || outcome.replacementAt === undefined) return;
    const db = await deps.db;
    const incident = await read(id);
    if (!incident) return; // updateIncident reports the missing incident
    const { settings } = await loadSettings(db);
    const check = checkReplacementInstant(outcome.replacementAt, {
      lessonAt: Date.parse(incident.startedAt),
      windowDays: settings.replacementWindowDays,
      timeZone: deps.timeZone(),
      now: deps.now(),
    });
    if (!check.ok) throw new Error(check.message);
  };

  /** Shows the alerts for committed changes on a tab; `focused` false may notify. */
  const raise = async (
    tabId: number,
    changes: IncidentChange[],
    focused: () => Promise<boolean>,
  ) => {
    const db = await deps.db;
    const [{ settings }, inFront] = await Promise.all([
      loadSettings(db),
      focused().catch(() => false),
    ]);
    const current = new Map<string, Incident>();
    for (const c of changes) {
      const id = c.type === 'open' ? c.incident.id : c.id;
      // An incident the storage had no room for is only in the change that opened it.
      const incident = (await getIncident(db, id)) ?? (c.type === 'open' ? c.incident : undefined);
      if (incident) current.set(id, incident);
    }
    const { playbook: document } = await playbook();
    const offer = (incident: Incident) =>
      promptOffer(walkFor(incident, document, settings, deps.timeZone()))?.promptLabel;
    for (const alert of alertsFor(changes, (id) => current.get(id), settings, inFront, offer)) {
      const sent =
        alert.type === 'notify'
          ? deps.notify(tabId, alert.incidentId, alert.title, alert.message)
          : deps.sendPrompt(tabId, alert);
      // A tab that cannot take a prompt (closed, navigating) still has its badge.
      await sent.catch((e) => console.warn('Lifeline: could not show an alert', e));
    }
  };

  return {
    /** Committed incident changes on a tab: raise or hide its prompt, notify if it is hidden. */
    onIncidentChanges: (tabId: number, changes: IncidentChange[]) =>
      raise(tabId, changes, () => deps.isTabFocused(tabId)),

    /**
     * After an update, mid-lesson: the old version's prompt in the tab went dead with it (its
     * buttons reach no extension), so the tab's open incidents are shown again by this one, as
     * if just opened, but with no second notification: the tutor was told once.
     */
    async restorePrompts(tabId: number) {
      const db = await deps.db;
      const ids = await deps.openIncidentIds(tabId);
      const open = await Promise.all(ids.map((id) => getIncident(db, id)));
      const changes = open.flatMap((incident) =>
        incident ? [{ type: 'open' as const, incident }] : [],
      );
      if (changes.length) await raise(tabId, changes, () => Promise.resolve(true));
    },

    /** A button pressed in the in-page prompt of `tabId`. */
    async onPromptAction(tabId: number, message: PromptMessage) {
      const practice = await practiceIncident(message.incidentId);
      const ours =
        practice?.tabId === tabId ||
        (!isPracticeIncident(message.incidentId) &&
          (await deps.openIncidentIds(tabId)).includes(message.incidentId));
      if (!ours) return;
      if (message.action === 'fallback-steps') {
        return deps.openWalk(tabId, message.incidentId);
      }
      if (message.action === 'offer') return carryOutOffer(tabId, message.incidentId);
      const incident = await change(message.incidentId, (i) =>
        message.action === 'dismiss'
          ? recordStep(i, 'prompt-dismissed', 'done', deps.now())
          : dismissIncident(i, deps.now()),
      );
      // The detector must also stop judging video for this call, or it would raise again.
      if (message.action === 'camera-off' && !practice) await deps.markCameraOffOnPurpose(tabId);
      await deps.sendPrompt(tabId, { type: 'hide-prompt', incidentId: incident.id });
    },

    /**
     * Shows the real prompt on `tabId` for a new practice incident, which replaces any earlier
     * one. The prompt script must already be in the tab: the welcome page loads it itself.
     */
    async startPractice(tabId: number): Promise<Incident> {
      if (!deps.practice) throw new Error('Practice is not available here.');
      const incident = makePracticeIncident(deps.now(), deps.newId ?? (() => crypto.randomUUID()));
      await deps.practice.write({ tabId, incident });
      const offer = promptOffer(await walkOf(incident))?.promptLabel;
      const { id, kind, severity, side, startedAt } = incident;
      await deps.sendPrompt(tabId, {
        type: 'show-prompt',
        incident: { id, kind, severity, side, startedAt },
        ...(offer ? { offer } : {}),
      });
      return incident;
    },

    /** The walk's and the email draft's requests from the popup. */
    async onUiRequest(request: RespondRequest): Promise<unknown> {
      const db = await deps.db;
      switch (request.type) {
        case 'get-incident': {
          const incident = await read(request.id);
          if (incident) return incident;
          if (isPracticeIncident(request.id)) return { error: PRACTICE_ENDED_WORDS };
          const unreadable = await hasIncidentRecord(db, request.id);
          return { error: unreadable ? UNREADABLE_INCIDENT_WORDS : MISSING_INCIDENT_WORDS };
        }
        case 'latest-incident': {
          if (!request.origin) return null;
          const since = new Date(deps.now() - RECENT_INCIDENT_MS).toISOString();
          const recent = await incidentsSince(db, since);
          return recent.find((i) => i.page.origin === request.origin) ?? null;
        }
        case 'get-settings':
          return (await loadSettings(db)).settings;
        case 'save-settings':
          return saveSettings(db, request.settings);
        case 'record-step': {
          // The title as the tutor saw it, so the record keeps its words if the playbook changes.
          const { playbook: document } = await playbook();
          const title = stepTitle(request.stepId, document);
          return change(request.incidentId, (i) =>
            recordStep(
              i,
              request.stepId,
              request.result,
              deps.now(),
              title === request.stepId ? undefined : title,
            ),
          );
        }
        case 'get-playbook':
          return playbook();
        case 'save-playbook':
          return saveCustomPlaybook(db, request.playbook);
        case 'set-outcome':
          await checkOutcome(request.incidentId, request.outcome);
          return change(request.incidentId, (i) => setOutcome(i, request.outcome, deps.now()));
        case 'set-lesson-ref':
          return change(request.incidentId, (i) => setLessonRef(i, request.lessonRef));
      }
    },
  };
}
export type RespondService = ReturnType<typeof createRespondService>;

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
