import { z } from 'zod';
import { incidentKindSchema, outcomeSchema, sideSchema } from '@/lib/shared/incident';
import { CAUSE_NAMES } from '@/lib/shared/plain-words';

/**
 * An organisation's fallback playbook as a document (design.md §5): which steps a tutor is walked
 * through for each kind of failure on each side, their words, and what each answer leads to. The
 * built-in tutoring (seeds/004) and counselling (seeds/000, seeds/002) playbooks are documents
 * like any other, so an organisation can edit one, export it and send the file to its tutors.
 * docs/playbook.md is the reference for the format.
 */

export const PLAYBOOK_FORMAT = 'lifeline.playbook';
export const PLAYBOOK_VERSION = 1;

/**
 * Values from the tutor's settings a step's words may name, as `{name}`. A document naming any
 * other is refused: a typo would otherwise reach a tutor in the middle of a lesson.
 */
export const PLACEHOLDERS = [
  'person',
  'organisation',
  'organisationPhone',
  'withholdPrefix',
  'replacementWindowDays',
  'lastReplacementDay',
  'approvedPlatforms',
  'unapprovedPlatforms',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Settings a line can depend on: the line is left out when the setting rules it out. */
export const LINE_NEEDS = [
  'organisation-phone',
  'own-phone',
  'withhold-prefix',
  'no-withhold-prefix',
  'approved-platforms',
  'unapproved-platforms',
] as const;
export type LineNeed = (typeof LINE_NEEDS)[number];

export const STEP_SECTIONS = ['quick-fix', 'continue', 'check', 'replace', 'boundaries'] as const;
export type StepSection = (typeof STEP_SECTIONS)[number];

const words = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'This needs some words.')
    .max(max, `Keep this under ${max} characters.`)
    .refine((text) => unknownPlaceholders(text).length === 0, {
      error: (issue) =>
        `Unknown placeholder ${unknownPlaceholders(String(issue.input)).join(', ')}: use one of ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}.`,
    });

const lineSchema = z.union([
  words(600),
  z.object({
    text: words(600),
    /** Only on these sides, e.g. who phones whom depends on whose side failed. */
    sides: z.array(sideSchema).min(1).optional(),
    /** Every one of these must hold, e.g. own phone allowed and a withhold prefix set. */
    needs: z.array(z.enum(LINE_NEEDS)).min(1).optional(),
  }),
]);
export type StepLine = z.infer<typeof lineSchema>;

const actionSchema = z.discriminatedUnion('type', [
  /** Lists the other tabs playing sound or video, each with Mute and Close. */
  z.object({ type: z.literal('other-media-tabs') }),
  z.object({ type: z.literal('reload-call-tab') }),
  /** Opens the browser's own device settings, where the tutor can see and pick the device. */
  z.object({ type: z.literal('check-device'), device: z.enum(['microphone', 'camera']) }),
  /** The date/time picker limited to the replacement window, and the `.ics` for the time agreed. */
  z.object({ type: z.literal('pick-replacement') }),
]);
export type StepAction = z.infer<typeof actionSchema>;

export const outcomeTypeSchema = outcomeSchema.shape.type;
export type OutcomeType = z.infer<typeof outcomeTypeSchema>;

const stepSchema = z
  .object({
    /** Stable within the playbook: it is what the incident's step records store. */
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'A step id is lower-case letters, digits and dashes.'),
    /** A step turned off stays in the document, so the organisation can turn it on again. */
    enabled: z.boolean(),
    section: z.enum(STEP_SECTIONS),
    title: words(120),
    text: z.array(lineSchema).min(1, 'A step needs at least one line of words.').max(12),
    /** Words to say to the client, exactly. */
    say: words(300).optional(),
    /** Absent: every kind (or side). */
    kinds: z.array(incidentKindSchema).min(1).optional(),
    sides: z.array(sideSchema).min(1).optional(),
    /**
     * Only for incidents with one of these causes, e.g. closing programs when the computer is
     * overloaded. Absent: whatever the cause.
     */
    causes: z.array(z.enum(CAUSE_NAMES)).min(1).optional(),
    action: actionSchema.optional(),
    /** What the step asks once its action is done, e.g. "Did that fix it?". */
    question: words(160).optional(),
    /** The answer that moves the lesson on; with an outcome it ends the walk with it. */
    yes: z
      .object({
        label: words(80),
        outcome: outcomeTypeSchema.optional(),
        /** Kept with the outcome, e.g. why the session was abandoned. */
        note: words(300).optional(),
      })
      .optional(),
    /** The answer that goes on to the next step. Absent: the step only informs. */
    no: z.object({ label: words(80) }).optional(),
    /** Offered as a button in the in-page prompt itself for these kinds. */
    prompt: z.object({ kinds: z.array(incidentKindSchema).min(1), label: words(40) }).optional(),
  })
  .refine((step) => step.yes?.outcome !== 'rescheduled', {
    message: 'A replacement is agreed with the "pick-replacement" action, not a yes answer.',
    path: ['yes', 'outcome'],
  })
  .refine((step) => step.yes || step.action?.type === 'pick-replacement', {
    message: 'A step needs a "yes" answer (or the replacement picker) to move on from.',
    path: ['yes'],
  });
