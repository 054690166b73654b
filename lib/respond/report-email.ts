import { headsUpsBefore } from '@/lib/prepare/heads-up-words';
import { readinessInWords } from '@/lib/prepare/readiness';
import type { EmailDraft } from './eml';
import type { Incident, IncidentMetrics, Outcome, Side } from '@/lib/shared/incident';
import { stepTitle } from './playbook';
import {
  causeInWords,
  durationInWords,
  KIND_TITLES,
  participantsInWords,
} from '@/lib/shared/plain-words';
import type { Settings } from '@/lib/settings/settings';
import { clockTime, dateInWords, wallTimeAt } from '@/lib/shared/zoned-time';

/**
 * The incident email (design.md §6): to the organisation's incident address, never to parents
 * (seeds/004: session reports go to parents, so technology stays out of them). Written in the
 * tutor's voice, with local times in the tutor's zone.
 */

export interface ReportContext {
  settings: Settings;
  /** The tutor's IANA zone; the report names it so the office reads the times right. */
  timeZone: string;
  /** When the draft is written: an incident still open is described up to here. */
  now: number;
}

/**
 * Longest `mailto:` link handed to the mail app. Windows and Outlook cut links near 2,048
 * characters; longer drafts are copied instead.
 */
export const MAILTO_MAX_LENGTH = 2000;

/** Whose side, as the organisation reads it. */
export function sideForOrganisation(side: Side, playbook: Settings['playbook']): string {
  const them = playbook === 'counselling' ? "the client's side" : "the student's side";
  return side === 'local' ? "mine (the tutor's side)" : side === 'remote' ? them : 'not known';
}

/** The outcome in a few words, e.g. "continued by phone" or "rescheduled to …". */
export function outcomeInWords(outcome: Outcome | null, timeZone: string): string {
  if (!outcome) return 'no outcome recorded yet';
  switch (outcome.type) {
    case 'continued':
      return 'continued after a fix or workaround';
    case 'typing':
      return 'continued by typing';
    case 'phone':
      return 'continued by phone';
    case 'abandoned':
      return 'abandoned';
    case 'rescheduled':
      return outcome.replacementAt
        ? `rescheduled to ${whenInWords(Date.parse(outcome.replacementAt), timeZone)}`
        : 'rescheduled';
  }
}

/** "Tuesday 1 December 2026 at 17:00" */
export function whenInWords(ms: number, timeZone: string): string {
  return `${dateInWords(ms, timeZone)} at ${clockTime(ms, timeZone)}`;
}

/** The detectors speak to the tutor ("Your computer…"); the report is in the tutor's own voice. */
export function inTutorsVoice(text: string): string {
  return text.replace(/\bYour\b/g, 'My').replace(/\byour\b/g, 'my');
}

/** The key figures the office needs to judge where the fault was, or `null` if none were seen. */
export function figuresInWords(m: IncidentMetrics): string | null {
  const parts: string[] = [];
  if (m.worstLossPct !== undefined) parts.push(`worst packet loss ${m.worstLossPct.toFixed(1)} %`);
  if (m.worstRttMs !== undefined) parts.push(`worst round trip ${Math.round(m.worstRttMs)} ms`);
  if (m.worstJitterMs !== undefined) parts.push(`worst jitter ${Math.round(m.worstJitterMs)} ms`);
  if (m.minIncomingKbps !== undefined) {
    parts.push(`lowest receiving rate ${Math.round(m.minIncomingKbps)} kbps`);
  }
  if (m.minOutgoingKbps !== undefined) {
    parts.push(`lowest sending rate ${Math.round(m.minOutgoingKbps)} kbps`);
  }
  if (m.lowestMos !== undefined) parts.push(`lowest quality score ${m.lowestMos.toFixed(1)} of 5`);
  return parts.length ? parts.join('; ') : null;
}

const SHORT_MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

/** "26 Nov 2026 16:02" */
function shortWhen(ms: number, timeZone: string): string {
  const w = wallTimeAt(ms, timeZone);
  return `${w.day} ${SHORT_MONTHS[w.month - 1]} ${w.year} ${clockTime(ms, timeZone)}`;
}

/**
 * The incident email: subject with the date, time and outcome; a body with the lesson reference,
 * what failed and when, how long, whose side, key figures, the steps with their times, and the
 * outcome with any replacement time.
 *
 * @example incidentEmail(incident, { settings, timeZone: 'Europe/London', now: Date.now() })
 *   // { to: 'incidents@example.org', subject: 'Lesson incident 26 Nov 2026 16:02: continued by phone', body: '…' }
 */
