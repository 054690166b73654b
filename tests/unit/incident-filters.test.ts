import { describe, expect, it } from 'vitest';
import {
  filterIncidents,
  localDayBoundary,
  matchesFilter,
  NO_FILTER,
} from '@/lib/records/incident-filters';
import { anIncident } from '../support/incidents';

const incidents = [
  anIncident({ id: 'a', kind: 'no-sound', side: 'remote', startedAt: '2026-11-02T10:00:00.000Z' }),
  anIncident({
    id: 'b',
    kind: 'no-video',
    side: 'local',
    dismissed: true,
    startedAt: '2026-11-10T10:00:00.000Z',
  }),
  anIncident({
    id: 'c',
    kind: 'no-sound',
    side: 'unknown',
    startedAt: '2026-11-20T10:00:00.000Z',
    outcome: { type: 'phone', at: '2026-11-20T10:05:00.000Z' },
  }),
];
const ids = (filter: Partial<typeof NO_FILTER> & { fromMs?: number; toMs?: number }) =>
  filterIncidents(incidents, { ...NO_FILTER, ...filter }).map((i) => i.id);

describe('incident filters', () => {
  it('lets everything through with no filter, in order', () => {
    expect(ids({})).toEqual(['a', 'b', 'c']);
  });

  it.each([
    [{ kind: 'no-sound' as const }, ['a', 'c']],
    [{ kind: 'bandwidth-pressure' as const }, []],
    [{ side: 'local' as const }, ['b']],
    [{ dismissed: 'yes' as const }, ['b']],
    [{ dismissed: 'no' as const }, ['a', 'c']],
    [{ outcome: 'none' as const }, ['a', 'b']],
    [{ outcome: 'phone' as const }, ['c']],
    [{ outcome: 'abandoned' as const }, []],
    [{ kind: 'no-sound' as const, side: 'remote' as const }, ['a']],
  ])('filters by %j', (filter, expected) => {
    expect(ids(filter)).toEqual(expected);
  });

  it('includes the start of the range and excludes its end', () => {
    const from = Date.parse('2026-11-10T10:00:00.000Z');
    const to = Date.parse('2026-11-20T10:00:00.000Z');
    expect(ids({ fromMs: from, toMs: to })).toEqual(['b']);
    expect(ids({ fromMs: from })).toEqual(['b', 'c']);
    expect(ids({ toMs: from })).toEqual(['a']);
  });

  it('matches one incident without building a list', () => {
    expect(matchesFilter(incidents[0]!, { ...NO_FILTER, side: 'remote' })).toBe(true);
  });
});

describe('date inputs as local day boundaries', () => {
  it('starts a day at local midnight', () => {
    expect(localDayBoundary('2026-11-21')).toBe(new Date(2026, 10, 21).getTime());
  });

  it('ends a day at the next local midnight, across a month end', () => {
    expect(localDayBoundary('2026-11-30', true)).toBe(new Date(2026, 11, 1).getTime());
  });

  it.each(['', '21/11/2026', '2026-11-2', 'soon'])('gives no bound for %j', (value) => {
    expect(localDayBoundary(value)).toBeUndefined();
  });
});
