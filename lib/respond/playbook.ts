import type { IncidentKind, Outcome, Side } from '@/lib/shared/incident';
import type { Settings } from '@/lib/settings/settings';

/**
 * The fallback walk (design.md §5) as data: which steps a tutor sees for a kind of failure on a
 * side, in order, with the guidance and one-click actions of each. The tutoring playbook encodes
 * seeds/004; the counselling one seeds/000 (who contacts whom depends on whose side failed) and
 * seeds/002 (an agreed plan, continuing by phone if appropriate). Every name, number and limit
 * comes from the tutor's settings.
 */

export type OutcomeType = Outcome['type'];

/** What a step's button does. The popup carries them out; the step is then recorded. */
export type StepAction =
  /** Lists the other tabs playing sound or video, each with Mute and Close. */
  | { type: 'other-media-tabs' }
  | { type: 'reload-call-tab' }
  /** Opens the browser's own device settings, where the tutor can see and pick the device. */
  | { type: 'check-device'; device: 'microphone' | 'camera' }
  | { type: 'outcome'; outcome: OutcomeType; label: string; note?: string }
  /** The date/time picker limited to the replacement window, and the `.ics` for the time agreed. */
  | { type: 'pick-replacement' };

export type StepSection = 'quick-fix' | 'continue' | 'check' | 'replace' | 'boundaries';

export interface PlaybookStep {
  /** Stable: it is what the incident's step records store. */
  id: StepId;
  section: StepSection;
  title: string;
  guidance: string[];
  /** Words to say to the client, exactly. */
  say?: string;
  actions: StepAction[];
}

export const STEP_IDS = [
  'close-other-media',
  'pause-home-streaming',
  'ask-student-close-media',
  'check-internet',
  'wait-for-rejoin',
  'check-microphone',
  'check-camera',
  'ask-student-check-sound',
  'ask-student-check-video',
  'reload-call-tab',
  'who-contacts-whom',
  'assume-positive-intent',
  'continue-by-typing',
  'continue-by-phone',
  'approved-platforms-only',
  'first-lesson-or-new-location',
  'offer-replacement',
  'no-fee-talk',
] as const;
export type StepId = (typeof STEP_IDS)[number];

/** Steps recorded from the in-page prompt rather than the walk. */
export const PROMPT_STEP_TITLES = {
  'prompt-dismissed': 'Dismissed the prompt',
  'camera-off-on-purpose': 'Marked the camera as off on purpose',
} as const;

export type PlaybookName = Settings['playbook'];

interface StepContext {
  kind: IncidentKind;
  side: Side;
  settings: Settings;
  /** "Wednesday 2 December 2026": the replacement window's last day, worked out by the caller. */
  lastReplacementDay: string;
}

interface StepDefinition {
  id: StepId;
  section: StepSection;
  title: string;
  playbooks: readonly PlaybookName[];
  kinds: readonly IncidentKind[] | 'all';
  sides: readonly Side[] | 'all';
  /** The step's text; `null` when the settings rule it out (e.g. no phone may be used). */
  guidance(ctx: StepContext): string[] | null;
  say?: string;
  actions(ctx: StepContext): StepAction[];
}

const BOTH: readonly PlaybookName[] = ['tutoring', 'counselling'];
const MEDIA_DRAIN: readonly IncidentKind[] = [
  'bandwidth-pressure',
  'unstable-connection',
  'whiteboard-disconnected',
  'no-sound',
  'no-video',
];
const OURS: readonly Side[] = ['local', 'unknown'];
const THEIRS: readonly Side[] = ['remote', 'unknown'];
const person = (p: PlaybookName) => (p === 'counselling' ? 'client' : 'student');

/** Wording of an outcome in front of the tutor, e.g. on the outcome buttons. */
export const OUTCOME_LABELS: Record<OutcomeType, string> = {
  continued: 'We carried on (fixed or worked around)',
  typing: 'We carried on by typing',
  phone: 'We carried on by phone',
  rescheduled: 'We agreed a replacement time',
  abandoned: 'The session was abandoned',
};

