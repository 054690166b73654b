import type { Settings } from '@/lib/settings/settings';

/** One thing the first-run setup still lacks, in words the popup can show as they are. */
export interface SetupGap {
  key: 'incident-address' | 'phone';
  words: string;
}

/**
 * What the popup names until setup is finished. Monitoring runs regardless (issue 14):
 * these only say what a failure would be missing when it happens.
 */
export function setupGaps(settings: Settings): SetupGap[] {
  const gaps: SetupGap[] = [];
  if (settings.incidentEmail.trim() === '') {
    gaps.push({
      key: 'incident-address',
      words: 'No incident address: reports have nowhere to go.',
    });
  }
  const orgPhone =
    settings.organisationPhone.available && settings.organisationPhone.label.trim() !== '';
  if (!orgPhone && !settings.ownPhoneAllowed) {
    gaps.push({
      key: 'phone',
      words: 'No phone is allowed: there is no way to keep the lesson going by phone.',
    });
  }
  return gaps;
}
