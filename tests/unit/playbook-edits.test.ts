import { describe, expect, it } from 'vitest';
import { BUILT_IN_PLAYBOOKS } from '@/lib/respond/builtin-playbooks';
import { checkPlaybook } from '@/lib/respond/playbook-document';
import {
  addStep,
  idFromTitle,
  isAddedStep,
  linesFromText,
  moveStep,
  newStepProblems,
  removeStep,
  rename,
  setEnabled,
  stamped,
  uniqueId,
  updateWords,
  wordsOf,
  type NewStep,
} from '@/lib/respond/playbook-edits';
import { playbookFor } from '@/lib/respond/playbook';
import { DEFAULT_SETTINGS } from '@/lib/settings/settings';
import { INCIDENT_KINDS } from '@/lib/shared/incident';

const tutoring = BUILT_IN_PLAYBOOKS.tutoring;
const counselling = BUILT_IN_PLAYBOOKS.counselling;
const ids = (doc: { steps: { id: string }[] }) => doc.steps.map((s) => s.id);
const step = (doc: typeof tutoring, id: string) => doc.steps.find((s) => s.id === id)!;
const draft = (patch: Partial<NewStep> = {}): NewStep => ({
  title: 'Call the office',
  lines: ['Ring the office and tell them the lesson stopped.'],
  section: 'continue',
  kinds: [...INCIDENT_KINDS],
  sides: ['local', 'remote', 'unknown'],
  question: '',
  yesLabel: 'Done',
  outcome: null,
  noLabel: '',
  ...patch,
});

