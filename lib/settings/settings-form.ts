import { settingsSchema, type Settings } from './settings';

/**
 * The options page's editable copy of the settings: what the tutor types, before validation.
 * Numbers stay as typed text and lists are one entry per line, so a half-typed value is never
 * silently turned into something else.
 */
export type SettingsForm = Omit<
  Settings,
  'replacementWindowDays' | 'retentionDays' | 'approvedPlatforms' | 'unapprovedPlatforms'
> & {
  replacementWindowDays: string;
  retentionDays: string;
  approvedPlatforms: string;
  unapprovedPlatforms: string;
};

/** The form's fields by name; nested errors (`organisationPhone.label`) keep their dotted path. */
export type SettingsErrors = Record<string, string>;

/** The form showing `settings`. */
export function formFromSettings(settings: Settings): SettingsForm {
  return {
    ...settings,
    replacementWindowDays: String(settings.replacementWindowDays),
    retentionDays: String(settings.retentionDays),
    approvedPlatforms: settings.approvedPlatforms.join('\n'),
    unapprovedPlatforms: settings.unapprovedPlatforms.join('\n'),
  };
}

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);

function wholeNumber(text: string): number {
  const trimmed = text.trim();
  // Number('') is 0 and Number('1e1') is 10: accept only plain digits, report the rest.
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/**
 * Validates the form with the settings schema. Every field's first problem is returned under its
 * name, worded for the tutor; nothing is returned to save unless every field is valid.
 *
 * @example settingsFromForm({ ...form, incidentEmail: 'nope' }).errors.incidentEmail
 */
export function settingsFromForm(
  form: SettingsForm,
): { ok: true; settings: Settings } | { ok: false; errors: SettingsErrors } {
  const candidate = {
    ...form,
    replacementWindowDays: wholeNumber(form.replacementWindowDays),
    retentionDays: wholeNumber(form.retentionDays),
    approvedPlatforms: lines(form.approvedPlatforms),
    unapprovedPlatforms: lines(form.unapprovedPlatforms),
  };
  const parsed = settingsSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, settings: parsed.data };
  const errors: SettingsErrors = {};
  for (const issue of parsed.error.issues) {
    const [head, second] = issue.path;
    // List entries report on the list's field; nested objects keep their own field.
    const field =
      head === 'organisationPhone' || head === 'notifications'
        ? `${String(head)}.${String(second)}`
        : String(head);
    errors[field] ??= wordIssue(field, issue.message, issue.code);
  }
  return { ok: false, errors };
}

function wordIssue(field: string, message: string, code: string): string {
  if ((field === 'replacementWindowDays' || field === 'retentionDays') && code === 'invalid_type') {
    return 'Enter a whole number of days.';
  }
  if (code === 'too_big' && (field === 'approvedPlatforms' || field === 'unapprovedPlatforms')) {
    return message.startsWith('Too big: expected string')
      ? 'Keep each platform name under 60 characters.'
      : 'That is more platforms than Lifeline keeps; shorten the list.';
  }
  if (code === 'too_big' && message.startsWith('Too big: expected string')) {
    return 'That is too long; shorten it.';
  }
  return message;
}
