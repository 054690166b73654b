import { describe, expect, it } from 'vitest';
import { isPastRetention, retentionCutoff } from '@/lib/records/retention';

const NOW = Date.parse('2026-11-21T12:00:00.000Z');

describe('retention', () => {
  it('puts the cutoff whole days before now', () => {
    expect(new Date(retentionCutoff(NOW, 90)).toISOString()).toBe('2026-08-23T12:00:00.000Z');
  });

  it.each([
    ['started 91 days ago, ended', '2026-08-22T12:00:00.000Z', '2026-08-22T12:05:00.000Z', true],
    [
      'started a moment before the cutoff',
      '2026-08-23T11:59:59.999Z',
      '2026-08-23T12:10:00.000Z',
      true,
    ],
    [
      'started exactly at the cutoff',
      '2026-08-23T12:00:00.000Z',
      '2026-08-23T12:10:00.000Z',
      false,
    ],
    ['started yesterday', '2026-11-20T12:00:00.000Z', '2026-11-20T12:05:00.000Z', false],
    ['started 200 days ago but still open', '2026-05-05T12:00:00.000Z', null, false],
  ])('an incident %s is purged: %s', (_what, startedAt, endedAt, expected) => {
    expect(isPastRetention({ startedAt, endedAt }, NOW, 90)).toBe(expected);
  });

  it('follows the configured number of days', () => {
    const incident = { startedAt: '2026-11-10T12:00:00.000Z', endedAt: '2026-11-10T12:01:00.000Z' };
    expect(isPastRetention(incident, NOW, 7)).toBe(true);
    expect(isPastRetention(incident, NOW, 30)).toBe(false);
  });

  it('compares instants, not text, for times written with an offset', () => {
    const incident = {
      startedAt: '2026-08-23T13:30:00+02:00',
      endedAt: '2026-08-23T13:40:00+02:00',
    };
    expect(isPastRetention(incident, NOW, 90)).toBe(true);
  });
});
