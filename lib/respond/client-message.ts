import type { Incident } from '@/lib/shared/incident';
import type { Settings } from '@/lib/settings/settings';
import { whenInWords } from './report-email';

/**
 * A short message to the client after a disrupted session, in the policy's spirit: assume
 * positive intent and blame no one (seeds/000), say what happens next, never a word about fees,
 * refunds or cancellations (seeds/004: "Do not enter financial negotiations"), and never suggest
 * coming in person instead of online.
 */
export function clientMessage(
  incident: Pick<Incident, 'side' | 'outcome'>,
  settings: Settings,
  timeZone: string,
): string {
  const counselling = settings.playbook === 'counselling';
  const session = counselling ? 'session' : 'lesson';
  const office = settings.organisationName || 'the office';
  const lines = [
    'Hello,',
    '',
    `Thank you for your patience when our ${session} ran into technical trouble today. These things happen with online ${session}s now and then, and it is nobody's fault.`,
    '',
  ];
  const outcome = incident.outcome;
  if (!outcome) {
    lines.push(
      counselling && incident.side === 'local'
        ? 'My system failed. As soon as it is working again I will email you so we can recommence.'
        : counselling && incident.side === 'remote'
          ? 'When your system is working again, please let me know and we will arrange another appointment.'
          : `I have let ${office} know what happened, and someone will be in touch about what happens next.`,
    );
  } else if (
    outcome.type === 'phone' ||
    outcome.type === 'typing' ||
    outcome.type === 'continued'
  ) {
    const how =
      outcome.type === 'phone' ? ' by phone' : outcome.type === 'typing' ? ' by typing' : '';
    lines.push(`Thank you for carrying on${how}: we made good use of the time.`);
  } else if (outcome.type === 'rescheduled' && outcome.replacementAt) {
    lines.push(
      `As agreed, our replacement ${session} is on ${whenInWords(Date.parse(outcome.replacementAt), timeZone)}. I don't normally have this space, but I can offer it on this occasion. You will get an email with the new time.`,
    );
  } else {
    lines.push(
      `We could not carry on today. I have let ${office} know, and someone will be in touch about what happens next.`,
    );
  }
  lines.push('', settings.tutorName ? `Best wishes,\n${settings.tutorName}` : 'Best wishes');
  return lines.join('\n');
}
