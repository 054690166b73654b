import { describe, expect, it } from 'vitest';
import { INCIDENT_KINDS, type IncidentKind, type Side } from '@/lib/shared/incident';
import { playbookFor, promptOffer, stepTitle, type PlaybookStep } from '@/lib/respond/playbook';
import { BUILT_IN_PLAYBOOKS } from '@/lib/respond/builtin-playbooks';

const walkOf = (
  incident: { kind: IncidentKind; side: Side },
  settings: Settings,
  lastDay: string,
): PlaybookStep[] =>
  playbookFor(incident, BUILT_IN_PLAYBOOKS[settings.playbook], settings, lastDay);
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/settings';

const LAST_DAY = 'Wednesday 2 December 2026';
const ids = (kind: IncidentKind, side: Side, settings: Settings = DEFAULT_SETTINGS) =>
  walkOf({ kind, side }, settings, LAST_DAY).map((s) => s.id);
const counselling: Settings = { ...DEFAULT_SETTINGS, playbook: 'counselling' };
const stepOf = (steps: PlaybookStep[], id: string) => steps.find((s) => s.id === id)!;

// The steps every tutoring walk ends with, in the policy's order (seeds/004).
const TUTORING_TAIL = [
  'continue-by-phone',
  'continue-by-typing',
  'approved-platforms-only',
  'first-lesson-or-new-location',
  'offer-replacement',
  'no-fee-talk',
];

describe('tutoring playbook: quick fixes by kind and side', () => {
  it.each([
    ['failed-connection', 'local', ['check-internet', 'reload-call-tab']],
    ['failed-connection', 'remote', ['wait-for-rejoin', 'reload-call-tab']],
    ['failed-connection', 'unknown', ['wait-for-rejoin', 'reload-call-tab']],
    [
      'unstable-connection',
      'local',
      ['close-other-media', 'pause-home-streaming', 'reload-call-tab'],
    ],
    ['unstable-connection', 'remote', ['ask-student-close-media', 'reload-call-tab']],
    [
      'unstable-connection',
      'unknown',
      ['close-other-media', 'pause-home-streaming', 'reload-call-tab'],
    ],
    ['no-sound', 'local', ['close-other-media', 'check-microphone', 'reload-call-tab']],
    ['no-sound', 'remote', ['ask-student-check-sound', 'reload-call-tab']],
    [
      'no-sound',
      'unknown',
      ['close-other-media', 'check-microphone', 'ask-student-check-sound', 'reload-call-tab'],
    ],
    ['no-video', 'local', ['close-other-media', 'check-camera', 'reload-call-tab']],
    ['no-video', 'remote', ['ask-student-check-video', 'reload-call-tab']],
    [
      'no-video',
      'unknown',
      ['close-other-media', 'check-camera', 'ask-student-check-video', 'reload-call-tab'],
    ],
    [
      'bandwidth-pressure',
      'local',
      ['close-other-media', 'pause-home-streaming', 'reload-call-tab'],
    ],
    ['bandwidth-pressure', 'remote', ['ask-student-close-media', 'reload-call-tab']],
    [
      'bandwidth-pressure',
      'unknown',
      ['close-other-media', 'pause-home-streaming', 'reload-call-tab'],
    ],
    [
      'whiteboard-disconnected',
      'local',
      ['check-internet', 'close-other-media', 'pause-home-streaming', 'reload-call-tab'],
    ],
    ['whiteboard-disconnected', 'remote', ['ask-student-close-media', 'reload-call-tab']],
    [
      'whiteboard-disconnected',
      'unknown',
      ['close-other-media', 'pause-home-streaming', 'reload-call-tab'],
    ],
  ] as const)('%s on the %s side: %j, then the policy', (kind, side, quickFixes) => {
    const soundOnly = kind === 'no-video' ? ['continue-with-sound-only'] : [];
    expect(ids(kind, side)).toEqual([...quickFixes, ...soundOnly, ...TUTORING_TAIL]);
  });

  it('gives every kind and side at least one quick fix, each with words', () => {
    for (const kind of INCIDENT_KINDS) {
      for (const side of ['local', 'remote', 'unknown'] as const) {
        const steps = walkOf({ kind, side }, DEFAULT_SETTINGS, LAST_DAY);
        expect(steps.filter((s) => s.section === 'quick-fix').length).toBeGreaterThan(0);
        expect(steps.every((s) => s.guidance.length > 0 && s.title.length > 0)).toBe(true);
      }
    }
  });

  it('lists other media tabs and offers a reload as one-click actions', () => {
    const steps = walkOf({ kind: 'bandwidth-pressure', side: 'local' }, DEFAULT_SETTINGS, LAST_DAY);
    expect(stepOf(steps, 'close-other-media').action).toEqual({ type: 'other-media-tabs' });
    expect(stepOf(steps, 'reload-call-tab').action).toEqual({ type: 'reload-call-tab' });
  });

  it.each([
    ['no-sound', 'microphone'],
    ['no-video', 'camera'],
  ] as const)('sends a local %s to the %s settings', (kind, device) => {
    const steps = walkOf({ kind, side: 'local' }, DEFAULT_SETTINGS, LAST_DAY);
    expect(steps.map((s) => s.action)).toContainEqual({ type: 'check-device', device });
  });
});

