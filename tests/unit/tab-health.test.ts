import { describe, expect, it } from 'vitest';
import type { CallSample } from '@/lib/hook/call-sample';
import {
  endCall,
  newTabHealth,
  openIncidentIds,
  reduceTabHealth,
  tabHealthSchema,
  type HealthInput,
  type IncidentChange,
  type TabHealth,
} from '@/lib/health/tab-health';
import { SENSITIVITY_PRESETS } from '@/lib/detect/sensitivity';
import { sampleAt } from './support/samples';

const START = 1_700_000_000_000;
const PAGE = { origin: 'http://127.0.0.1:5757', title: 'Lesson with A.B.' };

function engine() {
  let state: TabHealth = newTabHealth(7, START);
  let n = 0;
  const log: IncidentChange[] = [];
  const feed = (input: HealthInput) => {
    const r = reduceTabHealth(state, input, () => `inc-${++n}`);
    state = r.state;
    log.push(...r.changes);
    return r.changes;
  };
  const sample = (
    second: number,
    over: Partial<Parameters<typeof sampleAt>[1]> = {},
    onLine = true,
  ) =>
    feed({
      type: 'sample',
      key: '0:p-1',
      sample: sampleAt(second, over),
      onLine,
      page: PAGE,
      at: START + second * 1000,
    });
  return {
    feed,
    sample,
    log,
    get state() {
      return state;
    },
  };
}

const opened = (log: IncidentChange[]) => log.filter((c) => c.type === 'open');
const closed = (log: IncidentChange[]) => log.filter((c) => c.type === 'close');

describe('the tab health engine', () => {
  it('raises nothing over a healthy minute', () => {
    const e = engine();
    for (let s = 0; s < 60; s++) e.sample(s);
    expect(opened(e.log)).toEqual([]);
    expect(e.state.connections['0:p-1']?.figures).toMatchObject({
      rttMs: 2,
      inKbps: 824,
      lossPct: 0,
    });
  });

  it('opens failed-connection the moment the browser goes offline, side local', () => {
    const e = engine();
    for (let s = 0; s < 5; s++) e.sample(s);
    const changes = e.feed({ type: 'connectivity', onLine: false, at: START + 5_300 });
    expect(changes[0]).toMatchObject({
      type: 'open',
      incident: {
        id: 'inc-1',
        kind: 'failed-connection',
        severity: 'failure',
        side: 'local',
        cause: 'browser-offline',
        startedAt: new Date(START + 5_300).toISOString(),
        detectedAt: new Date(START + 5_300).toISOString(),
        endedAt: null,
        page: PAGE,
      },
    });
  });

  it('closes the incident 10 s after the connection is back, ending when it came back', () => {
    const e = engine();
    for (let s = 0; s < 5; s++) e.sample(s);
    e.feed({ type: 'connectivity', onLine: false, at: START + 5_000 });
    for (let s = 5; s < 10; s++) e.sample(s, {}, false);
    for (let s = 10; s < 25; s++) e.sample(s);
    expect(closed(e.log)).toEqual([
      { type: 'close', id: 'inc-1', endedAt: new Date(START + 10_000).toISOString() },
    ]);
    expect(opened(e.log)).toHaveLength(1);
  });

  it('detects a cut call from inbound media going flat, and dates it from when packets stopped', () => {
    const e = engine();
    for (let s = 0; s < 10; s++) e.sample(s);
    // Packets stop 0.4 s after second 9: 20 of the usual 50 audio packets, 36 of 90 video.
    e.sample(10, { audioPackets: 470, videoPackets: 846 });
    let s = 11;
    while (opened(e.log).length === 0 && s < 20)
      e.sample(s++, { audioPackets: 470, videoPackets: 846 });
    const incident = (opened(e.log)[0] as Extract<IncidentChange, { type: 'open' }>).incident;
    expect(incident).toMatchObject({
      kind: 'failed-connection',
      cause: 'media-stopped',
      side: 'unknown',
    });
    expect(incident.startedAt).toBe(new Date(START + 9_400).toISOString());
    // Confirmed at the first sample 2.5 s after the stop: second 12 is 2.6 s after 9.4.
    expect(incident.detectedAt).toBe(new Date(START + 12_000).toISOString());
  });

  it('raises once for a connection that fails, however many samples say so', () => {
    const e = engine();
    for (let s = 0; s < 5; s++) e.sample(s);
    for (let s = 5; s < 15; s++)
      e.sample(s, { state: 'failed', audioPackets: 250, videoPackets: 450 });
    expect(opened(e.log)).toHaveLength(1);
    expect(opened(e.log)[0]).toMatchObject({ incident: { cause: 'connection-failed' } });
  });

  it('records the worst figures while an incident is open', () => {
    const e = engine();
    for (let s = 0; s < 5; s++) e.sample(s);
    e.feed({ type: 'connectivity', onLine: false, at: START + 5_000 });
    e.sample(5, {}, false);
    const observed = e.log.filter((c) => c.type === 'observe');
    expect(observed.at(-1)).toMatchObject({
      id: 'inc-1',
      metrics: { worstRttMs: 2, worstLossPct: 0 },
    });
  });

  it('keeps the open incident when the tab reloads, and forgets the old connections', () => {
    const e = engine();
    for (let s = 0; s < 5; s++) e.sample(s);
    e.feed({ type: 'connectivity', onLine: false, at: START + 5_000 });
    e.feed({ type: 'navigated', at: START + 6_000 });
    expect(e.state.connections).toEqual({});
    expect(openIncidentIds(e.state)).toEqual(['inc-1']);
  });

  it('forgets a connection the page closed', () => {
    const e = engine();
    e.sample(0);
    e.feed({ type: 'closed', key: '0:p-1', at: START + 1_000 });
    expect(e.state.connections).toEqual({});
  });

  it('ends the incidents of a call that went silent for two minutes, at its last sample', () => {
    const e = engine();
    for (let s = 0; s < 5; s++) e.sample(s);
    e.feed({ type: 'connectivity', onLine: false, at: START + 5_000 });
    expect(e.feed({ type: 'tick', at: START + 60_000 })).toEqual([]);
    const changes = e.feed({ type: 'tick', at: START + 4_000 + 120_000 });
    expect(changes).toEqual([
      { type: 'close', id: 'inc-1', endedAt: new Date(START + 4_000).toISOString() },
    ]);
    expect(openIncidentIds(e.state)).toEqual([]);
  });

  it('ignores the tick for a call that is still live', () => {
    const e = engine();
    e.sample(0);
    const before = e.state;
    expect(e.feed({ type: 'tick', at: START + 30_000 })).toEqual([]);
    expect(e.state).toBe(before);
  });

  it('keeps two frames’ connections with the same hook id apart', () => {
    const e = engine();
    const s: CallSample = sampleAt(1);
    e.feed({ type: 'sample', key: '0:p-1', sample: s, onLine: true, page: PAGE, at: START });
    e.feed({ type: 'sample', key: '3:p-1', sample: s, onLine: true, page: PAGE, at: START });
    expect(Object.keys(e.state.connections).sort()).toEqual(['0:p-1', '3:p-1']);
  });

  it('produces state that passes its own read validation', () => {
    const e = engine();
    for (let s = 0; s < 5; s++) e.sample(s);
    e.feed({ type: 'connectivity', onLine: false, at: START + 5_000 });
    expect(tabHealthSchema.safeParse(JSON.parse(JSON.stringify(e.state))).success).toBe(true);
  });

  it('endCall closes open incidents and clears the machines', () => {
    const e = engine();
    e.sample(0);
    e.feed({ type: 'connectivity', onLine: false, at: START + 500 });
    const { state, changes } = endCall(e.state);
    expect(changes).toEqual([
      { type: 'close', id: 'inc-1', endedAt: new Date(START).toISOString() },
    ]);
    expect(state.machines).toEqual({});
  });
});

