import { describe, expect, it } from 'vitest';
import { badgeFor } from '@/lib/health/badge';
import { INCIDENT_KINDS } from '@/lib/shared/incident';
import { causeInWords, durationInWords, KIND_TITLES, localClock } from '@/lib/shared/plain-words';
import { stateIconPaths } from '@/lib/health/state-icons';

describe('the badge contract (design.md §4)', () => {
  it.each([
    [[], { look: 'healthy', text: '' }],
    [['warning'], { look: 'warning', text: '!', color: '#F29900' }],
    [['failure'], { look: 'failure', text: '!', color: '#D93025' }],
    [['warning', 'failure'], { look: 'failure', text: '!', color: '#D93025' }],
  ] as const)('for %j shows %j', (severities, badge) => {
    expect(badgeFor([...severities])).toEqual(badge);
  });

  it('has an icon at every size the manifest uses, for every look', () => {
    expect(stateIconPaths('failure')).toEqual({
      16: '/state/failure-16.png',
      32: '/state/failure-32.png',
      48: '/state/failure-48.png',
    });
  });
});

describe('plain words', () => {
  it('names every kind of incident', () => {
    for (const kind of INCIDENT_KINDS) expect(KIND_TITLES[kind]).toMatch(/^[A-Z]/);
  });

  it('explains known causes and passes unknown ones through', () => {
    expect(causeInWords('browser-offline')).toBe('Your computer lost its internet connection.');
    expect(causeInWords('something-new')).toBe('something-new');
  });

  it.each([
    [0, '0 s'],
    [45_400, '45 s'],
    [60_000, '1 min'],
    [72_000, '1 min 12 s'],
    [3_600_000, '1 h'],
    [7_380_000, '2 h 3 min'],
    [-5, '0 s'],
  ])('says %i ms as "%s"', (ms, words) => {
    expect(durationInWords(ms)).toBe(words);
  });

  it('gives clock times in the tutor’s time zone', () => {
    expect(localClock('2026-07-02T13:05:09.000Z', 'Europe/London')).toBe('14:05:09');
    expect(localClock('2026-12-02T13:05:09.000Z', 'Europe/London')).toBe('13:05:09');
  });
});