export function incidentEmail(incident: Incident, ctx: ReportContext): EmailDraft {
  const { settings, timeZone } = ctx;
  const started = Date.parse(incident.startedAt);
  const ended = incident.endedAt === null ? null : Date.parse(incident.endedAt);
  const until = ended ?? ctx.now;
  const sameDay = dateInWords(started, timeZone) === dateInWords(until, timeZone);
  const endWords = sameDay ? clockTime(until, timeZone, true) : `${whenInWords(until, timeZone)}`;
  const outcome = outcomeInWords(incident.outcome, timeZone);
  const noun = settings.playbook === 'counselling' ? 'Session' : 'Lesson';

  const lines = [
    'Hello,',
    '',
    `A ${noun.toLowerCase()} of mine was disrupted by a technical failure. The details are below.`,
    '',
    `${noun}: ${incident.lessonRef || 'reference not given'}`,
    `What failed: ${KIND_TITLES[incident.kind]}. ${inTutorsVoice(causeInWords(incident.cause))}`,
    `Started: ${dateInWords(started, timeZone)}, ${clockTime(started, timeZone, true)} (${timeZone})`,
    ended === null
      ? `Ended: not over yet at ${endWords}`
      : `Ended: ${endWords}${incident.dismissed ? ' (dismissed as not a failure)' : ''}`,
    `How long: ${durationInWords(until - started)}${ended === null ? ' so far' : ''}`,
    `Whose side: ${sideForOrganisation(incident.side, settings.playbook)}`,
  ];
  if (incident.participants) {
    lines.push(`Participants affected: ${participantsInWords(incident.participants)}`);
  }
  const figures = figuresInWords(incident.metrics);
  if (figures) lines.push(`Key figures: ${figures}`);
  const before = beforeInWords(incident, timeZone);
  if (before.length) lines.push('', 'Before it happened:', ...before.map((line) => `- ${line}`));
  lines.push('', 'What I tried:');
  if (incident.steps.length === 0) lines.push('- nothing recorded');
  for (const step of incident.steps) {
    const at = clockTime(Date.parse(step.at), timeZone, true);
    lines.push(
      `- ${at} ${step.title ?? stepTitle(step.id)}${step.result === 'skipped' ? ' (skipped)' : ''}`,
    );
  }
  lines.push('', `Outcome: ${outcome}`);
  if (incident.outcome) {
    lines.push(
      `Outcome recorded at: ${clockTime(Date.parse(incident.outcome.at), timeZone, true)}`,
    );
    if (incident.outcome.note) lines.push(`Note: ${incident.outcome.note}`);
  }
  if (incident.page.origin) lines.push(`Call page: ${incident.page.origin}`);
  lines.push('', settings.tutorName ? `Thank you,\n${settings.tutorName}` : 'Thank you.');

  return {
    to: settings.incidentEmail,
    subject: `${noun} incident ${shortWhen(started, timeZone)}: ${outcome}`,
    body: lines.join('\n'),
  };
}

/**
 * The heads-ups of the hour before ("12 min before: battery 8 %, discharging") and the lesson's
 * readiness check, as the incident carries them (issue 14).
 */
export function beforeInWords(incident: Incident, timeZone: string): string[] {
  const before = incident.before;
  if (!before) return [];
  const headsUps = (before.headsUps ?? []).map((h) => ({
    kind: h.kind,
    at: Date.parse(h.at),
    words: h.detail,
    detail: h.detail,
  }));
  const lines = headsUpsBefore(headsUps, Date.parse(incident.startedAt));
  if (before.readiness) {
    const at = clockTime(Date.parse(before.readiness.at), timeZone, true);
    lines.push(`Readiness check at ${at}: ${readinessInWords(before.readiness.items).join('; ')}`);
  }
  return lines;
}

/**
 * A `mailto:` link for the draft, or `null` when it would be longer than `maxLength` (the caller
 * then copies the text instead, as design.md §6 says).
 */
export function mailtoUrl(draft: EmailDraft, maxLength = MAILTO_MAX_LENGTH): string | null {
  // RFC 6068: line breaks in a body are CRLF, percent-encoded; `@` may stay as it is.
  const to = encodeURIComponent(draft.to).replace(/%40/g, '@');
  const subject = encodeURIComponent(draft.subject);
  const body = encodeURIComponent(draft.body.replace(/\r?\n/g, '\r\n'));
  const url = `mailto:${to}?subject=${subject}&body=${body}`;
  return url.length <= maxLength ? url : null;
}

/** The draft as plain text for the clipboard, headed by who it goes to and its subject. */
export function draftAsText(draft: EmailDraft): string {
  return `To: ${draft.to}\nSubject: ${draft.subject}\n\n${draft.body}`;
}
