import { SIDES } from '@/lib/shared/incident-kinds';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_PLAYBOOKS } from '@/lib/respond/builtin-playbooks';
import { playbookFor, type PlaybookStep } from '@/lib/respond/playbook';
import { answer, back, openingScreen, progress, waysOn, type WalkScreen } from '@/lib/respond/walk';
import { INCIDENT_KINDS, type Side } from '@/lib/shared/incident';
import { DEFAULT_SETTINGS } from '@/lib/settings/settings';
import { anIncident } from '../support/incidents';

const LAST_DAY = 'Wednesday 9 December 2026';
const stepsOf = (
  name: keyof typeof BUILT_IN_PLAYBOOKS,
  kind: (typeof INCIDENT_KINDS)[number],
  side: Side,
) =>
  playbookFor(
    { kind, side },
    BUILT_IN_PLAYBOOKS[name],
    { ...DEFAULT_SETTINGS, playbook: name },
    LAST_DAY,
  );

/** Follows the walk answering "no" everywhere: every step once, in order, then the end. */
function walkAllNo(steps: PlaybookStep[]) {
  const seen: string[] = [];
  let screen: WalkScreen = { type: 'step', index: 0 };
  while (screen.type === 'step') {
    const step = steps[screen.index]!;
    const effect = answer(steps, screen.index, step.no ? 'no' : step.yes?.outcome ? 'skip' : 'yes');
    seen.push(effect.record.stepId);
    expect(effect.outcome).toBeUndefined();
    screen = effect.next;
  }
  return { seen, end: screen };
}

describe('the walk, for every kind and side of both playbooks', () => {
  for (const name of ['tutoring', 'counselling'] as const) {
    for (const kind of INCIDENT_KINDS) {
      for (const side of SIDES) {
        it(`${name}: ${kind} on the ${side} side goes through each step once, then the end`, () => {
          const steps = stepsOf(name, kind, side);
          const { seen, end } = walkAllNo(steps);
          expect(seen).toEqual(steps.map((s) => s.id));
          expect(end).toEqual({ type: 'end' });
        });

        it(`${name}: ${kind} on the ${side} side: every yes with an outcome ends at the report`, () => {
          const steps = stepsOf(name, kind, side);
          steps.forEach((step, index) => {
            const effect = answer(steps, index, 'yes');
            if (step.yes?.outcome) {
              expect(effect.outcome?.type).toBe(step.yes.outcome);
              expect(effect.next).toEqual({ type: 'report' });
            } else {
              expect(effect.outcome).toBeUndefined();
              expect(effect.next).toEqual(
                index + 1 < steps.length ? { type: 'step', index: index + 1 } : { type: 'end' },
              );
            }
            expect(effect.record).toEqual({ stepId: step.id, result: 'done' });
          });
        });

        it(`${name}: ${kind} on the ${side} side reaches phone, replacement and abandon in one jump`, () => {
          const steps = stepsOf(name, kind, side);
          const labels = waysOn(steps).map((w) => w.label);
          expect(labels).toContain('Phone');
          expect(labels).toContain('Replacement');
          expect(labels.at(-1)).toBe('Abandon');
          if (name === 'tutoring') expect(labels).toContain('Typing');
          for (const way of waysOn(steps)) {
            if (way.to.type === 'step') expect(steps[way.to.index]).toBeDefined();
          }
        });
      }
    }
  }
});

describe('walk answers', () => {
  const steps = stepsOf('tutoring', 'no-sound', 'remote');
  const index = (id: string) => steps.findIndex((s) => s.id === id);

  it('"Did that fix it?" yes records the step and carries on as continued', () => {
    expect(answer(steps, 0, 'yes')).toEqual({
      record: { stepId: 'ask-student-check-sound', result: 'done' },
      outcome: { type: 'continued' },
      next: { type: 'report' },
    });
  });

  it('no goes to the next step, recorded as tried; skip records it as skipped', () => {
    expect(answer(steps, 0, 'no')).toEqual({
      record: { stepId: 'ask-student-check-sound', result: 'done' },
      next: { type: 'step', index: 1 },
    });
    expect(answer(steps, 0, 'skip').record.result).toBe('skipped');
  });

  it('the phone yes records the phone outcome; a first lesson abandons with its note', () => {
    expect(answer(steps, index('continue-by-phone'), 'yes').outcome).toEqual({ type: 'phone' });
    expect(answer(steps, index('first-lesson-or-new-location'), 'yes').outcome).toEqual({
      type: 'abandoned',
      note: 'First lesson or new location: reported for investigation.',
    });
  });

  it('refuses a step that is not there', () => {
    expect(() => answer(steps, steps.length, 'yes')).toThrow(
      `The walk has no step ${steps.length + 1}.`,
    );
  });

  it('goes back step by step, from the end to the last step, and from the report to the end', () => {
    expect(back(steps, { type: 'step', index: 0 })).toBeNull();
    expect(back(steps, { type: 'step', index: 2 })).toEqual({ type: 'step', index: 1 });
    expect(back(steps, { type: 'end' })).toEqual({ type: 'step', index: steps.length - 1 });
    expect(back(steps, { type: 'report' })).toEqual({ type: 'end' });
  });

  it('counts progress on step screens only', () => {
    expect(progress(steps, { type: 'step', index: 1 })).toBe(`Step 2 of ${steps.length}`);
    expect(progress(steps, { type: 'end' })).toBeNull();
  });
});

describe('where a walk opens', () => {
  const steps = stepsOf('tutoring', 'failed-connection', 'local');
  const at = '2026-12-02T10:00:00.000Z';

  it('opens on the first step, then on the first one neither taken nor skipped', () => {
    expect(openingScreen(steps, anIncident({ steps: [] }))).toEqual({ type: 'step', index: 0 });
    const taken = anIncident({
      steps: [
        { id: 'check-internet', at, result: 'done' },
        { id: 'prompt-dismissed', at, result: 'done' },
        { id: 'close-other-media', at, result: 'skipped' },
      ],
    });
    expect(openingScreen(steps, taken)).toEqual({ type: 'step', index: 1 });
  });

  it('opens on the report once an outcome is recorded, and on the end when every step is done', () => {
    expect(openingScreen(steps, anIncident({ outcome: { type: 'phone', at } }))).toEqual({
      type: 'report',
    });
    const all = anIncident({
      steps: steps.map((s) => ({ id: s.id, at, result: 'done' as const })),
    });
    expect(openingScreen(steps, all)).toEqual({ type: 'end' });
  });
});
