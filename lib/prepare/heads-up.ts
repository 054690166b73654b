import { z } from 'zod';
import type { CallSample } from '@/lib/hook/call-sample';
import { THRESHOLDS } from '@/lib/detect/thresholds';
import type { HEADS_UP_KINDS } from '@/lib/shared/incident-kinds';
import { keepRecentReadings, minutesLeft, type BatteryReading } from './battery-trend';

export type HeadsUpKind = (typeof HEADS_UP_KINDS)[number];

/** An early warning (issue 14): not an incident, never the badge; shown, kept, and cited. */
export interface HeadsUp {
  kind: HeadsUpKind;
  at: number;
  /** Calm plain words for the note in the call page, with what to do. */
  words: string;
  /** The short form an incident email quotes: "battery 8 %, discharging". */
  detail: string;
}

export type PressureState = 'nominal' | 'fair' | 'serious' | 'critical';

export type WatchInput =
  | { type: 'battery'; reading: BatteryReading }
  | { type: 'pressure'; t: number; state: PressureState }
  | { type: 'sample'; sample: CallSample };

/** Heads-up rules' numbers, with where they come from (docs/before-the-lesson.md). */
export const HEADS_UP_RULES = {
  /** Issue 14: under 15 min of battery left, and again under 5. */
  batteryLowMinutes: 15,
  batteryCriticalMinutes: 5,
  /** Issue 14: serious or critical Compute Pressure for 20 s. */
  pressureMs: 20_000,
  /** The load must have been calm this long before it can warn again: one busy spell, one note. */
  pressureRearmMs: 60_000,
  /** The link rules look at this much of the call, in samples one second apart. */
  linkWindowMs: 30_000,
  linkMinPoints: 20,
  /**
   * Headroom: the estimate within 1.5× of what the call sends, having fallen by a third over
   * the window. Healthy calls sit far above their own rate (the recorded healthy call: 2.5 Mbps
   * estimated for under 1 Mbps sent, tests/fixtures/healthy.json) and an estimate that merely
   * sits near the rate without falling is the encoder using what it has, not a squeeze.
   */
  headroomRatio: 1.5,
  headroomFall: 1 / 3,
  /**
   * Round trip: up by 100 ms and doubled from the window's first third to its last, rising in
   * the middle too (steadily, not one spike), and still under the unstable-connection limit.
   */
  rttRiseMs: 100,
  rttRiseFactor: 2,
  /** Loss reported by the far end: from under 1 % to at least 2.5 %, still under the limit. */
  lossFromPct: 1,
  lossToPct: 2.5,
} as const;

const MAX_LINKS = 16;
const MAX_POINTS = 40;

const linkPointSchema = z.object({
  t: z.number(),
  sentKbps: z.number().optional(),
  availableKbps: z.number().optional(),
  rttMs: z.number().optional(),
  lossPct: z.number().optional(),
});
type LinkPoint = z.infer<typeof linkPointSchema>;

const linkWatchSchema = z.object({
  firstAt: z.number(),
  lastAt: z.number(),
  outBytes: z.number().optional(),
  points: z.array(linkPointSchema).max(MAX_POINTS),
  headroomWarned: z.boolean(),
  degradingWarned: z.boolean(),
});
type LinkWatch = z.infer<typeof linkWatchSchema>;

/** Plain JSON: the background keeps it in session storage between worker restarts. */
export const watchStateSchema = z.object({
  battery: z.object({
    readings: z
      .array(z.object({ t: z.number(), level: z.number().min(0).max(1), charging: z.boolean() }))
      .max(200),
    warned: z.array(z.enum(['battery-low', 'battery-critical'])).max(2),
  }),
  pressure: z.object({
    state: z.enum(['nominal', 'fair', 'serious', 'critical']).optional(),
    badSince: z.number().optional(),
    calmSince: z.number().optional(),
    warned: z.boolean(),
  }),
  links: z.record(z.string(), linkWatchSchema),
});
export type WatchState = z.infer<typeof watchStateSchema>;

export const INITIAL_WATCH_STATE: WatchState = {
  battery: { readings: [], warned: [] },
  pressure: { warned: false },
  links: {},
};

/** `(state, input) → state, heads-ups`: pure, so recorded calls replay exactly. */
export function watch(
  state: WatchState,
  input: WatchInput,
): { state: WatchState; headsUps: HeadsUp[] } {
  switch (input.type) {
    case 'battery':
      return watchBattery(state, input.reading);
    case 'pressure':
      return watchPressure(state, input.state, input.t);
    case 'sample': {
      // Samples keep the clock going for a load that stays high between pressure reports.
      const pressure = watchPressure(state, state.pressure.state, input.sample.t);
      const link = watchLink(pressure.state, input.sample);
      return { state: link.state, headsUps: [...pressure.headsUps, ...link.headsUps] };
    }
  }
}

