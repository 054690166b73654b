import type { IncidentKind, Side } from '@/lib/shared/incident';
import type { Settings } from '@/lib/settings/settings';
import { longDate } from '@/lib/shared/zoned-time';
import { BUILT_IN_PLAYBOOKS } from './builtin-playbooks';
import { lastAllowedReplacementDate } from './replacement-window';
import type {
  LineNeed,
  OutcomeType,
  Placeholder,
  PlaybookDocument,
  PlaybookStepDefinition,
  StepAction,
  StepSection,
} from './playbook-document';

export type { OutcomeType, StepAction, StepSection };

/** One step of one incident's walk: the document's step with its words filled in. */
export interface PlaybookStep {
  id: string;
  section: StepSection;
  title: string;
  guidance: string[];
  /** Words to say to the client, exactly. */
  say?: string;
  action?: StepAction;
  question?: string;
  yes?: { label: string; outcome?: OutcomeType; note?: string };
  no?: { label: string };
  /** The label the in-page prompt gives this step, when it offers it for this kind. */
  promptLabel?: string;
}

/** Steps recorded from the in-page prompt rather than the walk. */
export const PROMPT_STEP_TITLES = {
  'prompt-dismissed': 'Dismissed the prompt',
  'camera-off-on-purpose': 'Marked the camera as off on purpose',
} as const;

/** Wording of an outcome in front of the tutor, e.g. on the outcome buttons. */
export const OUTCOME_LABELS: Record<OutcomeType, string> = {
  continued: 'We carried on (fixed or worked around)',
  typing: 'We carried on by typing',
  phone: 'We carried on by phone',
  rescheduled: 'We agreed a replacement time',
  abandoned: 'The session was abandoned',
};

/** The playbook a tutor walks: the organisation's own if one is set, else the built-in one. */
export function activePlaybook(
  settings: Settings,
  custom: PlaybookDocument | null,
): PlaybookDocument {
  return custom ?? BUILT_IN_PLAYBOOKS[settings.playbook];
}

/** "A, B and C" */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * The walk for one incident: the playbook's enabled steps that apply to its kind, side and cause, in
 * the document's order, with their words filled in from settings. A step whose every line the
 * settings rule out (no phone may be used, no platforms listed) is left out.
 *
 * @param lastReplacementDay the replacement window's last day in words (from
 *   `lastAllowedReplacementDate` and `longDate`), quoted in the replacement step.
 */
export function playbookFor(
  incident: { kind: IncidentKind; side: Side; cause?: string },
  playbook: PlaybookDocument,
  settings: Settings,
  lastReplacementDay: string,
): PlaybookStep[] {
  const fill = filler(playbook, settings, lastReplacementDay);
  return playbook.steps.flatMap((d) => {
    if (!d.enabled || !applies(d, incident)) return [];
    const guidance = d.text.flatMap((line) => {
      if (typeof line === 'string') return [fill(line)];
      if (line.sides && !line.sides.includes(incident.side)) return [];
      if (line.needs && !line.needs.every((need) => holds(need, settings))) return [];
      return [fill(line.text)];
    });
    if (guidance.length === 0) return [];
    const step: PlaybookStep = { id: d.id, section: d.section, title: fill(d.title), guidance };
    if (d.say) step.say = fill(d.say);
    if (d.action) step.action = d.action;
    if (d.question) step.question = fill(d.question);
    if (d.yes) step.yes = { ...d.yes, label: fill(d.yes.label) };
    if (d.no) step.no = { label: fill(d.no.label) };
    if (d.prompt?.kinds.includes(incident.kind)) step.promptLabel = d.prompt.label;
    return [step];
  });
}

/** The walk for an incident, with the replacement window worked out from when it started. */
export function walkFor(
  incident: { kind: IncidentKind; side: Side; cause?: string; startedAt: string },
  playbook: PlaybookDocument,
  settings: Settings,
  timeZone: string,
): PlaybookStep[] {
  const window = lastAllowedReplacementDate(
    Date.parse(incident.startedAt),
    settings.replacementWindowDays,
    timeZone,
  );
  return playbookFor(incident, playbook, settings, longDate(window.lastDate));
}

/**
 * What the in-page prompt offers beside "Steps…": at most the first step of the walk the
 * playbook marks for the prompt, and only one the prompt can carry out by itself.
 */
export function promptOffer(steps: readonly PlaybookStep[]): PlaybookStep | undefined {
  return steps.find(
    (s) => s.promptLabel && (s.yes?.outcome !== undefined || s.action?.type === 'reload-call-tab'),
  );
}

/**
 * A recorded step's title for records that predate stored titles: the playbook's, then the
 * built-in ones', then the prompt's; an unknown id as it is.
 */
export function stepTitle(id: string, playbook?: PlaybookDocument): string {
  const prompt = (PROMPT_STEP_TITLES as Record<string, string>)[id];
  if (prompt) return prompt;
  const documents = [playbook, BUILT_IN_PLAYBOOKS.tutoring, BUILT_IN_PLAYBOOKS.counselling];
  for (const document of documents) {
    const step = document?.steps.find((s) => s.id === id);
    if (step) return step.title;
  }
  return id;
}

function applies(
  d: PlaybookStepDefinition,
  incident: { kind: IncidentKind; side: Side; cause?: string },
) {
  return (
    (!d.kinds || d.kinds.includes(incident.kind)) &&
    (!d.sides || d.sides.includes(incident.side)) &&
    (!d.causes || d.causes.some((cause) => cause === incident.cause))
  );
}

function holds(need: LineNeed, settings: Settings): boolean {
  switch (need) {
    case 'organisation-phone':
      return settings.organisationPhone.available;
    case 'own-phone':
      return settings.ownPhoneAllowed;
    case 'withhold-prefix':
      return settings.withholdPrefix !== '';
    case 'no-withhold-prefix':
      return settings.withholdPrefix === '';
    case 'approved-platforms':
      return settings.approvedPlatforms.length > 0;
    case 'unapproved-platforms':
      return settings.unapprovedPlatforms.length > 0;
  }
}

function filler(playbook: PlaybookDocument, settings: Settings, lastReplacementDay: string) {
  const phone = settings.organisationPhone;
  const values: Record<Placeholder, string> = {
    person: playbook.person,
    organisation: settings.organisationName || 'your organisation',
    organisationPhone: `${phone.label}.${phone.note ? ` ${phone.note}` : ''}`,
    withholdPrefix: settings.withholdPrefix,
    replacementWindowDays: String(settings.replacementWindowDays),
    lastReplacementDay,
    approvedPlatforms: listInWords(settings.approvedPlatforms),
    unapprovedPlatforms: listInWords(settings.unapprovedPlatforms),
  };
  return (text: string) =>
    text.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) =>
      name in values ? values[name as Placeholder] : whole,
    );
}
