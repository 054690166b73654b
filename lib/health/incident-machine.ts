import { THRESHOLDS } from '@/lib/detect/thresholds';
import type { Verdict } from '@/lib/detect/verdict';
import type { Severity } from '@/lib/shared/incident';

/**
 * The lifecycle of one kind of incident on one tab.
 *
 *              confirmed verdict, or bad in 3 of the last 5 evaluations
 *   ┌──────┐ ─────────────────────────────────────────────────────────▶ ┌──────┐
 *   │ idle │                                                            │ open │ ◀─┐
 *   └──────┘ ◀───────────────┐                                          └──────┘   │ bad again:
 *                            │ 10 s with no bad verdict          no bad verdict │  │ a flap, merged
 *                            │ (endedAt = first clean moment)                  ▼  │ into the same
 *                            └──────────────────────────────────────── ┌──────────┐ incident
 *                                                                      │ clearing │─┘
 *                                                                      └──────────┘
 *
 * A failure while the incident is a warning escalates it (open → open, or clearing → open). The
 * same machine is drawn in docs/architecture.md, and tests/unit/architecture-doc.test.ts fails when
 * the code takes a transition that drawing lacks.
 *
 * The machine holds no incident record, only its id; the caller turns `MachineEvent`s into
 * stored changes, in the same transaction as the new machine state, so a worker killed at any
 * point resumes the same incident (design.md §2).
 */
export type IncidentPhase = 'idle' | 'open' | 'clearing';

export interface IncidentMachine {
  phase: IncidentPhase;
  /** Bad (true) or clean (false) for the last evaluations, newest last, at most `windowSize`. */
  recent: boolean[];
  lastSlotAt?: number;
  incidentId?: string;
  severity?: Severity;
  /** First clean moment after the last bad one, while clearing. */
  clearSince?: number;
}

export type MachineEvent =
  | { type: 'opened'; verdict: Verdict; id: string }
  | { type: 'flapped'; verdict: Verdict; id: string }
  | { type: 'escalated'; verdict: Verdict; id: string }
  | { type: 'closed'; id: string; endedAt: number };

export const idleMachine = (): IncidentMachine => ({ phase: 'idle', recent: [] });

/**
 * Advances the machine by one evaluation at `now`. `verdict` is this kind's detector output
 * (null = clean). Returns the new machine and what happened, if anything.
 */
export function stepIncidentMachine(
  machine: IncidentMachine,
  verdict: Verdict | null,
  now: number,
  newId: () => string,
  /** The tutor's sensitivity preset: how many bad evaluations of how many raise. */
  tuning: { raiseCount: number; windowSize: number } = THRESHOLDS,
): { machine: IncidentMachine; event?: MachineEvent } {
  const bad = verdict !== null;
  let recent = machine.recent;
  let lastSlotAt = machine.lastSlotAt;
  if (lastSlotAt === undefined || now - lastSlotAt >= THRESHOLDS.evaluationSpacingMs) {
    recent = [...recent, bad].slice(-tuning.windowSize);
    lastSlotAt = now;
  } else if (bad && !recent[recent.length - 1]) {
    // A bad evaluation inside the same slot still counts: the slot is bad if any of it was.
    recent = [...recent.slice(0, -1), true];
  }
  const base = { ...machine, recent, lastSlotAt };
  const sustained = recent.filter(Boolean).length >= tuning.raiseCount;
  // The same bar holds both ways: a verdict that could not open an incident (one bad second of a
  // sustained rule) does not keep one open either, so a blip after a restore still lets it clear.
  const counts = verdict !== null && (verdict.confirmed || sustained);

  if (machine.phase === 'idle') {
    if (!verdict || !counts) return { machine: base };
    const id = newId();
    return {
      machine: { ...base, phase: 'open', incidentId: id, severity: verdict.severity },
      event: { type: 'opened', verdict, id },
    };
  }

  const id = machine.incidentId!;
  if (verdict && counts) {
    const escalated = verdict.severity === 'failure' && machine.severity === 'warning';
    const next: IncidentMachine = {
      ...base,
      phase: 'open',
      clearSince: undefined,
      severity: escalated ? 'failure' : machine.severity,
    };
    if (escalated) return { machine: next, event: { type: 'escalated', verdict, id } };
    return {
      machine: next,
      event: machine.phase === 'clearing' ? { type: 'flapped', verdict, id } : undefined,
    };
  }

  const clearSince = machine.clearSince ?? now;
  if (now - clearSince >= THRESHOLDS.clearAfterMs) {
    return {
      machine: { phase: 'idle', recent: [], lastSlotAt },
      event: { type: 'closed', id, endedAt: clearSince },
    };
  }
  return { machine: { ...base, phase: 'clearing', clearSince } };
}
