import { z } from 'zod';
import {
  incidentSchema,
  type Incident,
  type Outcome,
  type StepRecord,
} from '@/lib/shared/incident';

/**
 * What the tutor does to an incident, as pure functions: each returns a new, validated incident
 * or throws an Error whose message can be shown as it is. The background applies them inside one
 * IndexedDB transaction (`updateIncident`), with its own clock for `at`.
 */

/** The most step records one incident keeps (the export schema's limit). */
export const MAX_STEPS = 200;

/**
 * Records that a step was taken (or skipped) at `at`, with its title as the tutor saw it.
 * Repeats are kept: each is a real action.
 */
export function recordStep(
  incident: Incident,
  id: string,
  result: StepRecord['result'],
  at: number,
  title?: string,
): Incident {
  if (incident.steps.length >= MAX_STEPS) {
    throw new Error(`This incident already has ${MAX_STEPS} steps recorded.`);
  }
  return incidentSchema.parse({
    ...incident,
    steps: [
      ...incident.steps,
      { id, at: new Date(at).toISOString(), result, ...(title ? { title } : {}) },
    ],
  });
}

/** An outcome as the popup asks for it; the time it was chosen comes from the background. */
export interface OutcomeRequest {
  type: Outcome['type'];
  /** Epoch ms of the agreed replacement, for `rescheduled` only. */
  replacementAt?: number;
  note?: string;
}

/**
 * Sets (or replaces) the outcome. A rescheduled session needs its replacement time; no other
 * outcome has one. The caller checks the time against the replacement window first.
 */
export function setOutcome(incident: Incident, request: OutcomeRequest, at: number): Incident {
  if (request.type === 'rescheduled' && request.replacementAt === undefined) {
    throw new Error('A rescheduled session needs the agreed replacement time.');
  }
  if (request.type !== 'rescheduled' && request.replacementAt !== undefined) {
    throw new Error('Only a rescheduled session has a replacement time.');
  }
  const outcome: Outcome = { type: request.type, at: new Date(at).toISOString() };
  if (request.replacementAt !== undefined) {
    outcome.replacementAt = new Date(request.replacementAt).toISOString();
  }
  const note = request.note?.trim();
  if (note) outcome.note = note;
  return incidentSchema.parse({ ...incident, outcome });
}

/**
 * The tutor says this is not a failure: "Camera off on purpose" for a video incident (design.md
 * §3). The incident is marked dismissed and the choice recorded as a step with its time. Merely
 * closing the prompt ("Dismiss") is only a step: the failure was still real.
 */
export function dismissIncident(incident: Incident, at: number): Incident {
  if (incident.kind !== 'no-video') {
    throw new Error('Only a video incident can be marked as camera off on purpose.');
  }
  return { ...recordStep(incident, 'camera-off-on-purpose', 'done', at), dismissed: true };
}

/**
 * A lesson reference is initials or a short code, never a full name (design.md §6): no spaces,
 * at most 12 characters.
 */
export const lessonRefSchema = z
  .string()
  .trim()
  .regex(
    /^[\p{L}\p{N}.\-/#]{1,12}$/u,
    'Use initials or a short code, like AB or L-1042 (no spaces).',
  );

/** Sets the lesson reference the report names; an empty string removes it. */
export function setLessonRef(incident: Incident, ref: string): Incident {
  const { lessonRef: _old, ...rest } = incident;
  if (ref.trim() === '') return rest;
  const parsed = lessonRefSchema.safeParse(ref);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'Invalid reference.');
  return incidentSchema.parse({ ...rest, lessonRef: parsed.data });
}
