import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { longCallSamples } from '../../bench/long-call-sequence.mjs';
import type { CallSample } from '@/lib/hook/call-sample';
import {
  INITIAL_WATCH_STATE,
  watch,
  watchStateSchema,
  type HeadsUp,
  type WatchInput,
  type WatchState,
} from '@/lib/prepare/heads-up';

const T0 = Date.parse('2026-12-02T16:00:00Z');
const DIR = path.resolve(import.meta.dirname, '../fixtures');

function replay(inputs: WatchInput[], start: WatchState = INITIAL_WATCH_STATE) {
  let state = start;
  const headsUps: HeadsUp[] = [];
  for (const input of inputs) {
    const out = watch(state, input);
    state = out.state;
    headsUps.push(...out.headsUps);
  }
  return { state, headsUps };
}

const fixtureSamples = (name: string): WatchInput[] =>
  (
    JSON.parse(readFileSync(path.join(DIR, `${name}.json`), 'utf8')) as {
      events: { type: string; sample?: CallSample }[];
    }
  ).events.flatMap((e) => (e.sample ? [{ type: 'sample' as const, sample: e.sample }] : []));

/** A connected call sending `sentKbps` with the estimate at `availableKbps(second)`. */
function call(
  seconds: number,
  sentKbps: number,
  availableKbps: (s: number) => number,
  rtt: (s: number) => number = () => 20,
) {
  const inputs: WatchInput[] = [];
  for (let s = 0; s < seconds; s++) {
    inputs.push({
      type: 'sample',
      sample: {
        pc: 'pc-1',
        t: T0 + s * 1000,
        state: 'connected',
        rttMs: rtt(s),
        availableOutgoingKbps: availableKbps(s),
        inbound: [],
        outbound: [{ id: 'v', kind: 'video', packets: s * 100, bytes: (s * sentKbps * 1000) / 8 }],
        tracks: [],
      },
    });
  }
  return inputs;
}

describe('heads-ups on recorded calls', () => {
  // What each recording gives, as it really is: only the real link limit (tc tbf at 300 kbit)
  // makes the round trip climb steadily before the limit is reached; no other gives any.
  const EXPECTED: Record<string, string[]> = { linkCapped: ['link-degrading'] };

  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
    const name = file.replace(/\.json$/, '');
    it(`${name}: ${EXPECTED[name]?.join(', ') ?? 'none'}`, () => {
      const { headsUps, state } = replay(fixtureSamples(name));
      expect(headsUps.map((h) => h.kind)).toEqual(EXPECTED[name] ?? []);
      expect(watchStateSchema.parse(JSON.parse(JSON.stringify(state)))).toEqual(state);
    });
  }

  it('the round trip climbing under the link limit is said in numbers', () => {
    const [headsUp] = replay(fixtureSamples('linkCapped')).headsUps;
    expect(headsUp!.detail).toMatch(/^round trip rising from \d+ to \d+ ms$/);
    expect(headsUp!.words).toMatch(/have the phone ready/);
  });

  it('an hour of the healthy call, replayed second by second, gives none', () => {
    const { samples } = longCallSamples({ length: 3600, pc: 'long-1' });
    const { headsUps } = replay(samples.map((sample) => ({ type: 'sample', sample })));
    expect(headsUps).toEqual([]);
  });
});

describe('the computer under pressure', () => {
  const pressure = (t: number, state: 'nominal' | 'fair' | 'serious' | 'critical'): WatchInput => ({
    type: 'pressure',
    t: T0 + t * 1000,
    state,
  });

  it('warns after 20 s of serious or critical load, not 19', () => {
    expect(replay([pressure(0, 'serious'), pressure(19, 'critical')]).headsUps).toEqual([]);
    const { headsUps } = replay([
      pressure(0, 'serious'),
      pressure(10, 'critical'),
      pressure(20, 'critical'),
    ]);
    expect(headsUps).toEqual([
      {
        kind: 'computer-overloaded',
        at: T0 + 20_000,
        words: expect.stringMatching(/working at its limit for 20 s.*system update/),
        detail: 'computer under critical load for 20 s',
      },
    ]);
  });

  it('counts the time from call samples too, when the load stays high without a new report', () => {
    const inputs = [pressure(0, 'critical'), ...call(25, 500, () => 3000)];
    expect(replay(inputs).headsUps.map((h) => h.kind)).toEqual(['computer-overloaded']);
  });

  it('starts the 20 s again after a calm reading', () => {
    const inputs = [
      pressure(0, 'serious'),
      pressure(15, 'fair'),
      pressure(16, 'serious'),
      pressure(30, 'serious'),
    ];
    expect(replay(inputs).headsUps).toEqual([]);
  });

  it('warns once per busy spell: again only after a minute calm', () => {
    const spell = (from: number) => [pressure(from, 'critical'), pressure(from + 20, 'critical')];
    const shortCalm = [...spell(0), pressure(30, 'nominal'), pressure(89, 'nominal'), ...spell(90)];
    expect(replay(shortCalm).headsUps).toHaveLength(1);
    const longCalm = [...spell(0), pressure(30, 'nominal'), pressure(90, 'nominal'), ...spell(100)];
    expect(replay(longCalm).headsUps).toHaveLength(2);
  });
});