describe('playbook edits', () => {
  it('turns a step off and on again, leaving it in the document and the others alone', () => {
    const off = setEnabled(tutoring, 'continue-by-phone', false);
    expect(step(off, 'continue-by-phone').enabled).toBe(false);
    expect(ids(off)).toEqual(ids(tutoring));
    expect(off.steps.filter((s) => !s.enabled).map((s) => s.id)).toEqual(['continue-by-phone']);
    expect(setEnabled(off, 'continue-by-phone', true)).toEqual(tutoring);
    const walk = playbookFor({ kind: 'no-sound', side: 'remote' }, off, DEFAULT_SETTINGS, 'x');
    expect(walk.map((s) => s.id)).not.toContain('continue-by-phone');
  });

  it('moves a step up and down by one place, and not past either end', () => {
    const [first, second, third] = ids(tutoring);
    const up = moveStep(tutoring, second!, -1);
    expect(ids(up).slice(0, 3)).toEqual([second, first, third]);
    expect(moveStep(up, second!, 1)).toEqual(tutoring);
    expect(moveStep(tutoring, first!, -1)).toBe(tutoring);
    expect(moveStep(tutoring, ids(tutoring).at(-1)!, 1)).toBe(tutoring);
    expect(moveStep(tutoring, 'no-such-step', 1)).toBe(tutoring);
    expect(tutoring.steps[0]!.id).toBe(first);
  });

  it('changes the words of a step and leaves out an emptied "say" or question', () => {
    const edited = updateWords(tutoring, 'continue-by-phone', {
      title: 'Phone them',
      say: '',
      question: '',
      yesLabel: 'We are on the phone',
    });
    const phone = step(edited, 'continue-by-phone');
    expect(phone.title).toBe('Phone them');
    expect(phone).not.toHaveProperty('say');
    expect(phone).not.toHaveProperty('question');
    expect(phone.yes).toEqual({ label: 'We are on the phone', outcome: 'phone' });
    expect(checkPlaybook(edited).ok).toBe(true);
  });

  it('keeps the conditions of conditional lines while their words and the plain lines change', () => {
    const withConditions = counselling.steps.find((s) =>
      s.text.some((l) => typeof l !== 'string'),
    )!;
    const before = wordsOf(withConditions);
    expect(before.conditionalLines.length).toBeGreaterThan(0);
    const edited = updateWords(counselling, withConditions.id, {
      lines: [...before.lines.map((l) => `${l}!`), 'A new last line.'],
      conditionalLines: before.conditionalLines.map((l) => `(${l})`),
    });
    const text = step(edited, withConditions.id).text;
    expect(text).toHaveLength(withConditions.text.length + 1);
    withConditions.text.forEach((line, i) => {
      if (typeof line === 'string') expect(text[i]).toBe(`${line}!`);
      else expect(text[i]).toEqual({ ...line, text: `(${line.text})` });
    });
    expect(text.at(-1)).toBe('A new last line.');
  });

  it('drops plain lines the tutor deleted, keeping the conditional ones', () => {
    const withConditions = counselling.steps.find((s) =>
      s.text.some((l) => typeof l !== 'string'),
    )!;
    const edited = updateWords(counselling, withConditions.id, { lines: [] });
    expect(step(edited, withConditions.id).text).toEqual(
      withConditions.text.filter((l) => typeof l !== 'string'),
    );
  });

  it('leaves an emptied answer label in place, so saving refuses it with a reason', () => {
    const edited = updateWords(tutoring, 'check-internet', { yesLabel: ' ', noLabel: '' });
    const check = checkPlaybook(edited);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reasons).toEqual([
      'step 1 (check-internet), yes.label: This needs some words.',
      'step 1 (check-internet), no.label: This needs some words.',
    ]);
  });

  it('reads typed lines one a line, without blank ones', () => {
    expect(linesFromText('  First.\n\n Second. \n')).toEqual(['First.', 'Second.']);
  });

  it('makes a step id from its title, within the format rules, and unique in the playbook', () => {
    expect(idFromTitle('Call the office!')).toBe('call-the-office');
    expect(idFromTitle('Réessayer  la connexion')).toBe('reessayer-la-connexion');
    expect(idFromTitle('电话')).toBe('step');
    expect(idFromTitle('x'.repeat(80))).toHaveLength(40);
    expect(uniqueId(tutoring, 'Continue by phone')).toBe('continue-by-phone-2');
    const once = addStep(tutoring, draft({ title: 'Continue by phone' })).playbook;
    expect(uniqueId(once, 'Continue by phone')).toBe('continue-by-phone-3');
  });

  it('adds a step after the last of its section, applying to every kind and side by default', () => {
    const { playbook, id } = addStep(tutoring, draft());
    expect(id).toBe('call-the-office');
    const lastContinue = tutoring.steps.findLastIndex((s) => s.section === 'continue');
    expect(playbook.steps[lastContinue + 1]).toEqual({
      id,
      enabled: true,
      section: 'continue',
      title: 'Call the office',
      text: ['Ring the office and tell them the lesson stopped.'],
      yes: { label: 'Done' },
    });
    expect(checkPlaybook(playbook).ok).toBe(true);
    for (const side of ['local', 'remote', 'unknown'] as const) {
      for (const kind of INCIDENT_KINDS) {
        const walk = playbookFor({ kind, side }, playbook, DEFAULT_SETTINGS, 'x');
        expect(walk.map((s) => s.id)).toContain(id);
      }
    }
  });

  it('adds a step for chosen kinds and sides whose "yes" records an outcome', () => {
    const { playbook, id } = addStep(
      tutoring,
      draft({
        title: 'Use the backup laptop',
        section: 'quick-fix',
        kinds: ['no-video'],
        sides: ['local'],
        question: 'Is the lesson going again?',
        yesLabel: 'Yes',
        outcome: 'continued',
        noLabel: 'No',
      }),
    );
    const added = step(playbook, id);
    expect(added).toMatchObject({
      kinds: ['no-video'],
      sides: ['local'],
      question: 'Is the lesson going again?',
      yes: { label: 'Yes', outcome: 'continued' },
      no: { label: 'No' },
    });
    const lastQuickFix = tutoring.steps.findLastIndex((s) => s.section === 'quick-fix');
    expect(playbook.steps.indexOf(added)).toBe(lastQuickFix + 1);
    const walk = (side: 'local' | 'remote') =>
      playbookFor({ kind: 'no-video', side }, playbook, DEFAULT_SETTINGS, 'x').map((s) => s.id);
    expect(walk('local')).toContain(id);
    expect(walk('remote')).not.toContain(id);
  });

  it('adds a step of a section the playbook lacks at the end', () => {
    const noBoundaries = {
      ...tutoring,
      steps: tutoring.steps.filter((s) => s.section !== 'boundaries'),
    };
    const { playbook, id } = addStep(noBoundaries, draft({ section: 'boundaries' }));
    expect(playbook.steps.at(-1)!.id).toBe(id);
  });

  it('says what a new step lacks', () => {
    expect(newStepProblems(draft())).toEqual([]);
    expect(
      newStepProblems(draft({ title: ' ', lines: [], kinds: [], sides: [], yesLabel: '' })),
    ).toEqual([
      'Give the step a title.',
      'Write what the tutor should do, at least one line.',
      'Tick at least one kind of failure.',
      'Tick at least one side.',
      'Give the "yes" answer some words.',
    ]);
  });

  it('removes a step the organisation added, never one Lifeline ships', () => {
    const { playbook, id } = addStep(tutoring, draft());
    expect(isAddedStep(id)).toBe(true);
    expect(isAddedStep('continue-by-phone')).toBe(false);
    expect(removeStep(playbook, id)).toEqual(tutoring);
    expect(removeStep(tutoring, 'continue-by-phone')).toBe(tutoring);
  });

  it('renames the playbook and stamps the time it was saved', () => {
    const saved = stamped(rename(tutoring, 'Bright Tutors'), new Date('2026-12-02T19:00:00Z'));
    expect(saved.name).toBe('Bright Tutors');
    expect(saved.updatedAt).toBe('2026-12-02T19:00:00.000Z');
    expect(checkPlaybook(saved)).toEqual({ ok: true, playbook: saved });
    expect(tutoring.name).not.toBe('Bright Tutors');
  });
});
