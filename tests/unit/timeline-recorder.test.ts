// idb wraps requests by their classes (IDBRequest, IDBCursor…); the auto entry defines them.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { ConnectionTrack } from '@/lib/detect/call-tracker';
import { TIMELINE_BEFORE_MS } from '@/lib/health/call-timeline';
import { getTimeline, openLifelineDb } from '@/lib/records/store';
import {
  newTabHealth,
  type HealthInput,
  type IncidentChange,
  type TabHealth,
} from '@/lib/health/tab-health';
import { createTimelineRecorder } from '@/lib/health/timeline-recorder';
import { anIncident } from '../support/incidents';

const T0 = Date.parse('2026-11-21T10:00:00.000Z');

const connection = (inKbps: number): ConnectionTrack => ({
  state: 'connected',
  stateSince: T0,
  firstSampleAt: T0,
  lastSampleAt: T0,
  inbound: {},
  outboundBytes: 0,
  figures: { inKbps, outKbps: 500, rttMs: 40 },
});

const sampleAt = (at: number): HealthInput =>
  ({ type: 'sample', key: '0:pc', at, onLine: true, page: { origin: '', title: '' } }) as never;

function stateWith(inKbps: number, openId?: string): TabHealth {
  return {
    ...newTabHealth(1, T0),
    connections: { '0:pc': connection(inKbps) },
    machines: openId
      ? {
          'failed-connection': {
            phase: 'open',
            recent: [],
            incidentId: openId,
            severity: 'failure',
          },
        }
      : {},
  };
}

describe('timeline recorder', () => {
  it('writes nothing while the call is healthy', async () => {
    const db = await openLifelineDb(new IDBFactory());
    const recorder = createTimelineRecorder(Promise.resolve(db));
    for (let s = 0; s < 10; s++)
      await recorder.record(1, sampleAt(T0 + s * 1000), stateWith(900), []);
    expect(await db.count('timelines')).toBe(0);
  });

  it('gives a new incident the seconds before it, then a point a second while it lasts', async () => {
    const db = await openLifelineDb(new IDBFactory());
    const recorder = createTimelineRecorder(Promise.resolve(db));
    for (let s = 0; s < 150; s++) {
      await recorder.record(1, sampleAt(T0 + s * 1000), stateWith(900), []);
    }
    const startedAt = T0 + 150_000;
    const open: IncidentChange[] = [
      {
        type: 'open',
        incident: anIncident({ id: 'cut', startedAt: new Date(startedAt).toISOString() }),
      },
    ];
    await recorder.record(1, sampleAt(startedAt), stateWith(0, 'cut'), open);
    await recorder.record(1, sampleAt(startedAt + 1000), stateWith(0, 'cut'), []);

    const { points } = await getTimeline(db, 'cut');
    expect(points[0]!.t).toBeGreaterThanOrEqual(startedAt - TIMELINE_BEFORE_MS);
    expect(points.filter((p) => p.t < startedAt)).toHaveLength(120);
    expect(points.slice(-2).map((p) => p.inKbps)).toEqual([0, 0]);
  });

  it('keeps rings per tab and forgets a closed tab', async () => {
    const db = await openLifelineDb(new IDBFactory());
    const recorder = createTimelineRecorder(Promise.resolve(db));
    await recorder.record(2, sampleAt(T0), stateWith(700), []);
    recorder.forget(2);
    const open: IncidentChange[] = [
      {
        type: 'open',
        incident: anIncident({ id: 'x', startedAt: new Date(T0 + 1000).toISOString() }),
      },
    ];
    await recorder.record(2, sampleAt(T0 + 1000), stateWith(0, 'x'), open);
    expect((await getTimeline(db, 'x')).points.map((p) => p.inKbps)).toEqual([0]);
  });
});
