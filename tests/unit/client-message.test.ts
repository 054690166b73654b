import { describe, expect, it } from 'vitest';
import { clientMessage } from '@/lib/respond/client-message';
import type { Outcome, Side } from '@/lib/shared/incident';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/settings';

const settings: Settings = {
  ...DEFAULT_SETTINGS,
  organisationName: 'Westcountry SEN',
  tutorName: 'Sam',
};
const counselling: Settings = { ...settings, playbook: 'counselling' };
const at = '2026-11-26T16:06:00.000Z';
const OUTCOMES: (Outcome | null)[] = [
  null,
  { type: 'continued', at },
  { type: 'typing', at },
  { type: 'phone', at },
  { type: 'rescheduled', at, replacementAt: '2026-12-01T17:00:00.000Z' },
  { type: 'abandoned', at },
];
const SIDES: Side[] = ['local', 'remote', 'unknown'];
const everyMessage = [settings, counselling].flatMap((s) =>
  SIDES.flatMap((side) =>
    OUTCOMES.map((outcome) => clientMessage({ side, outcome }, s, 'Europe/London')),
  ),
);

describe('message to the client', () => {
  it('never talks about money, refunds or cancellations', () => {
    for (const text of everyMessage) {
      expect(text).not.toMatch(
        /fee|refund|discount|reduc|cancel|charge|pay|money|price|cost|credit/i,
      );
    }
  });

  it('never blames anyone and never suggests coming in person', () => {
    for (const text of everyMessage) {
      expect(text).toContain("it is nobody's fault");
      expect(text).not.toMatch(/your (internet|connection|wifi|wi-fi)|in person|practice|centre/i);
    }
  });

  it('gives the agreed replacement time and that it is a one-off', () => {
    const text = clientMessage(
      { side: 'remote', outcome: OUTCOMES[4]! },
      settings,
      'Europe/London',
    );
    expect(text).toContain('our replacement lesson is on Tuesday 1 December 2026 at 17:00');
    expect(text).toContain(
      "I don't normally have this space, but I can offer it on this occasion.",
    );
  });

  it('says someone will be in touch when the lesson was abandoned', () => {
    const text = clientMessage(
      { side: 'unknown', outcome: OUTCOMES[5]! },
      settings,
      'Europe/London',
    );
    expect(text).toContain('I have let Westcountry SEN know, and someone will be in touch');
  });

  it.each([
    ['phone', 'Thank you for carrying on by phone'],
    ['typing', 'Thank you for carrying on by typing'],
    ['continued', 'Thank you for carrying on:'],
  ])('thanks them for carrying on (%s)', (type, words) => {
    const outcome = OUTCOMES.find((o) => o?.type === type)!;
    expect(clientMessage({ side: 'local', outcome }, settings, 'Europe/London')).toContain(words);
  });

  it.each([
    ['local', 'I will email you so we can recommence'],
    ['remote', 'When your system is working again, please let me know'],
    ['unknown', 'someone will be in touch'],
  ] as const)(
    'in counselling, before an outcome, follows whose side failed (%s)',
    (side, words) => {
      expect(clientMessage({ side, outcome: null }, counselling, 'Europe/London')).toContain(words);
    },
  );

  it('signs with the tutor’s name when set', () => {
    expect(everyMessage[0]!.endsWith('Best wishes,\nSam')).toBe(true);
    expect(
      clientMessage({ side: 'local', outcome: null }, DEFAULT_SETTINGS, 'Europe/London').endsWith(
        'Best wishes',
      ),
    ).toBe(true);
  });
});
