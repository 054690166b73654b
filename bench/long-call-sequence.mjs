// A long call made from the recorded calls in tests/fixtures/: the healthy recording's
// second-by-second counter changes played over and over, with recorded faults spliced in and held
// for as long as asked. Counters stay cumulative across the splices (one connection, one audio and
// one video stream each way), as getStats would report them on a real call that lasts hours.
// Shared by `npm run bench -- long-call` (bench/long-call.mjs) and the unit test
// tests/unit/long-call.test.ts. Plain JavaScript so the bench runs on Node without a build step.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const FIXTURES = path.resolve(import.meta.dirname, '../tests/fixtures');

/** Faults recorded on a single connection, whose fault state can be held for any length. */
export const HOLDABLE_FAULTS = [
  'theirSoundDrops',
  'theirVideoDrops',
  'videoFreezes',
  'bandwidthCapped',
  'myMicLost',
];

const INBOUND_COUNTERS = [
  'packets',
  'bytes',
  'lost',
  'framesDecoded',
  'freezeCount',
  'freezeMs',
  'concealedSamples',
  'silentConcealedSamples',
  'totalSamples',
];
const OUTBOUND_COUNTERS = ['packets', 'bytes'];

function samplesOf(fixture) {
  const json = JSON.parse(readFileSync(path.join(FIXTURES, `${fixture}.json`), 'utf8'));
  return { ...json, samples: json.events.filter((e) => e.type === 'sample').map((e) => e.sample) };
}

/** The first stream of each kind, keyed `in:audio`, `out:video`…: one call, fixed streams. */
function streamsOf(sample) {
  const streams = new Map();
  for (const [direction, list] of [
    ['in', sample.inbound],
    ['out', sample.outbound],
  ]) {
    for (const s of list) {
      const key = `${direction}:${s.kind}`;
      if (!streams.has(key)) streams.set(key, s);
    }
  }
  return streams;
}

/**
 * One recorded second as a step: how much each counter grew since the sample before (never
 * negative), and the figures that are reported as they are (state, RTT, quality limitation…).
 * A counter the browser did not report stays unreported.
 */
function stepsOf(samples) {
  const steps = [];
  for (let i = 1; i < samples.length; i++) {
    const before = streamsOf(samples[i - 1]);
    const streams = [];
    for (const [key, s] of streamsOf(samples[i])) {
      const counters = key.startsWith('in:') ? INBOUND_COUNTERS : OUTBOUND_COUNTERS;
      const deltas = {};
      const previous = before.get(key);
      for (const c of counters) {
        if (s[c] === undefined) continue;
        deltas[c] = previous?.[c] === undefined ? 0 : Math.max(0, s[c] - previous[c]);
      }
      const { id: _id, ...reported } = s;
      for (const c of counters) delete reported[c];
      streams.push({ key, reported, deltas });
    }
    const { pc: _pc, t: _t, inbound: _in, outbound: _out, ...rest } = samples[i];
    steps.push({ rest, streams });
  }
  return steps;
}

/** The healthy call after its first 20 s (the bandwidth estimate ramps up there). */
function healthySteps() {
  const { samples } = samplesOf('healthy');
  return stepsOf(samples.slice(20));
}

const middle = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Each recording's bandwidth estimate sits at its own level (a short recording's is often still
 * climbing), and the call judges it against its own median. Spliced as they are, a fault
 * recorded at 1.7 Mbps into a call at 4 Mbps would read as the estimate halving, a bandwidth
 * fault nobody caused. So a fault's estimates are scaled to the call's level at its onset,
 * keeping every rise and drop the recording had.
 */
function atCallLevel(steps, callLevel) {
  const onsetLevel = steps.find((s) => s.rest.availableOutgoingKbps !== undefined)?.rest
    .availableOutgoingKbps;
  if (!onsetLevel) return steps;
  return steps.map((step) =>
    step.rest.availableOutgoingKbps === undefined
      ? step
      : {
          ...step,
          rest: {
            ...step.rest,
            availableOutgoingKbps: Math.round(
              (step.rest.availableOutgoingKbps * callLevel) / onsetLevel,
            ),
          },
        },
  );
}

/**
 * A recorded fault as three parts: its onset (the 3 s before the fault and the seconds until the
 * fault is established), the established fault (held, cycling, for as long as asked) and the
 * recovery after the restore. Times are the recording's.
 */
