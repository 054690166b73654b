import { describe, expect, it } from 'vitest';
import { BUILT_IN_PLAYBOOKS } from '@/lib/respond/builtin-playbooks';
import { checkPlaybook, parsePlaybookFile } from '@/lib/respond/playbook-document';

const tutoring = BUILT_IN_PLAYBOOKS.tutoring;
const withSteps = (change: (steps: unknown[]) => unknown[]) => ({
  ...tutoring,
  steps: change(structuredClone(tutoring.steps)),
});
const reasons = (raw: unknown) => {
  const check = checkPlaybook(raw);
  if (check.ok) throw new Error('expected the playbook to be refused');
  return check.reasons;
};

describe('playbook documents', () => {
  it('accepts both built-in playbooks as they ship, round-tripped through JSON', () => {
    for (const playbook of Object.values(BUILT_IN_PLAYBOOKS)) {
      expect(parsePlaybookFile(JSON.stringify(playbook))).toEqual({ ok: true, playbook });
    }
  });

  it('refuses text that is not JSON, saying so', () => {
    expect(parsePlaybookFile('{"format": "lifeline.playbook",')).toEqual({
      ok: false,
      reasons: [expect.stringMatching(/^The file is not JSON: /)],
    });
  });

  it('refuses another kind of file and an unknown version with a plain reason', () => {
    expect(reasons({ ...tutoring, format: 'lifeline.incidents' })).toEqual([
      'format: This is not a Lifeline playbook ("format" must be "lifeline.playbook").',
    ]);
    expect(reasons({ ...tutoring, version: 2 })).toEqual([
      'version: This playbook is a version this Lifeline does not know (it reads version 1).',
    ]);
  });

  it('refuses a step with no words, naming the step', () => {
    const found = reasons(
      withSteps((steps) => steps.map((s, i) => (i === 2 ? { ...(s as object), title: '  ' } : s))),
    );
    expect(found).toEqual(['step 3 (close-other-programs), title: This needs some words.']);
    expect(
      reasons(
        withSteps((steps) => steps.map((s, i) => (i === 0 ? { ...(s as object), text: [] } : s))),
      ),
    ).toEqual(['step 1 (check-internet), text: A step needs at least one line of words.']);
  });

  it('refuses two steps with the same id', () => {
    expect(reasons(withSteps((steps) => [...steps, steps[0]]))).toEqual([
      `step ${tutoring.steps.length + 1} (check-internet), id: Two steps have the id "check-internet": each step needs its own.`,
    ]);
  });

  it('refuses an unknown placeholder, listing the known ones', () => {
    const [reason] = reasons(
      withSteps((steps) =>
        steps.map((s, i) =>
          i === 0 ? { ...(s as object), text: ['Call {phoneNumber} now.'] } : s,
        ),
      ),
    );
    expect(reason).toMatch(
      /^step 1 \(check-internet\), text, line 1: Unknown placeholder \{phoneNumber\}: use one of \{person\}/,
    );
  });

  it('refuses a step that nothing moves on from, and a rescheduling yes without the picker', () => {
    expect(
      reasons(
        withSteps((steps) =>
          steps.map((s, i) => (i === 0 ? { ...(s as { yes: unknown }), yes: undefined } : s)),
        ),
      ),
    ).toEqual([
      'step 1 (check-internet), yes: A step needs a "yes" answer (or the replacement picker) to move on from.',
    ]);
    expect(
      reasons(
        withSteps((steps) =>
          steps.map((s, i) =>
            i === 0 ? { ...(s as object), yes: { label: 'Moved', outcome: 'rescheduled' } } : s,
          ),
        ),
      ),
    ).toEqual([
      'step 1 (check-internet), yes.outcome: A replacement is agreed with the "pick-replacement" action, not a yes answer.',
    ]);
  });

  it('refuses an empty playbook and lists every problem of a broken one', () => {
    expect(reasons({ ...tutoring, steps: [] })).toEqual([
      'steps: A playbook needs at least one step.',
    ]);
    expect(reasons({ ...tutoring, name: '', person: 'pupil' })).toHaveLength(2);
  });
});
