import { DEFAULT_SETTINGS, type PracticeKind, type Settings } from './settings';

/** What the welcome page says about each kind of practice, in the tutor's words. */
export const PRACTICE_KIND_WORDS: Record<PracticeKind, { label: string; hint: string }> = {
  'tutoring-organisation': {
    label: 'I tutor for an organisation',
    hint: "The organisation's rules: its phone or yours with the number withheld, replacements within a week, no other video platforms.",
  },
  'counselling-practice': {
    label: 'I counsel for a practice',
    hint: 'The counselling steps: phone the client, pause until their system works; whose side failed decides who calls whom.',
  },
  independent: {
    label: 'I work for myself',
    hint: 'The tutoring steps with your own phone, number withheld; reports are notes to yourself.',
  },
};

/**
 * The settings a kind of practice starts from (seeds/004 for tutoring, seeds/000 and 002 for
 * counselling). Only what the kind decides changes: names, addresses and everything else the
 * tutor has already typed are kept, so going back to step 1 loses nothing.
 */
export function settingsForPracticeKind(kind: PracticeKind, current: Settings): Settings {
  const base = { ...current, practiceKind: kind };
  switch (kind) {
    case 'tutoring-organisation':
      return {
        ...base,
        playbook: 'tutoring',
        lessonReferenceStyle: 'initials',
        organisationPhone: { ...DEFAULT_SETTINGS.organisationPhone, available: true },
        ownPhoneAllowed: true,
        approvedPlatforms: keepOr(current, DEFAULT_SETTINGS.approvedPlatforms),
      };
    case 'counselling-practice':
      // Seed 000: clients have the practice's work phone; they are named by a code, not initials.
      return {
        ...base,
        playbook: 'counselling',
        lessonReferenceStyle: 'code',
        organisationPhone: {
          available: true,
          label: "The practice's work phone",
          note: 'The number your clients were given in their welcome message.',
        },
        ownPhoneAllowed: true,
        approvedPlatforms: keepOr(current, ['The platform named in your client agreement']),
      };
    case 'independent':
      // No organisation phone to borrow: your own, with the number withheld (seeds/004).
      return {
        ...base,
        playbook: 'tutoring',
        lessonReferenceStyle: 'initials',
        organisationPhone: { available: false, label: '', note: '' },
        ownPhoneAllowed: true,
        approvedPlatforms: keepOr(current, ['The platform you agreed with each family']),
      };
  }
}

/** The approved platforms the tutor typed, or the kind's own placeholder if they typed none. */
const PLACEHOLDERS = new Set([
  ...DEFAULT_SETTINGS.approvedPlatforms,
  'The platform named in your client agreement',
  'The platform you agreed with each family',
]);
function keepOr(current: Settings, placeholder: string[]): string[] {
  const typed = current.approvedPlatforms.filter((p) => !PLACEHOLDERS.has(p));
  return typed.length > 0 ? current.approvedPlatforms : placeholder;
}