describe('detection sensitivity (settings)', () => {
  /** A call whose media stops 0.4 s after second 9, fed second by second under one preset. */
  function stallUnder(preset: (typeof SENSITIVITY_PRESETS)[keyof typeof SENSITIVITY_PRESETS]) {
    let state = newTabHealth(7, START);
    let n = 0;
    const opened: number[] = [];
    for (let s = 0; s < 16; s++) {
      const packets = s < 10 ? {} : { audioPackets: 470, videoPackets: 846 };
      const r = reduceTabHealth(
        state,
        {
          type: 'sample',
          key: '0:p-1',
          sample: sampleAt(s, packets),
          onLine: true,
          page: PAGE,
          at: START + s * 1000,
        },
        () => `inc-${++n}`,
        preset,
      );
      state = r.state;
      if (r.changes.some((c) => c.type === 'open')) opened.push(s);
    }
    return opened[0];
  }

  it.each([
    ['sensitive', 12],
    ['standard', 12],
    ['relaxed', 13],
  ] as const)('with %s, a cut call is flagged at second %i', (name, second) => {
    expect(stallUnder(SENSITIVITY_PRESETS[name])).toBe(second);
  });

  it('waits longer on relaxed and less on sensitive, by the preset’s flat time', () => {
    expect(SENSITIVITY_PRESETS.sensitive.mediaFlatMs).toBeLessThan(
      SENSITIVITY_PRESETS.standard.mediaFlatMs,
    );
    expect(SENSITIVITY_PRESETS.relaxed.mediaFlatMs).toBeGreaterThan(
      SENSITIVITY_PRESETS.standard.mediaFlatMs,
    );
  });
});
