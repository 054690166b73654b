import { describe, expect, it } from 'vitest';
import {
  draftAsText,
  figuresInWords,
  incidentEmail,
  inTutorsVoice,
  mailtoUrl,
  outcomeInWords,
  sideForOrganisation,
} from '@/lib/respond/report-email';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/settings';
import { failedConnection } from '../support/incidents';

const settings: Settings = {
  ...DEFAULT_SETTINGS,
  incidentEmail: 'incidents@example.org',
  tutorName: 'Sam Tutor',
  organisationName: 'Westcountry SEN',
};
const ctx = { settings, timeZone: 'Europe/London', now: Date.parse('2026-11-26T16:12:00Z') };

describe('incident email', () => {
  const incident = failedConnection({
    lessonRef: 'AB',
    steps: [
      { id: 'reload-call-tab', at: '2026-11-26T16:03:10.000Z', result: 'done' },
      { id: 'continue-by-typing', at: '2026-11-26T16:03:40.000Z', result: 'skipped' },
      { id: 'continue-by-phone', at: '2026-11-26T16:04:00.000Z', result: 'done' },
    ],
    outcome: { type: 'phone', at: '2026-11-26T16:05:12.000Z' },
  });

  it('writes the whole report in the tutor’s voice, with local times', () => {
    const draft = incidentEmail(incident, ctx);
    expect(draft.to).toBe('incidents@example.org');
    expect(draft.subject).toBe('Lesson incident 26 Nov 2026 16:02: continued by phone');
    expect(draft.body).toBe(
      [
        'Hello,',
        '',
        'A lesson of mine was disrupted by a technical failure. The details are below.',
        '',
        'Lesson: AB',
        'What failed: Call connection failed. My computer lost its internet connection.',
        'Started: Thursday 26 November 2026, 16:02:05 (Europe/London)',
        'Ended: 16:09:40',
        'How long: 7 min 35 s',
        "Whose side: mine (the tutor's side)",
        'Key figures: worst packet loss 12.0 %; worst round trip 480 ms; lowest receiving rate 0 kbps; lowest sending rate 850 kbps',
        '',
        'What I tried:',
        '- 16:03:10 Reload the call tab',
        '- 16:03:40 Carry on by typing (skipped)',
        '- 16:04:00 Carry on with sound over the phone',
        '',
        'Outcome: continued by phone',
        'Outcome recorded at: 16:05:12',
        'Call page: https://lessons.example.org',
        '',
        'Thank you,',
        'Sam Tutor',
      ].join('\n'),
    );
  });

  it('never quotes the page title, which may carry a full name', () => {
    expect(incidentEmail(incident, ctx).body).not.toContain('Jane Smith');
  });

  it('writes times in the tutor’s zone, summer time included', () => {
    const summer = failedConnection({
      startedAt: '2026-07-02T15:00:00.000Z',
      endedAt: '2026-07-02T15:01:30.000Z',
    });
    const draft = incidentEmail(summer, ctx);
    expect(draft.subject).toBe('Lesson incident 2 Jul 2026 16:00: no outcome recorded yet');
    expect(draft.body).toContain('Started: Thursday 2 July 2026, 16:00:00 (Europe/London)');
    expect(draft.body).toContain('Ended: 16:01:30\n');
    const newYork = incidentEmail(summer, { ...ctx, timeZone: 'America/New_York' });
    expect(newYork.body).toContain('Started: Thursday 2 July 2026, 11:00:00 (America/New_York)');
  });

  it('names the end day when the incident runs past midnight', () => {
    const late = failedConnection({
      startedAt: '2026-11-26T23:50:00.000Z',
      endedAt: '2026-11-27T00:20:00.000Z',
    });
    expect(incidentEmail(late, ctx).body).toContain('Ended: Friday 27 November 2026 at 00:20\n');
  });

  it('describes an incident still going up to now', () => {
    const open = failedConnection({ endedAt: null });
    const body = incidentEmail(open, ctx).body;
    expect(body).toContain('Ended: not over yet at 16:12:00');
    expect(body).toContain('How long: 9 min 55 s so far');
    expect(body).toContain('What I tried:\n- nothing recorded');
  });

  it('gives the replacement time of a rescheduled lesson in subject and body', () => {
    const rescheduled = failedConnection({
      outcome: {
        type: 'rescheduled',
        at: '2026-11-26T16:06:00.000Z',
        replacementAt: '2026-12-01T17:00:00.000Z',
      },
    });
    const draft = incidentEmail(rescheduled, ctx);
    expect(draft.subject).toBe(
      'Lesson incident 26 Nov 2026 16:02: rescheduled to Tuesday 1 December 2026 at 17:00',
    );
    expect(draft.body).toContain('Outcome: rescheduled to Tuesday 1 December 2026 at 17:00');
  });

  it('says when no reference was given, and keeps an outcome note', () => {
    const abandoned = failedConnection({
      outcome: { type: 'abandoned', at: '2026-11-26T16:06:00.000Z', note: 'First lesson.' },
    });
    const body = incidentEmail(abandoned, ctx).body;
    expect(body).toContain('Lesson: reference not given');
    expect(body).toContain(
      'Outcome: abandoned\nOutcome recorded at: 16:06:00\nNote: First lesson.',
    );
  });

  it('marks a dismissed incident', () => {
    const body = incidentEmail(failedConnection({ dismissed: true }), ctx).body;
    expect(body).toContain('Ended: 16:09:40 (dismissed as not a failure)');
  });

  it('speaks of sessions and clients in the counselling playbook', () => {
    const draft = incidentEmail(failedConnection({ side: 'remote' }), {
      ...ctx,
      settings: { ...settings, playbook: 'counselling' },
    });
    expect(draft.subject.startsWith('Session incident')).toBe(true);
    expect(draft.body).toContain("Whose side: the client's side");
  });

  it('leaves out key figures when none were seen', () => {
    expect(incidentEmail(failedConnection({ metrics: {} }), ctx).body).not.toContain('Key figures');
  });
});

