import { z } from 'zod';

/**
 * The tutor's settings (design.md §5, §8, §10; issue "Records and settings"). Defaults encode the
 * tutoring policy in seeds/004: a 7-day replacement window, the organisation's phone or your own
 * with the number withheld, no other video platforms.
 */

const emailAddress = z
  .string()
  .trim()
  .max(254)
  .refine((v) => v === '' || /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/.test(v), {
    message: 'Enter an email address like incidents@example.org, or leave it empty.',
  });

const platformName = z.string().trim().min(1, 'A platform needs a name.').max(60);

/** An origin the tutor asked Lifeline to watch, e.g. `https://lessons.example.org`. */
export const monitoredOriginSchema = z
  .string()
  .trim()
  .refine(
    (v) => {
      try {
        const url = new URL(v);
        return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === v;
      } catch {
        return false;
      }
    },
    { message: 'Enter a site as https://host, with nothing after the host name.' },
  );

export const SENSITIVITIES = ['relaxed', 'standard', 'sensitive'] as const;

/** The kinds of practice the welcome page offers; each sets its own defaults (practice-kind.ts). */
export const PRACTICE_KINDS = [
  'tutoring-organisation',
  'counselling-practice',
  'independent',
] as const;
export type PracticeKind = (typeof PRACTICE_KINDS)[number];

export const settingsSchema = z.object({
  schemaVersion: z.literal(1),
  /**
   * Chosen on the welcome page; `null` until then. Added within version 1 with a default, so
   * settings stored before it existed read as they are.
   */
  practiceKind: z.enum(PRACTICE_KINDS).nullable().default(null),
  organisationName: z.string().trim().max(100),
  /** Where incident reports go (design.md §6). Empty until the tutor sets it. */
  incidentEmail: emailAddress,
  tutorName: z.string().trim().max(100),
  /** seeds/004: "Can you use the … mobile phone for sound?" */
  organisationPhone: z.object({
    available: z.boolean(),
    label: z.string().trim().max(80),
    note: z.string().trim().max(300),
  }),
  /** seeds/004: your own phone only with unlimited minutes and the number withheld. */
  ownPhoneAllowed: z.boolean(),
  withholdPrefix: z
    .string()
    .trim()
    .regex(/^[0-9*#+]{0,8}$/, 'Use only digits, * and # (for example 141 or #31#).'),
  approvedPlatforms: z.array(platformName).max(20),
  unapprovedPlatforms: z.array(platformName).max(40),
  replacementWindowDays: z
    .number()
    .int('Use a whole number of days.')
    .min(1, 'The window must be at least 1 day.')
    .max(31, 'The window can be at most 31 days.'),
  /** Reports name the lesson by initials or a code, never a full name (design.md §6). */
  lessonReferenceStyle: z.enum(['initials', 'code']),
  playbook: z.enum(['tutoring', 'counselling']),
  sensitivity: z.enum(SENSITIVITIES),
  notifications: z.object({
    inPagePrompt: z.boolean(),
    systemWhenHidden: z.boolean(),
  }),
  retentionDays: z
    .number()
    .int('Use a whole number of days.')
    .min(7, 'Keep incidents for at least 7 days.')
    .max(3650, 'Keep incidents for at most 10 years.'),
  monitoredOrigins: z.array(monitoredOriginSchema).max(50),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  schemaVersion: 1,
  practiceKind: null,
  organisationName: '',
  incidentEmail: '',
  tutorName: '',
  organisationPhone: {
    available: true,
    label: "The organisation's mobile phone",
    note: 'Sound only. Return it to the main desk after use.',
  },
  ownPhoneAllowed: true,
  withholdPrefix: '141',
  approvedPlatforms: ['The platform linked from your online calendar'],
  unapprovedPlatforms: ['Facebook', 'FaceTime', 'Zoom', 'WhatsApp video'],
  replacementWindowDays: 7,
  lessonReferenceStyle: 'initials',
  playbook: 'tutoring',
  sensitivity: 'standard',
  notifications: { inPagePrompt: true, systemWhenHidden: true },
  retentionDays: 90,
  monitoredOrigins: [],
};

/**
 * Reads stored settings: a missing record gives the defaults; a record that fails validation
 * keeps every valid field and falls back to the default for the rest, so one bad value never
 * loses the others.
 */
export function readSettings(raw: unknown): { settings: Settings; problems: string[] } {
  if (raw === undefined || raw === null) return { settings: DEFAULT_SETTINGS, problems: [] };
  const parsed = settingsSchema.safeParse(raw);
  if (parsed.success) return { settings: parsed.data, problems: [] };
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const problems: string[] = [];
  const record = typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    const field = settingsSchema.shape[key].safeParse(record[key]);
    if (field.success) merged[key] = field.data;
    else if (key in record) problems.push(`${key}: ${field.error.issues[0]?.message ?? 'invalid'}`);
  }
  return { settings: settingsSchema.parse(merged), problems };
}