export type PlaybookStepDefinition = z.infer<typeof stepSchema>;

export const playbookDocumentSchema = z
  .object({
    format: z.literal(
      PLAYBOOK_FORMAT,
      `This is not a Lifeline playbook ("format" must be "${PLAYBOOK_FORMAT}").`,
    ),
    version: z.literal(
      PLAYBOOK_VERSION,
      `This playbook is a version this Lifeline does not know (it reads version ${PLAYBOOK_VERSION}).`,
    ),
    name: words(100),
    /** Whom the tutor is with, in the steps' words: "the student" or "the client". */
    person: z.enum(['student', 'client']),
    /** When the document was last edited, shown to the tutor who imports it. */
    updatedAt: z.iso.datetime({
      offset: true,
      error: 'When it was last edited must be a date and time like 2026-12-02T10:00:00Z.',
    }),
    steps: z.array(stepSchema).min(1, 'A playbook needs at least one step.').max(60),
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.steps.forEach((step, i) => {
      if (seen.has(step.id)) {
        ctx.addIssue({
          code: 'custom',
          message: `Two steps have the id "${step.id}": each step needs its own.`,
          path: ['steps', i, 'id'],
        });
      }
      seen.add(step.id);
    });
  });
export type PlaybookDocument = z.infer<typeof playbookDocumentSchema>;

export type PlaybookCheck =
  { ok: true; playbook: PlaybookDocument } | { ok: false; reasons: string[] };

/**
 * Checks a playbook read from a file (or from storage): the document, or every reason it is
 * refused, each naming where ("step 3 (check-camera), title: This needs some words.").
 */
export function checkPlaybook(raw: unknown): PlaybookCheck {
  const parsed = playbookDocumentSchema.safeParse(raw);
  if (parsed.success) return { ok: true, playbook: parsed.data };
  return {
    ok: false,
    reasons: parsed.error.issues.map((issue) => `${where(raw, issue.path)}${issue.message}`),
  };
}

/** Reads a playbook file's text: bad JSON is a reason like any other. */
export function parsePlaybookFile(text: string): PlaybookCheck {
  try {
    return checkPlaybook(JSON.parse(text));
  } catch (e) {
    return { ok: false, reasons: [`The file is not JSON: ${(e as Error).message}`] };
  }
}

function where(raw: unknown, path: readonly PropertyKey[]): string {
  if (path.length === 0) return '';
  if (path[0] !== 'steps' || typeof path[1] !== 'number') return `${path.join('.')}: `;
  const step = (raw as { steps?: { id?: unknown }[] }).steps?.[path[1]];
  const id = typeof step?.id === 'string' ? ` (${step.id})` : '';
  // "text, line 2" rather than "text.1": the tutor counts lines from one.
  const rest = path
    .slice(2)
    .join('.')
    .replace(/^text\.(\d+)/, (_, n: string) => `text, line ${Number(n) + 1}`);
  return `step ${path[1] + 1}${id}${rest ? `, ${rest}` : ''}: `;
}

function unknownPlaceholders(text: string): string[] {
  const known: readonly string[] = PLACEHOLDERS;
  return [...text.matchAll(/\{([^{}]*)\}/g)]
    .map((m) => m[1] ?? '')
    .filter((n) => !known.includes(n))
    .map((n) => `{${n}}`);
}
