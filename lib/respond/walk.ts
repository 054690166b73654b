import type { Incident, StepRecord } from '@/lib/shared/incident';
import type { OutcomeType, PlaybookStep } from './playbook';
import type { AgreedWay, ClientPlan } from '@/lib/prepare/client-plan';

/**
 * The guided walk (design.md §5) as a pure model: one screen at a time, what each answer records
 * and where it leads. The popup and the walk window render the screens; the background stores
 * what the answers record.
 */

export type WalkScreen =
  /** One step of the incident's playbook, by its place in the walk. */
  | { type: 'step'; index: number }
  /** Every step tried or skipped: the tutor says how the session ended. */
  | { type: 'end' }
  /** The outcome is recorded: the email and the message to the client. */
  | { type: 'report' };

export type Answer = 'yes' | 'no' | 'skip';

/** What an answer asks the background to store, and the screen it leads to. */
export interface AnswerEffect {
  record: { stepId: string; result: StepRecord['result'] };
  outcome?: { type: OutcomeType; note?: string };
  next: WalkScreen;
}

/**
 * Where the walk opens: the report once an outcome is recorded, else the first step the tutor
 * has neither taken nor skipped, so a walk reopened mid-lesson carries on where it was.
 */
export function openingScreen(steps: readonly PlaybookStep[], incident: Incident): WalkScreen {
  if (incident.outcome) return { type: 'report' };
  const recorded = new Set(incident.steps.map((s) => s.id));
  const index = steps.findIndex((s) => !recorded.has(s.id));
  return index === -1 ? { type: 'end' } : { type: 'step', index };
}

const after = (steps: readonly PlaybookStep[], index: number): WalkScreen =>
  index + 1 < steps.length ? { type: 'step', index: index + 1 } : { type: 'end' };

/**
 * An answer on step `index`: "yes" with an outcome ends the walk with it; any other "yes" and
 * "no" record the step as done (it was tried) and go on; "skip" records it as skipped.
 */
export function answer(steps: readonly PlaybookStep[], index: number, given: Answer): AnswerEffect {
  const step = steps[index];
  if (!step) throw new Error(`The walk has no step ${index + 1}.`);
  const record = { stepId: step.id, result: given === 'skip' ? 'skipped' : 'done' } as const;
  const outcome = given === 'yes' ? step.yes?.outcome : undefined;
  if (outcome) {
    const note = step.yes?.note;
    return {
      record,
      outcome: note ? { type: outcome, note } : { type: outcome },
      next: { type: 'report' },
    };
  }
  return { record, next: after(steps, index) };
}

/** Back: the step before, the last step from the end, the end from the report. */
export function back(steps: readonly PlaybookStep[], screen: WalkScreen): WalkScreen | null {
  switch (screen.type) {
    case 'step':
      return screen.index > 0 ? { type: 'step', index: screen.index - 1 } : null;
    case 'end':
      return steps.length ? { type: 'step', index: steps.length - 1 } : null;
    case 'report':
      return { type: 'end' };
  }
}

/** "Step 2 of 5" for a step screen; nothing for the others. */
export function progress(steps: readonly PlaybookStep[], screen: WalkScreen): string | null {
  return screen.type === 'step' ? `Step ${screen.index + 1} of ${steps.length}` : null;
}

export interface WayOn {
  label: string;
  to: WalkScreen;
  /** The client agreed this way (lib/prepare/client-plan.ts): it comes first. */
  agreed?: boolean;
}

/** Which way on each thing a client can agree to is. */
const AGREED_LABELS: Record<AgreedWay, string> = {
  phone: 'Phone',
  typing: 'Typing',
  text: 'Replacement',
  reschedule: 'Replacement',
};

const WAY_LABELS: Partial<Record<OutcomeType, string>> = { phone: 'Phone', typing: 'Typing' };

/**
 * The policy's common ways on (seeds/004: phone for sound, typing, a replacement inside the
 * window, abandon and report), each one jump from any screen of the walk, so from the prompt
 * they are at most two actions away: "Steps…", then the way. With the plan agreed with the
 * client, its ways come first, in the order agreed.
 */
export function waysOn(steps: readonly PlaybookStep[], plan?: ClientPlan): WayOn[] {
  const ways: WayOn[] = [];
  steps.forEach((step, index) => {
    const outcome = step.yes?.outcome;
    const label =
      step.action?.type === 'pick-replacement'
        ? 'Replacement'
        : outcome
          ? WAY_LABELS[outcome]
          : undefined;
    if (label && !ways.some((w) => w.label === label))
      ways.push({ label, to: { type: 'step', index } });
  });
  ways.push({ label: 'Abandon', to: { type: 'end' } });
  if (!plan) return ways;
  // The plan agreed with the client comes first, in its order (seeds 000 and 002).
  const agreed = [...new Set(plan.ways.map((way) => AGREED_LABELS[way]))];
  const rank = (w: WayOn) => {
    const at = agreed.indexOf(w.label);
    return at < 0 ? agreed.length : at;
  };
  return ways
    .map((w) => (agreed.includes(w.label) ? { ...w, agreed: true } : w))
    .sort((a, b) => rank(a) - rank(b));
}