describe('the upload headroom', () => {
  it('warns when the estimate falls to within 1.5× of what the call sends', () => {
    const falling = call(60, 700, (s) => (s < 30 ? 3000 : 900));
    const { headsUps } = replay(falling);
    expect(headsUps.map((h) => h.kind)).toEqual(['headroom-shrinking']);
    expect(headsUps[0]!.detail).toBe('upload headroom down to 900 kbps for 700 kbps sent');
  });

  it('stays quiet for an estimate that sits near the rate without falling, and for one far above it', () => {
    expect(replay(call(90, 700, () => 950)).headsUps).toEqual([]);
    expect(replay(call(90, 700, (s) => (s < 30 ? 6000 : 3000))).headsUps).toEqual([]);
  });

  it('leaves an estimate under 500 kbps to the bandwidth-pressure incident', () => {
    expect(replay(call(60, 400, (s) => (s < 30 ? 3000 : 450))).headsUps).toEqual([]);
  });

  it('warns again only after the headroom came back', () => {
    const twice = call(200, 700, (s) => (s < 30 || (s >= 80 && s < 130) ? 3000 : 900));
    expect(replay(twice).headsUps.map((h) => h.kind)).toEqual([
      'headroom-shrinking',
      'headroom-shrinking',
    ]);
  });
});

describe('the round trip climbing', () => {
  it('warns when it doubles by 100 ms or more, steadily, still under the 500 ms limit', () => {
    const { headsUps } = replay(
      call(
        45,
        500,
        () => 3000,
        (s) => 40 + s * 8,
      ),
    );
    expect(headsUps.map((h) => h.kind)).toEqual(['link-degrading']);
  });

  it('stays quiet for one spike, and for a climb past the limit (that is an incident)', () => {
    expect(
      replay(
        call(
          45,
          500,
          () => 3000,
          (s) => (s === 30 ? 450 : 40),
        ),
      ).headsUps,
    ).toEqual([]);
    expect(
      replay(
        call(
          45,
          500,
          () => 3000,
          (s) => 100 + s * 30,
        ),
      ).headsUps,
    ).toEqual([]);
  });
});

describe('the battery running down', () => {
  const battery = (minute: number, level: number, charging = false): WatchInput => ({
    type: 'battery',
    reading: { t: T0 + minute * 60_000, level, charging },
  });
  const drain = (from: number, minutes: number, start = 0) =>
    Array.from({ length: minutes + 1 }, (_, i) =>
      battery(start + i, Math.round((from - i * 0.01) * 100) / 100),
    );

  it('warns under 15 minutes left and again under 5, once each', () => {
    const { headsUps } = replay(drain(0.3, 27));
    expect(headsUps.map((h) => [h.kind, h.detail])).toEqual([
      ['battery-low', 'battery 14 %, discharging, about 14 min left'],
      ['battery-critical', 'battery 4 %, discharging, about 4 min left'],
    ]);
  });

  it('gives one critical note when the first estimate is already under 5 minutes', () => {
    const { headsUps } = replay(drain(0.08, 5));
    expect(headsUps.map((h) => h.kind)).toEqual(['battery-critical']);
  });

  it('never warns while charging, and warns again after the charger was unplugged', () => {
    expect(
      replay(
        drain(0.3, 27).map((i) => ({
          ...i,
          reading: { ...(i as { reading: { t: number; level: number } }).reading, charging: true },
        })) as WatchInput[],
      ).headsUps,
    ).toEqual([]);
    const first = replay(drain(0.2, 8));
    const plugged = replay([battery(9, 0.2, true)], first.state);
    const again = replay(drain(0.2, 8, 20), plugged.state);
    expect(first.headsUps.map((h) => h.kind)).toEqual(['battery-low']);
    expect(again.headsUps.map((h) => h.kind)).toEqual(['battery-low']);
  });
});