const DEFINITIONS: readonly StepDefinition[] = [
  // ── quick fixes ─────────────────────────────────────────────────────────────────────────────
  {
    id: 'check-internet',
    section: 'quick-fix',
    title: 'Check your internet connection',
    playbooks: BOTH,
    kinds: ['failed-connection', 'whiteboard-disconnected'],
    sides: ['local'],
    guidance: () => [
      'Your computer lost its connection. Check the Wi-Fi or the cable; if the router has restarted, give it a minute.',
      'The call and the whiteboard come back on their own once the connection does.',
    ],
    actions: () => [],
  },
  {
    id: 'wait-for-rejoin',
    section: 'quick-fix',
    title: 'Give the other side a minute to rejoin',
    playbooks: BOTH,
    kinds: ['failed-connection'],
    sides: THEIRS,
    guidance: (ctx) => [
      `Your own connection looks fine. The ${person(ctx.settings.playbook)}'s connection may have dropped: give them a minute to come back before changing plan.`,
    ],
    actions: () => [],
  },
  {
    id: 'close-other-media',
    section: 'quick-fix',
    title: 'Stop other tabs playing sound or video',
    playbooks: BOTH,
    kinds: MEDIA_DRAIN,
    sides: OURS,
    guidance: () => [
      'Other tabs streaming sound or video take bandwidth from the call. Mute or close them here.',
    ],
    actions: () => [{ type: 'other-media-tabs' }],
  },
  {
    id: 'pause-home-streaming',
    section: 'quick-fix',
    title: 'Pause streaming at home',
    playbooks: BOTH,
    kinds: ['bandwidth-pressure', 'unstable-connection', 'whiteboard-disconnected'],
    sides: OURS,
    guidance: () => [
      'Is anyone at home streaming games or films, or downloading something big? Ask them to pause it until the lesson ends.',
    ],
    actions: () => [],
  },
  {
    id: 'check-microphone',
    section: 'quick-fix',
    title: 'Check your microphone',
    playbooks: BOTH,
    kinds: ['no-sound'],
    sides: OURS,
    guidance: () => [
      'Is the headset plugged in and switched on? Check the browser is using the right microphone and that it is not muted.',
    ],
    actions: () => [{ type: 'check-device', device: 'microphone' }],
  },
  {
    id: 'check-camera',
    section: 'quick-fix',
    title: 'Check your camera',
    playbooks: BOTH,
    kinds: ['no-video'],
    sides: OURS,
    guidance: () => [
      'Is the camera plugged in, uncovered, and not in use by another program? Check the browser is using the right one.',
    ],
    actions: () => [{ type: 'check-device', device: 'camera' }],
  },
  {
    id: 'ask-student-check-sound',
    section: 'quick-fix',
    title: 'Ask them to check their sound',
    playbooks: BOTH,
    kinds: ['no-sound'],
    sides: THEIRS,
    guidance: (ctx) => [
      `Type to the ${person(ctx.settings.playbook)}: is their microphone plugged in and unmuted, and the right one chosen? Then ask them to refresh the page.`,
    ],
    actions: () => [],
  },
  {
    id: 'ask-student-check-video',
    section: 'quick-fix',
    title: 'Ask them to check their camera',
    playbooks: BOTH,
    kinds: ['no-video'],
    sides: THEIRS,
    guidance: (ctx) => [
      `Type to the ${person(ctx.settings.playbook)}: is their camera uncovered and not used by another program? Then ask them to refresh the page.`,
    ],
    actions: () => [],
  },
  {
    id: 'ask-student-close-media',
    section: 'quick-fix',
    title: 'Ask them to close what else is streaming',
    playbooks: BOTH,
    kinds: ['bandwidth-pressure', 'unstable-connection', 'whiteboard-disconnected'],
    sides: ['remote'],
    guidance: (ctx) => [
      `Their connection is struggling. Ask the ${person(ctx.settings.playbook)} whether anyone at home is streaming games or films, and to close other browser tabs and windows, then refresh the page.`,
    ],
    actions: () => [],
  },
  {
    id: 'reload-call-tab',
    section: 'quick-fix',
    title: 'Reload the call tab',
    playbooks: BOTH,
    kinds: 'all',
    sides: 'all',
    guidance: () => [
      'Refreshing the page often fixes sound and whiteboard trouble. You will rejoin the same lesson.',
    ],
    actions: () => [{ type: 'reload-call-tab' }],
  },

  // ── counselling: the agreed plan (seeds/000) ───────────────────────────────────────────────
  {
    id: 'who-contacts-whom',
    section: 'continue',
    title: 'Contact the client as agreed',
    playbooks: ['counselling'],
    kinds: 'all',
    sides: 'all',
    guidance: (ctx) =>
      ctx.side === 'local'
        ? [
            'The failure is on your side, so you contact the client: phone them now and tell them your system has failed.',
            'Once it works again, email them to say you can recommence, and reschedule.',
          ]
        : ctx.side === 'remote'
          ? [
              "The failure is on the client's side, so they contact you by phone. Keep your phone to hand.",
              'Suspend the session until they tell you their system is working again; then reschedule.',
            ]
          : [
              'It is not clear whose side failed. Phone the client on the number you keep printed out and tell them what you see.',
              'If their system failed, suspend the session until they tell you it works again; then reschedule.',
            ],
    actions: () => [],
  },
  {
    id: 'assume-positive-intent',
    section: 'continue',
    title: 'Assume positive intent',
    playbooks: ['counselling'],
    kinds: 'all',
    sides: 'all',
    guidance: () => [
      'Silence is not a sign the client is upset with you: they may simply be unable to reach you. Say the same to them.',
    ],
    actions: () => [],
  },

  // ── can the lesson continue? (seeds/004 "Online Failure Guidelines") ───────────────────────
  {
    id: 'continue-by-typing',
    section: 'continue',
    title: 'Carry on by typing',
    playbooks: ['tutoring'],
    kinds: 'all',
    sides: 'all',
    guidance: () => [
      'Can you type, and still find something teachable? You are modelling how to adapt when things do not go to plan.',
      'Not if the student cannot read.',
    ],
    actions: () => [{ type: 'outcome', outcome: 'typing', label: OUTCOME_LABELS.typing }],
  },
  {
    id: 'continue-by-phone',
    section: 'continue',
    title: 'Carry on with sound over the phone',
    playbooks: BOTH,
    kinds: 'all',
    sides: 'all',
    guidance: ({ settings }) => {
      const lines: string[] = [];
      const org = settings.organisationPhone;
      if (org.available) lines.push(`${org.label}.${org.note ? ` ${org.note}` : ''}`);
      if (settings.ownPhoneAllowed) {
        lines.push(
          settings.withholdPrefix
            ? `Your own phone, only if you have unlimited minutes, with your number withheld: dial ${settings.withholdPrefix} before their number.`
            : 'Your own phone, only if you have unlimited minutes, with your number withheld (your provider can tell you how).',
        );
      }
      return lines.length ? lines : null;
    },
    actions: () => [{ type: 'outcome', outcome: 'phone', label: OUTCOME_LABELS.phone }],
  },
  {
    id: 'approved-platforms-only',
    section: 'continue',
    title: 'Stay on approved platforms',
    playbooks: BOTH,
    kinds: 'all',
    sides: 'all',
    guidance: ({ settings }) => {
      const lines: string[] = [];
      if (settings.unapprovedPlatforms.length) {
        lines.push(
          `Do not move the session to ${listInWords(settings.unapprovedPlatforms)}: they are outside the organisation's data protection and safeguarding.`,
        );
      }
      if (settings.approvedPlatforms.length) {
        lines.push(`Only use: ${listInWords(settings.approvedPlatforms)}.`);
      }
      return lines.length ? lines : null;
    },
    actions: () => [],
  },

  // ── seeds/004 "New Clients" ────────────────────────────────────────────────────────────────
  {
    id: 'first-lesson-or-new-location',
    section: 'check',
    title: 'First lesson, or a new location?',
    playbooks: ['tutoring'],
    kinds: 'all',
    sides: 'all',
    guidance: () => [
      'If this is the student’s first lesson, or they have moved to a new place they plan to keep, the lesson is abandoned and reported for investigation.',
    ],
    actions: () => [
      {
        type: 'outcome',
        outcome: 'abandoned',
        label: 'Yes: abandon and report it',
        note: 'First lesson or new location: reported for investigation.',
      },
    ],
  },

  // ── replacement (seeds/004 "Do you want to rearrange?") ───────────────────────────────────
  {
    id: 'offer-replacement',
    section: 'replace',
    title: 'Offer a replacement, if you have space',
    playbooks: ['tutoring'],
    kinds: 'all',
    sides: 'all',
    guidance: ({ settings, lastReplacementDay }) => [
      'Only if you really have a free slot. You arrange it yourself.',
      'Tell the client you do not normally have another space, but on this occasion you can offer this one.',
      `Within ${settings.replacementWindowDays} days of this lesson: on or before ${lastReplacementDay}.`,
      'Not a permanent change of day or time, and never another student’s slot.',
      'Edit this lesson in the calendar yourself and do not tick "apply to all". Everyone gets an email with the new time.',
    ],
    actions: () => [{ type: 'pick-replacement' }],
  },
  {
    id: 'offer-replacement',
    section: 'replace',
    title: 'Reschedule once their system works',
    playbooks: ['counselling'],
    kinds: 'all',
    sides: 'all',
    guidance: ({ settings, lastReplacementDay }) => [
      'When both systems work again, agree another online appointment.',
      `Within ${settings.replacementWindowDays} days: on or before ${lastReplacementDay}.`,
    ],
    actions: () => [{ type: 'pick-replacement' }],
  },

  // ── boundaries (seeds/004 "Be mindful about") ──────────────────────────────────────────────
  {
    id: 'no-fee-talk',
    section: 'boundaries',
    title: 'Never negotiate fees or cancellations',
    playbooks: ['tutoring'],
    kinds: 'all',
    sides: 'all',
    guidance: ({ settings }) => [
      'Do not offer a fee reduction, split the difference, or say a lesson can be cancelled. Do not suggest coming into the practice instead.',
      `${settings.organisationName || 'The client manager'} will look at where the fault was and decide afterwards. If asked, say:`,
    ],
    say: 'I don’t know; someone will be in touch.',
    actions: () => [],
  },
];

