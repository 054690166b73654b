import { z } from 'zod';
import type { Settings } from '@/lib/settings/settings';

/**
 * What a tutor or counsellor agreed with one client for when the technology fails (seed 000:
 * "contract with clients for disturbances"; seed 002: "an agreed alternative plan"), kept per
 * lesson reference, in the order agreed.
 */
export const AGREED_WAYS = ['phone', 'text', 'typing', 'reschedule'] as const;
export type AgreedWay = (typeof AGREED_WAYS)[number];

export const CLIENT_PLAN_SCHEMA_VERSION = 1;

/** Same rule as an incident's lesson reference: initials or a short code, never a name. */
export const planRefSchema = z
  .string()
  .trim()
  .regex(
    /^[\p{L}\p{N}.\-/#]{1,12}$/u,
    'Use initials or a short code, like AB or L-1042 (no spaces).',
  );

/**
 * Seed 000 keeps contact details "somewhere safe and printed", not in a tool: a note that holds
 * an email address or a phone number (seven digits or more, spaces and dashes allowed) is refused.
 */
export function containsContactDetails(text: string): boolean {
  if (/[^\s@]+@[^\s@]+\.[^\s@]+/.test(text)) return true;
  return /(?:\+?\d[\s\-().]?){7,}/.test(text);
}

export const clientPlanSchema = z.object({
  schemaVersion: z.literal(CLIENT_PLAN_SCHEMA_VERSION),
  lessonRef: planRefSchema,
  /** What happens, first to last: at least one way, each once. */
  ways: z
    .array(z.enum(AGREED_WAYS))
    .min(1, 'Choose at least one thing you agreed.')
    .max(AGREED_WAYS.length)
    .refine((ways) => new Set(ways).size === ways.length, 'Each way can be chosen once.'),
  /** Who phones or texts whom (seed 002: agree who contacts whom). */
  whoContacts: z.enum(['tutor', 'client']),
  /** Whether a message may be left (voicemail, a text) if the client does not answer. */
  messageMayBeLeft: z.boolean(),
  note: z
    .string()
    .trim()
    .max(300, 'Keep the note under 300 characters.')
    .refine((v) => !containsContactDetails(v), {
      message:
        'Leave phone numbers and email addresses out: keep them somewhere safe and printed, as the practice guidance says.',
    }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type ClientPlan = z.infer<typeof clientPlanSchema>;

/** A plan as the options page edits it, before it is checked and stamped. */
export type ClientPlanDraft = Omit<ClientPlan, 'schemaVersion' | 'updatedAt'>;

/** Checks a draft from a page; throws the first reason in words. */
export function checkPlan(draft: unknown, now: number): ClientPlan {
  const parsed = clientPlanSchema.safeParse({
    ...(typeof draft === 'object' && draft),
    schemaVersion: CLIENT_PLAN_SCHEMA_VERSION,
    updatedAt: new Date(now).toISOString(),
  });
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'Invalid plan.');
  return parsed.data;
}

/** "you phone them" or "they phone you": the tutor's view, for the walk. */
const whoDoes = (plan: ClientPlan, verb: string) =>
  plan.whoContacts === 'tutor' ? `you ${verb} them` : `they ${verb} you`;

/**
 * The plan as the walk puts it first, in the tutor's words: "you phone them", "carry on by
 * typing", with whether a message may be left.
 */
export function planInWords(plan: ClientPlan): string[] {
  const lines = plan.ways.map((way) => {
    switch (way) {
      case 'phone':
        return `Phone: ${whoDoes(plan, 'phone')}`;
      case 'text':
        return `A text to set up another time: ${whoDoes(plan, 'text')}`;
      case 'typing':
        return 'Carry on by typing in the call';
      case 'reschedule':
        return 'Reschedule the session';
    }
  });
  lines.push(plan.messageMayBeLeft ? 'A message may be left.' : 'Do not leave a message.');
  if (plan.note) lines.push(plan.note);
  return lines;
}

/** The walk's outcome each agreed way leads to (lib/respond/walk.ts "ways on"). */
export const WAY_OUTCOME: Record<AgreedWay, 'phone' | 'typing' | 'rescheduled'> = {
  phone: 'phone',
  text: 'rescheduled',
  typing: 'typing',
  reschedule: 'rescheduled',
};

/** The name each way has in a client's contract paragraph. */
export function wayForClient(way: AgreedWay, plan: ClientPlan, settings: Settings): string {
  switch (way) {
    case 'phone':
      return plan.whoContacts === 'tutor'
        ? `I will phone you${settings.withholdPrefix || settings.organisationPhone.available ? ' (the number may show as withheld)' : ''}`
        : 'please phone me';
    case 'text':
      return plan.whoContacts === 'tutor'
        ? 'I will text you to arrange another time'
        : 'please text me to arrange another time';
    case 'typing':
      return 'we carry on by typing in the call';
    case 'reschedule':
      return `we arrange another session within ${settings.replacementWindowDays} days`;
  }
}
