import { beforeAll, describe, expect, it } from 'vitest';
import { summariseIncidents, weekStartOf } from '@/lib/records/incident-summary';
import { anIncident } from '../support/incidents';

// Weeks are local; London has a summer-time change on 26 Oct 2026 to prove they stay on Mondays.
beforeAll(() => {
  process.env.TZ = 'Europe/London';
});

const NOW = Date.parse('2026-11-21T12:00:00.000Z');

describe('incident summary', () => {
  it('is empty for no incidents', () => {
    expect(summariseIncidents([], NOW)).toEqual({
      total: 0,
      minutesLost: 0,
      bySide: { local: 0, remote: 0, unknown: 0 },
      byKind: {
        'failed-connection': 0,
        'unstable-connection': 0,
        'no-sound': 0,
        'no-video': 0,
        'bandwidth-pressure': 0,
        'whiteboard-disconnected': 0,
      },
      weeks: [],
    });
  });

  it('counts by side and kind', () => {
    const summary = summariseIncidents(
      [
        anIncident({ side: 'local', kind: 'no-sound' }),
        anIncident({ side: 'local', kind: 'no-video' }),
        anIncident({ side: 'remote', kind: 'no-sound' }),
      ],
      NOW,
    );
    expect(summary.total).toBe(3);
    expect(summary.bySide).toEqual({ local: 2, remote: 1, unknown: 0 });
    expect(summary.byKind['no-sound']).toBe(2);
    expect(summary.byKind['no-video']).toBe(1);
  });

  it('counts minutes lost, open incidents up to now, dismissed ones not at all', () => {
    const summary = summariseIncidents(
      [
        anIncident({ startedAt: '2026-11-19T14:00:00.000Z', endedAt: '2026-11-19T14:03:00.000Z' }),
        anIncident({ startedAt: '2026-11-21T11:50:00.000Z', endedAt: null }),
        anIncident({
          startedAt: '2026-11-20T09:00:00.000Z',
          endedAt: '2026-11-20T10:00:00.000Z',
          dismissed: true,
        }),
      ],
      NOW,
    );
    expect(summary.minutesLost).toBe(13);
  });

  it('groups by the local Monday and fills empty weeks between', () => {
    const summary = summariseIncidents(
      [
        anIncident({ startedAt: '2026-10-20T09:00:00.000Z', endedAt: '2026-10-20T09:02:00.000Z' }),
        anIncident({ startedAt: '2026-11-08T23:30:00.000Z', endedAt: '2026-11-08T23:31:00.000Z' }),
        anIncident({ startedAt: '2026-11-09T00:30:00.000Z', endedAt: '2026-11-09T00:31:00.000Z' }),
      ],
      NOW,
    );
    expect(summary.weeks.map((w) => new Date(w.weekStart).toISOString())).toEqual([
      '2026-10-18T23:00:00.000Z', // Mon 19 Oct, summer time
      '2026-10-26T00:00:00.000Z', // Mon 26 Oct, winter time from here
      '2026-11-02T00:00:00.000Z',
      '2026-11-09T00:00:00.000Z',
    ]);
    expect(summary.weeks.map((w) => w.incidents)).toEqual([1, 0, 1, 1]);
    expect(summary.weeks.map((w) => w.minutesLost)).toEqual([2, 0, 1, 1]);
  });

  it.each([
    ['a Monday morning', '2026-11-16T08:00:00.000Z', '2026-11-16T00:00:00.000Z'],
    ['a Sunday night', '2026-11-22T23:59:00.000Z', '2026-11-16T00:00:00.000Z'],
    ['a Wednesday in summer time', '2026-07-01T12:00:00.000Z', '2026-06-28T23:00:00.000Z'],
  ])('puts %s in the week of its Monday', (_what, at, monday) => {
    expect(new Date(weekStartOf(Date.parse(at))).toISOString()).toBe(monday);
  });
});