describe('tutoring playbook: the policy steps, from settings', () => {
  const walk = walkOf({ kind: 'failed-connection', side: 'local' }, DEFAULT_SETTINGS, LAST_DAY);

  it('says typing is not for a student who cannot read', () => {
    expect(stepOf(walk, 'continue-by-typing').guidance.join(' ')).toContain('cannot read');
    expect(stepOf(walk, 'continue-by-typing').yes).toEqual({
      label: 'We carried on by typing',
      outcome: 'typing',
    });
  });

  it('offers the organisation phone and your own with the withhold prefix', () => {
    const phone = stepOf(walk, 'continue-by-phone');
    expect(phone.guidance).toEqual([
      "The organisation's mobile phone. Sound only. Return it to the main desk after use.",
      'Your own phone, only if you have unlimited minutes, with your number withheld: dial 141 before their number.',
    ]);
  });

  it('uses the configured withhold prefix and phone label', () => {
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      withholdPrefix: '#31#',
      organisationPhone: { available: true, label: 'The practice mobile', note: '' },
    };
    const phone = stepOf(
      walkOf({ kind: 'no-sound', side: 'remote' }, settings, LAST_DAY),
      'continue-by-phone',
    );
    expect(phone.guidance).toEqual([
      'The practice mobile.',
      'Your own phone, only if you have unlimited minutes, with your number withheld: dial #31# before their number.',
    ]);
  });

  it('leaves out the phone step when no phone may be used', () => {
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      ownPhoneAllowed: false,
      organisationPhone: { ...DEFAULT_SETTINGS.organisationPhone, available: false },
    };
    expect(ids('no-sound', 'remote', settings)).not.toContain('continue-by-phone');
  });

  it('names the unapproved platforms from settings', () => {
    expect(stepOf(walk, 'approved-platforms-only').guidance[0]).toBe(
      "Do not move the session to Facebook, FaceTime, Zoom and WhatsApp video: they are outside the organisation's data protection and safeguarding.",
    );
  });

  it('abandons and reports a first lesson or a new location', () => {
    expect(stepOf(walk, 'first-lesson-or-new-location').yes).toEqual({
      outcome: 'abandoned',
      label: 'Yes: abandon and report it',
      note: 'First lesson or new location: reported for investigation.',
    });
  });

  it('gives the replacement reminders with the window from settings and its last day', () => {
    const settings: Settings = { ...DEFAULT_SETTINGS, replacementWindowDays: 5 };
    const step = stepOf(
      walkOf({ kind: 'no-video', side: 'remote' }, settings, 'Monday 30 November 2026'),
      'offer-replacement',
    );
    expect(step.guidance.join(' ')).toContain(
      'Within 5 days of this lesson: on or before Monday 30 November 2026.',
    );
    expect(step.guidance.join(' ')).toContain('do not normally have another space');
    expect(step.guidance.join(' ')).toContain('not a permanent change');
    expect(step.guidance.join(' ')).toContain('apply to all');
    expect(step.action).toEqual({ type: 'pick-replacement' });
  });

  it('gives the exact words for fee questions', () => {
    expect(stepOf(walk, 'no-fee-talk').say).toBe('I don’t know; someone will be in touch.');
  });
});