describe('report words', () => {
  it.each([
    ['local', 'tutoring', "mine (the tutor's side)"],
    ['remote', 'tutoring', "the student's side"],
    ['remote', 'counselling', "the client's side"],
    ['unknown', 'tutoring', 'not known'],
  ] as const)('side %s (%s) → %s', (side, playbook, words) => {
    expect(sideForOrganisation(side, playbook)).toBe(words);
  });

  it.each([
    [null, 'no outcome recorded yet'],
    [{ type: 'continued', at: '2026-11-26T16:00:00Z' }, 'continued after a fix or workaround'],
    [{ type: 'typing', at: '2026-11-26T16:00:00Z' }, 'continued by typing'],
    [{ type: 'phone', at: '2026-11-26T16:00:00Z' }, 'continued by phone'],
    [{ type: 'abandoned', at: '2026-11-26T16:00:00Z' }, 'abandoned'],
  ] as const)('outcome %j → %s', (outcome, words) => {
    expect(outcomeInWords(outcome, 'Europe/London')).toBe(words);
  });

  it('turns the detectors’ second person into the tutor’s first person', () => {
    expect(inTutorsVoice('Your computer lost your connection.')).toBe(
      'My computer lost my connection.',
    );
  });

  it('writes every figure the incident has', () => {
    expect(
      figuresInWords({
        worstLossPct: 3.25,
        worstRttMs: 99.6,
        worstJitterMs: 31,
        minIncomingKbps: 120.4,
        minOutgoingKbps: 300,
        lowestMos: 2.54,
      }),
    ).toBe(
      'worst packet loss 3.3 %; worst round trip 100 ms; worst jitter 31 ms; lowest receiving rate 120 kbps; lowest sending rate 300 kbps; lowest quality score 2.5 of 5',
    );
    expect(figuresInWords({})).toBeNull();
  });
});

describe('mailto link', () => {
  const draft = incidentEmail(failedConnection(), ctx);

  it('encodes subject and body with CRLF line breaks and round-trips', () => {
    const url = mailtoUrl(draft)!;
    expect(
      url.startsWith('mailto:incidents@example.org?subject=Lesson%20incident%2026%20Nov'),
    ).toBe(true);
    const params = new URLSearchParams(url.slice(url.indexOf('?') + 1));
    expect(params.get('subject')).toBe(draft.subject);
    expect(params.get('body')).toBe(draft.body.replace(/\n/g, '\r\n'));
  });

  it('is null when too long for a mail app, so the caller copies instead', () => {
    expect(mailtoUrl(draft, 100)).toBeNull();
    const long = { ...draft, body: 'x'.repeat(3000) };
    expect(mailtoUrl(long)).toBeNull();
  });

  it('keeps a plus address usable', () => {
    expect(mailtoUrl({ to: 'a+b@example.org', subject: 's', body: 'b' })).toBe(
      'mailto:a%2Bb@example.org?subject=s&body=b',
    );
  });

  it('copies as text with the address and subject on top', () => {
    expect(draftAsText({ to: 'a@b.org', subject: 'S', body: 'B' })).toBe(
      'To: a@b.org\nSubject: S\n\nB',
    );
  });
});