/** "A, B and C" */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * The walk for one incident: the steps of the tutor's playbook that apply to its kind and side,
 * in the order the policy gives them, with their text filled in from settings.
 *
 * @param lastReplacementDay the replacement window's last day in words (from
 *   `lastAllowedReplacementDate` and `longDate`), quoted in the replacement step.
 */
export function playbookFor(
  incident: { kind: IncidentKind; side: Side },
  settings: Settings,
  lastReplacementDay: string,
): PlaybookStep[] {
  const ctx: StepContext = { ...incident, settings, lastReplacementDay };
  return DEFINITIONS.flatMap((d) => {
    if (!d.playbooks.includes(settings.playbook)) return [];
    if (d.kinds !== 'all' && !d.kinds.includes(incident.kind)) return [];
    if (d.sides !== 'all' && !d.sides.includes(incident.side)) return [];
    const guidance = d.guidance(ctx);
    if (!guidance) return [];
    const step: PlaybookStep = {
      id: d.id,
      section: d.section,
      title: d.title,
      guidance,
      actions: d.actions(ctx),
    };
    if (d.say) step.say = d.say;
    return [step];
  });
}

/** A recorded step's title for reports: the walk's titles, then the prompt's; unknown ids as-is. */
export function stepTitle(id: string, playbook: PlaybookName = 'tutoring'): string {
  const def =
    DEFINITIONS.find((d) => d.id === id && d.playbooks.includes(playbook)) ??
    DEFINITIONS.find((d) => d.id === id);
  if (def) return def.title;
  return (PROMPT_STEP_TITLES as Record<string, string>)[id] ?? id;
}
