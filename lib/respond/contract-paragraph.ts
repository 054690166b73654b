import { wayForClient, type ClientPlan } from '@/lib/prepare/client-plan';
import type { Settings } from '@/lib/settings/settings';

/**
 * The paragraph for a client's contract or welcome message (seed 000: "contract with clients
 * for disturbances"; seed 002: agree the alternative plan beforehand), in the first person,
 * built from the settings and, when there is one, the plan agreed with that client.
 *
 * @example contractParagraph(settings, plan)
 *   // "If the technology fails during a lesson (the call drops, we lose sound or video, or a
 *   //  battery runs out), I will phone you; if that does not work, …"
 */
export function contractParagraph(settings: Settings, plan?: ClientPlan): string {
  const session = settings.playbook === 'counselling' ? 'session' : 'lesson';
  const ways = plan
    ? plan.ways.map((way) => wayForClient(way, plan, settings))
    : defaultWays(settings);
  const sentences = [
    `If the technology fails during a ${session} (the call drops, we lose sound or video, or a ` +
      'battery runs out), I will first try to reconnect for a few minutes, so please keep the ' +
      'call open.',
    `If it does not come back, ${ways.length === 1 ? ways[0] : `${ways[0]}; if that does not work, ${ways.slice(1).join(', then ')}`}.`,
  ];
  if (plan) {
    sentences.push(
      plan.messageMayBeLeft
        ? 'If you do not answer, I may leave a short message saying only that I tried to reach you.'
        : 'If you do not answer, I will not leave a message.',
    );
  }
  if (!plan?.ways.some((way) => way === 'reschedule' || way === 'text')) {
    sentences.push(
      `If the ${session} cannot go on, we will arrange a replacement within ${settings.replacementWindowDays} days.`,
    );
  }
  sentences.push(
    settings.playbook === 'counselling'
      ? 'Nothing of what we say is recorded by this: only the time and the kind of fault are noted.'
      : `The fault is reported to ${settings.organisationName || 'the office'} so that it can be put right.`,
  );
  return sentences.join(' ');
}

function defaultWays(settings: Settings): string[] {
  const ways: string[] = [];
  if (settings.organisationPhone.available || settings.ownPhoneAllowed) {
    ways.push(
      `I will phone you${settings.withholdPrefix || settings.organisationPhone.available ? ' (the number may show as withheld)' : ''} and we carry on with sound`,
    );
  }
  ways.push('we carry on by typing in the call');
  return ways;
}