describe('counselling playbook (seeds/000)', () => {
  it.each([
    ['local', 'phone them now'],
    ['remote', 'they contact you by phone'],
    ['unknown', 'Phone the client'],
  ] as const)('on the %s side says who contacts whom', (side, words) => {
    const step = stepOf(
      walkOf({ kind: 'failed-connection', side }, counselling, LAST_DAY),
      'who-contacts-whom',
    );
    expect(step.guidance.join(' ')).toContain(words);
  });

  it('suspends until the client’s system works when the failure is theirs', () => {
    const step = stepOf(
      walkOf({ kind: 'no-sound', side: 'remote' }, counselling, LAST_DAY),
      'who-contacts-whom',
    );
    expect(step.guidance[1]).toBe(
      'Suspend the session until they tell you their system is working again; then reschedule.',
    );
  });

  it('has no typing, first-lesson or fee steps, and keeps quick fixes and phone', () => {
    expect(ids('no-sound', 'remote', counselling)).toEqual([
      'ask-student-check-sound',
      'reload-call-tab',
      'who-contacts-whom',
      'assume-positive-intent',
      'continue-by-phone',
      'approved-platforms-only',
      'offer-replacement',
    ]);
  });

  it('speaks of the client, not the student', () => {
    const steps = walkOf({ kind: 'no-video', side: 'remote' }, counselling, LAST_DAY);
    expect(stepOf(steps, 'ask-student-check-video').guidance[0]).toContain('Type to the client');
  });
});

describe('stepTitle', () => {
  it.each([
    ['reload-call-tab', 'tutoring', 'Reload the call tab'],
    ['offer-replacement', 'tutoring', 'Offer a replacement, if you have space'],
    ['offer-replacement', 'counselling', 'Reschedule once their system works'],
    ['camera-off-on-purpose', 'tutoring', 'Marked the camera as off on purpose'],
    ['something-else', 'tutoring', 'something-else'],
  ] as const)('%s (%s) → %s', (id, playbook, title) => {
    expect(stepTitle(id, BUILT_IN_PLAYBOOKS[playbook])).toBe(title);
  });

  it('names a step of an older record from the built-in playbooks when the playbook lacks it', () => {
    const only = {
      ...BUILT_IN_PLAYBOOKS.tutoring,
      steps: BUILT_IN_PLAYBOOKS.tutoring.steps.slice(0, 1),
    };
    expect(stepTitle('who-contacts-whom', only)).toBe('Contact the client as agreed');
  });
});

describe('what the prompt offers itself', () => {
  it.each([
    ['no-sound', 'remote', 'continue-by-phone', 'Carry on by phone'],
    ['no-sound', 'local', 'continue-by-phone', 'Carry on by phone'],
    ['failed-connection', 'unknown', 'continue-by-phone', 'Carry on by phone'],
    ['no-video', 'remote', 'continue-with-sound-only', 'Carry on with sound only'],
    ['whiteboard-disconnected', 'local', 'reload-call-tab', 'Reload the tab'],
  ] as const)('%s on the %s side: %s', (kind, side, id, label) => {
    const offer = promptOffer(walkOf({ kind, side }, DEFAULT_SETTINGS, LAST_DAY));
    expect(offer?.id).toBe(id);
    expect(offer?.promptLabel).toBe(label);
  });

  it.each(['bandwidth-pressure', 'unstable-connection'] as const)(
    '%s: nothing, only the steps',
    (kind) => {
      expect(
        promptOffer(walkOf({ kind, side: 'local' }, DEFAULT_SETTINGS, LAST_DAY)),
      ).toBeUndefined();
    },
  );

  it('offers no phone when no phone may be used', () => {
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      ownPhoneAllowed: false,
      organisationPhone: { ...DEFAULT_SETTINGS.organisationPhone, available: false },
    };
    expect(
      promptOffer(walkOf({ kind: 'no-sound', side: 'remote' }, settings, LAST_DAY)),
    ).toBeUndefined();
  });
});