function watchBattery(state: WatchState, reading: BatteryReading) {
  const readings = keepRecentReadings(state.battery.readings, reading);
  if (reading.charging) {
    return { state: { ...state, battery: { readings, warned: [] } }, headsUps: [] };
  }
  // To a tenth of a minute: levels come in 1 % steps, and float noise must not move a threshold.
  const estimate = minutesLeft(readings, reading.t);
  const left = estimate === null ? null : Math.round(estimate * 10) / 10;
  const warned = [...state.battery.warned];
  const headsUps: HeadsUp[] = [];
  const percent = Math.round(reading.level * 100);
  const minutes = left === null ? 0 : Math.max(1, Math.floor(left));
  if (left !== null && left < HEADS_UP_RULES.batteryCriticalMinutes) {
    if (!warned.includes('battery-critical')) {
      // The low warning is past: one note says it all.
      warned.push(
        'battery-critical',
        ...(warned.includes('battery-low') ? [] : ['battery-low' as const]),
      );
      headsUps.push({
        kind: 'battery-critical',
        at: reading.t,
        words: `Battery ${percent} %, about ${minutes} min left. Plug the computer in now, or tell the student how you will carry on if the call drops.`,
        detail: `battery ${percent} %, discharging, about ${minutes} min left`,
      });
    }
  } else if (left !== null && left < HEADS_UP_RULES.batteryLowMinutes) {
    if (!warned.includes('battery-low')) {
      warned.push('battery-low');
      headsUps.push({
        kind: 'battery-low',
        at: reading.t,
        words: `Battery ${percent} %, about ${minutes} min left. Plug the computer in.`,
        detail: `battery ${percent} %, discharging, about ${minutes} min left`,
      });
    }
  }
  return { state: { ...state, battery: { readings, warned } }, headsUps };
}

function watchPressure(state: WatchState, next: PressureState | undefined, t: number) {
  const was = state.pressure;
  if (next === undefined) return { state, headsUps: [] };
  const bad = next === 'serious' || next === 'critical';
  const pressure = { ...was, state: next };
  const headsUps: HeadsUp[] = [];
  if (bad) {
    delete pressure.calmSince;
    pressure.badSince ??= t;
    if (!pressure.warned && t - pressure.badSince >= HEADS_UP_RULES.pressureMs) {
      pressure.warned = true;
      const seconds = Math.round((t - pressure.badSince) / 1000);
      headsUps.push({
        kind: 'computer-overloaded',
        at: t,
        words: `Your computer has been working at its limit for ${seconds} s, which can freeze your video. Close programs you do not need; is a system update running?`,
        detail: `computer under ${next} load for ${seconds} s`,
      });
    }
  } else {
    delete pressure.badSince;
    pressure.calmSince ??= t;
    if (pressure.warned && t - pressure.calmSince >= HEADS_UP_RULES.pressureRearmMs) {
      pressure.warned = false;
    }
  }
  return { state: { ...state, pressure }, headsUps };
}

function watchLink(state: WatchState, sample: CallSample) {
  const before = state.links[sample.pc];
  const t = sample.t;
  if (sample.state !== 'connected') {
    // Not connected is the incident rules' business; the trend starts again when it is back.
    if (!before) return { state, headsUps: [] };
    const links = { ...state.links, [sample.pc]: { ...before, points: [], lastAt: t } };
    return { state: { ...state, links }, headsUps: [] };
  }
  const outBytes = sample.outbound.reduce((s, o) => s + o.bytes, 0);
  const seconds = before ? (t - before.lastAt) / 1000 : 0;
  const sentKbps =
    before?.outBytes !== undefined && seconds > 0.5 && outBytes >= before.outBytes
      ? ((outBytes - before.outBytes) * 8) / 1000 / seconds
      : undefined;
  const losses = sample.outbound.flatMap((o) =>
    o.remoteFractionLost === undefined ? [] : [o.remoteFractionLost * 100],
  );
  const point: LinkPoint = {
    t,
    ...(sentKbps !== undefined && { sentKbps }),
    ...(sample.availableOutgoingKbps !== undefined && {
      availableKbps: sample.availableOutgoingKbps,
    }),
    ...(sample.rttMs !== undefined && { rttMs: sample.rttMs }),
    ...(losses.length && { lossPct: Math.max(...losses) }),
  };
  const link: LinkWatch = {
    firstAt: before?.firstAt ?? t,
    lastAt: t,
    outBytes,
    points: [...(before?.points ?? []), point]
      .filter((p) => t - p.t <= HEADS_UP_RULES.linkWindowMs)
      .slice(-MAX_POINTS),
    headroomWarned: before?.headroomWarned ?? false,
    degradingWarned: before?.degradingWarned ?? false,
  };
  const headsUps: HeadsUp[] = [];
  const warmedUp = t - link.firstAt >= THRESHOLDS.bandwidthWarmupMs;
  const full = link.points.length >= HEADS_UP_RULES.linkMinPoints;

  const headroom = warmedUp && full ? headroomShrinking(link.points) : null;
  if (headroom && !link.headroomWarned) {
    link.headroomWarned = true;
    headsUps.push({
      kind: 'headroom-shrinking',
      at: t,
      words: `Your upload is shrinking: about ${headroom.availableKbps} kbps left for a call sending ${headroom.sentKbps} kbps. Pause downloads, backups or other video on this network.`,
      detail: `upload headroom down to ${headroom.availableKbps} kbps for ${headroom.sentKbps} kbps sent`,
    });
  } else if (!headroom && link.headroomWarned && full && headroomComfortable(link.points)) {
    link.headroomWarned = false;
  }

  const degrading =
    t - link.firstAt >= THRESHOLDS.qualityWarmupMs && full ? linkDegrading(link.points) : null;
  if (degrading && !link.degradingWarned) {
    link.degradingWarned = true;
    headsUps.push({
      kind: 'link-degrading',
      at: t,
      words: `The connection is getting worse (${degrading}). If it goes on, sound may break up: have the phone ready.`,
      detail: degrading,
    });
  } else if (!degrading && link.degradingWarned && full && linkSteady(link.points)) {
    link.degradingWarned = false;
  }

  const links = { ...state.links, [sample.pc]: link };
  const keys = Object.keys(links);
  if (keys.length > MAX_LINKS) {
    const oldest = keys.sort((a, b) => links[a]!.lastAt - links[b]!.lastAt)[0]!;
    delete links[oldest];
  }
  return { state: { ...state, links }, headsUps };
}