function faultParts(fault, callLevel) {
  const { samples, faultAt, restoredAt } = samplesOf(fault);
  const recorded = stepsOf(samples);
  const at = (i) => samples[i + 1].t;
  const index = (pred) => recorded.findIndex((_, i) => pred(at(i)));
  const onsetFrom = Math.max(
    0,
    index((t) => t >= faultAt - 3_000),
  );
  const heldFrom = index((t) => t >= faultAt + 3_000);
  const recoveryFrom = index((t) => t >= restoredAt);
  const steps = atCallLevel(recorded.slice(onsetFrom), callLevel);
  return {
    onset: steps.slice(0, heldFrom - onsetFrom),
    held: steps.slice(heldFrom - onsetFrom, recoveryFrom - onsetFrom),
    recovery: steps.slice(recoveryFrom - onsetFrom),
  };
}

/**
 * Samples of one connection for a call of `length` samples (one a second from the hook), its
 * `t` left 0 for the caller to stamp. `episodes` are faults from `HOLDABLE_FAULTS`, each starting
 * at sample `at`, its established state held for `hold` samples; between them the call is the
 * healthy recording. Returns the samples and where each episode's fault and restore fell.
 *
 * @example
 *   const { samples } = longCallSamples({ length: 10_800, pc: 'long-1',
 *     episodes: [{ at: 900, fault: 'theirSoundDrops', hold: 30 }] });
 */
export function longCallSamples({ length, pc, episodes = [] }) {
  const healthy = healthySteps();
  const callLevel = middle(
    healthy.flatMap((s) =>
      s.rest.availableOutgoingKbps === undefined ? [] : [s.rest.availableOutgoingKbps],
    ),
  );
  const plan = [];
  let h = 0;
  const healthyUntil = (end) => {
    while (plan.length < end) plan.push(healthy[h++ % healthy.length]);
  };
  const placed = [];
  for (const episode of [...episodes].sort((a, b) => a.at - b.at)) {
    const parts = faultParts(episode.fault, callLevel);
    healthyUntil(episode.at - parts.onset.length);
    if (plan.length >= length) break;
    plan.push(...parts.onset);
    const faultAt = plan.length;
    for (let i = 0; i < episode.hold; i++) plan.push(parts.held[i % parts.held.length]);
    const restoredAt = plan.length;
    plan.push(...parts.recovery);
    placed.push({ ...episode, faultAt, restoredAt, recoveredAt: plan.length });
  }
  healthyUntil(length);

  const totals = new Map();
  const samples = plan.slice(0, length).map((step) => {
    const sample = { pc, t: 0, ...step.rest, inbound: [], outbound: [] };
    for (const { key, reported, deltas } of step.streams) {
      const total = totals.get(key) ?? {};
      for (const [c, d] of Object.entries(deltas)) total[c] = (total[c] ?? 0) + d;
      totals.set(key, total);
      const [direction, kind] = key.split(':');
      (direction === 'in' ? sample.inbound : sample.outbound).push({
        id: `${key.replace(':', '-')}`,
        ...reported,
        kind,
        ...total,
      });
    }
    return sample;
  });
  return { samples, episodes: placed };
}

/** Samples in three hours at the hook's one a second. */
export const THREE_HOURS = 3 * 60 * 60;

/**
 * The three-hour lesson both the bench and the unit test replay: a recorded fault every 15
 * minutes, held for 30 s, except the tutor's microphone lost at 1:10 (4,200 s), held for an hour, which fills
 * that incident's chart data past its bound.
 */
export function threeHourCall(pc) {
  const episodes = [
    { at: 600, fault: 'theirSoundDrops', hold: 30 },
    { at: 1_500, fault: 'theirVideoDrops', hold: 30 },
    { at: 2_400, fault: 'videoFreezes', hold: 30 },
    { at: 3_300, fault: 'bandwidthCapped', hold: 30 },
    { at: 4_200, fault: 'myMicLost', hold: 3_600 },
    { at: 8_700, fault: 'theirSoundDrops', hold: 30 },
    { at: 9_600, fault: 'theirVideoDrops', hold: 30 },
    { at: 10_500, fault: 'videoFreezes', hold: 30 },
  ];
  return longCallSamples({ length: THREE_HOURS, pc, episodes });
}
