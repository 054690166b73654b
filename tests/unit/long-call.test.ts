// idb wraps requests by their classes (IDBRequest, IDBCursor…); the auto entry defines them.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeAll, describe, expect, it } from 'vitest';
import { threeHourCall } from '../../bench/long-call-sequence.mjs';
import {
  TAB_RING_POINTS,
  TIMELINE_BEFORE_MS,
  TIMELINE_MAX_POINTS,
} from '@/lib/health/call-timeline';
import { AVAILABLE_HISTORY_LENGTH, HISTORY_LENGTH } from '@/lib/detect/call-tracker';
import type { IncidentKind } from '@/lib/shared/incident';
import { getTimeline, openLifelineDb, type LifelineDatabase } from '@/lib/records/store';
import { newTabHealth, reduceTabHealth, type TabHealth } from '@/lib/health/tab-health';
import { createTimelineRecorder } from '@/lib/health/timeline-recorder';

// A three-hour lesson (bench/long-call-sequence.mjs: the recorded healthy call with recorded
// faults spliced in, one sample a second) through the health engine and the chart recorder, as
// the background runs them. Whatever the call's length, what is kept must not grow with it.
// `npm run bench -- long-call` replays the same call through the built extension in Chromium.

const T0 = Date.parse('2026-11-21T09:00:00.000Z');
const KEY = '0:long-1';

interface Opened {
  id: string;
  kind: IncidentKind;
  openedAt: number;
  closedAt?: number;
}

interface Run {
  /** Largest state seen in each half hour, as JSON characters. */
  stateChars: number[];
  longestHistory: number;
  longestAvailableHistory: number;
  mostStreams: number;
  incidents: Opened[];
  final: TabHealth;
  db: LifelineDatabase;
  episodes: ReturnType<typeof threeHourCall>['episodes'];
}

async function replayThreeHours(): Promise<Run> {
  const { samples, episodes } = threeHourCall('long-1');
  const db = await openLifelineDb(new IDBFactory());
  const recorder = createTimelineRecorder(Promise.resolve(db));
  let state = newTabHealth(1, T0);
  let ids = 0;
  const run: Omit<Run, 'final'> = {
    stateChars: [],
    longestHistory: 0,
    longestAvailableHistory: 0,
    mostStreams: 0,
    incidents: [],
    db,
    episodes,
  };
  for (const [i, sample] of samples.entries()) {
    const at = T0 + i * 1000;
    const input = {
      type: 'sample' as const,
      key: KEY,
      sample: { ...sample, t: at },
      onLine: true,
      page: { origin: 'https://lesson.example', title: 'Lesson' },
      at,
    };
    const result = reduceTabHealth(state, input, () => `incident-${++ids}`);
    state = result.state;
    for (const change of result.changes) {
      if (change.type === 'open') {
        run.incidents.push({ id: change.incident.id, kind: change.incident.kind, openedAt: i });
      } else if (change.type === 'close') {
        run.incidents.find((o) => o.id === change.id)!.closedAt = i;
      }
    }
    await recorder.record(1, input, state, result.changes);

    const connection = state.connections[KEY]!;
    const half = Math.floor(i / 1800);
    run.stateChars[half] = Math.max(run.stateChars[half] ?? 0, JSON.stringify(state).length);
    run.longestHistory = Math.max(run.longestHistory, connection.history?.length ?? 0);
    run.longestAvailableHistory = Math.max(
      run.longestAvailableHistory,
      connection.availableHistory?.length ?? 0,
    );
    run.mostStreams = Math.max(run.mostStreams, Object.keys(connection.inbound).length);
  }
  return { ...run, final: state };
}

describe('a three-hour call', () => {
  let run: Run;
  beforeAll(async () => {
    run = await replayThreeHours();
  }, 180_000);

  it('opens one incident per recorded fault and closes each after its restore', () => {
    // The demo's bitrate cap is a steady limit on a clean link: the platform's, a fact, no incident.
    const raising = run.episodes.filter((e) => e.fault !== 'bandwidthCapped');
    expect(raising).toHaveLength(run.episodes.length - 1);
    expect(run.incidents.map((o) => o.kind)).toEqual([
      'no-sound',
      'no-video',
      'no-video',
      'no-sound',
      'no-sound',
      'no-video',
      'no-video',
    ]);
    for (const [n, incident] of run.incidents.entries()) {
      const episode = raising[n]!;
      expect(incident.openedAt).toBeGreaterThanOrEqual(episode.faultAt - 5);
      expect(incident.openedAt).toBeLessThan(episode.restoredAt);
      expect(incident.closedAt).toBeGreaterThan(episode.restoredAt);
      expect(incident.closedAt).toBeLessThanOrEqual(episode.recoveredAt + 15);
    }
  });

  it('keeps the per-connection windows at their fixed lengths', () => {
    expect(run.longestHistory).toBe(HISTORY_LENGTH);
    expect(run.longestAvailableHistory).toBe(AVAILABLE_HISTORY_LENGTH);
    expect(run.mostStreams).toBe(2);
  });

  it('keeps the tab state as small in the last half hour as in the first', () => {
    const [first, ...later] = run.stateChars;
    expect(run.stateChars).toHaveLength(6);
    // The state carries no list that grows with the call: its size varies with the figures in
    // it (a fault adds a few fields), never with the hours gone by.
    for (const chars of later) expect(chars).toBeLessThan(first! * 1.25);
  });

  it('stores at most TIMELINE_MAX_POINTS chart points for an hour-long incident, spanning all of it', async () => {
    const long = run.incidents.find((o) => o.closedAt! - o.openedAt > 3_000)!;
    const { points } = await getTimeline(run.db, long.id);
    expect(points.length).toBeLessThanOrEqual(TIMELINE_MAX_POINTS);
    // It filled up and was thinned, and still starts before the incident and ends at its end.
    expect(points.length).toBeGreaterThan(TIMELINE_MAX_POINTS / 2);
    expect(points[0]!.t).toBeLessThan(T0 + long.openedAt * 1000);
    expect(points.at(-1)!.t).toBeGreaterThanOrEqual(T0 + (long.closedAt! - 1) * 1000);
  });

  it('stores short incidents whole: the window before, then a point a second', async () => {
    for (const incident of run.incidents.filter((o) => o.closedAt! - o.openedAt < 120)) {
      const { points } = await getTimeline(run.db, incident.id);
      const during = incident.closedAt! - incident.openedAt + 1;
      expect(points.length).toBeLessThanOrEqual(TAB_RING_POINTS + during);
      expect(points.length).toBeGreaterThanOrEqual(TIMELINE_BEFORE_MS / 1000 + during - 5);
    }
  });

  it('stores chart data only for the incidents, nothing for the healthy hours', async () => {
    expect(await run.db.count('timelines')).toBe(run.incidents.length);
    expect(openIncidentsOf(run.final)).toEqual([]);
  });
});

function openIncidentsOf(state: TabHealth) {
  return Object.values(state.machines).filter((m) => m && m.phase !== 'idle');
}