const thirds = <T>(points: readonly T[]) => {
  const n = Math.floor(points.length / 3);
  return [points.slice(0, n), points.slice(n, points.length - n), points.slice(-n)] as const;
};

function median(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const medianOf = (points: readonly LinkPoint[], key: keyof LinkPoint) =>
  median(points.flatMap((p) => (p[key] === undefined ? [] : [p[key]])));

function headroomShrinking(points: readonly LinkPoint[]) {
  const [first, , last] = thirds(points);
  const availableThen = medianOf(first, 'availableKbps');
  const availableNow = medianOf(last, 'availableKbps');
  const sentNow = medianOf(last, 'sentKbps');
  if (availableThen === undefined || availableNow === undefined || !sentNow) return null;
  // Below the incident rule's floor it is bandwidth pressure, an incident, not a heads-up.
  if (availableNow < THRESHOLDS.minOutgoingKbps) return null;
  const fell = availableNow <= availableThen * (1 - HEADS_UP_RULES.headroomFall);
  const tight = availableNow < sentNow * HEADS_UP_RULES.headroomRatio;
  return fell && tight
    ? { availableKbps: Math.round(availableNow), sentKbps: Math.round(sentNow) }
    : null;
}

function headroomComfortable(points: readonly LinkPoint[]) {
  const [, , last] = thirds(points);
  const available = medianOf(last, 'availableKbps');
  const sent = medianOf(last, 'sentKbps');
  return available !== undefined && !!sent && available >= sent * 2;
}

function linkDegrading(points: readonly LinkPoint[]): string | null {
  const [first, middle, last] = thirds(points);
  const rttThen = medianOf(first, 'rttMs');
  const rttMid = medianOf(middle, 'rttMs');
  const rttNow = medianOf(last, 'rttMs');
  if (
    rttThen !== undefined &&
    rttMid !== undefined &&
    rttNow !== undefined &&
    rttNow < THRESHOLDS.rttMs &&
    rttNow - rttThen >= HEADS_UP_RULES.rttRiseMs &&
    rttNow >= rttThen * HEADS_UP_RULES.rttRiseFactor &&
    rttMid > rttThen &&
    rttMid < rttNow
  ) {
    return `round trip rising from ${Math.round(rttThen)} to ${Math.round(rttNow)} ms`;
  }
  const lossThen = medianOf(first, 'lossPct');
  const lossMid = medianOf(middle, 'lossPct');
  const lossNow = medianOf(last, 'lossPct');
  if (
    lossThen !== undefined &&
    lossMid !== undefined &&
    lossNow !== undefined &&
    lossThen < HEADS_UP_RULES.lossFromPct &&
    lossNow >= HEADS_UP_RULES.lossToPct &&
    lossNow < THRESHOLDS.lossPct &&
    lossMid > lossThen &&
    lossMid < lossNow
  ) {
    return `packet loss rising from ${lossThen.toFixed(1)} to ${lossNow.toFixed(1)} %`;
  }
  return null;
}

function linkSteady(points: readonly LinkPoint[]) {
  const [first, , last] = thirds(points);
  const rttThen = medianOf(first, 'rttMs');
  const rttNow = medianOf(last, 'rttMs');
  return rttThen === undefined || rttNow === undefined || rttNow <= rttThen * 1.2;
}
