import { z } from 'zod';
import type { CallSample } from '@/lib/hook/call-sample';
import { trackSample, type ConnectionTrack } from '@/lib/detect/call-tracker';
import { judgeCall } from '@/lib/detect';
import { THRESHOLDS } from '@/lib/detect/thresholds';
import type { CallView, PressureState } from '@/lib/detect/verdict';
import {
  INCIDENT_KINDS,
  incidentKindSchema,
  type Incident,
  type IncidentKind,
  type IncidentMetrics,
} from '@/lib/shared/incident';
import { SENSITIVITY_PRESETS, type SensitivityPreset } from '@/lib/detect/sensitivity';
import { idleMachine, stepIncidentMachine, type IncidentMachine } from './incident-machine';
import { metricsNow, whiteboardFigures } from './incident-metrics';
import { applySocketEvent, type PageSocket, type SocketEvent } from '@/lib/detect/page-sockets';

/**
 * One call tab's health: its connections, its online state and one incident machine per kind.
 * Pure data, persisted after every input so a restarted worker picks up exactly here.
 */
export interface TabHealth {
  schemaVersion: 1;
  tabId: number;
  page: { origin: string; title: string };
  onLine: boolean;
  offlineSince?: number;
  lastSampleAt: number;
  connections: Record<string, ConnectionTrack>;
  machines: Partial<Record<IncidentKind, IncidentMachine>>;
  /** When the network interface last changed, as the relay saw it. */
  networkChangedAt?: number;
  /** The page's WebSockets (lib/detect/page-sockets.ts). */
  sockets?: PageSocket[];
  /** Other tabs playing audio or video, as the background last counted them. */
  otherMediaTabs?: number;
  /** Kinds the tutor silenced for this call ("camera off on purpose"); cleared when it ends. */
  muted?: IncidentKind[];
  /** The computer's load as the call tab's watcher last reported it (entrypoints/watch.ts). */
  pressure?: { state: PressureState; at: number };
}

export type HealthInput =
  | {
      type: 'sample';
      /** Frame and hook id: two frames may both have a connection called `abc-1`. */
      key: string;
      sample: CallSample;
      onLine: boolean;
      page: { origin: string; title: string };
      at: number;
    }
  | { type: 'closed'; key: string; at: number }
  | {
      type: 'connectivity';
      onLine: boolean;
      /** The network interface changed (Network Information `change`, or online/offline). */
      networkChanged?: boolean;
      at: number;
    }
  /**
   * A page WebSocket opened or closed, or a dropped board answered long-polling (`key` is frame
   * and hook id). `page` is the tab's, from the sender: a whiteboard may have no call to say it.
   */
  | ({ type: 'socket'; page?: { origin: string; title: string } } & SocketEvent)
  /** Nothing new, but time passed: rules that wait (a socket's 5 s to reconnect) are re-judged. */
  | { type: 'check'; page?: { origin: string; title: string }; at: number }
  /** The tutor says the camera is off on purpose: no-video closes as dismissed, muted for the call. */
  | { type: 'camera-off-on-purpose'; at: number }
  /** Compute Pressure in the call tab changed, or is still serious (repeated every 5 s). */
  | { type: 'pressure'; state: PressureState; at: number }
  /** How many other tabs are playing audio or video now. */
  | { type: 'media-elsewhere'; tabs: number; at: number }
  /** The tab navigated or reloaded: its connections are gone, its open incidents are not. */
  | { type: 'navigated'; at: number }
  /** A periodic alarm: ends incidents of calls that went silent (tab left open, call over). */
  | { type: 'tick'; at: number };

/** What the caller must write to the incident store, in the same transaction as the state. */
export type IncidentChange =
  | { type: 'open'; incident: Incident }
  | {
      type: 'update';
      id: string;
      patch: Partial<Pick<Incident, 'severity' | 'cause' | 'side' | 'dismissed' | 'endedAt'>>;
    }
  | { type: 'observe'; id: string; metrics: IncidentMetrics }
  | { type: 'close'; id: string; endedAt: string };

export const newTabHealth = (tabId: number, at: number): TabHealth => ({
  schemaVersion: 1,
  tabId,
  page: { origin: '', title: '' },
  onLine: true,
  lastSampleAt: at,
  connections: {},
  machines: {},
});

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The health engine: `(state, input) → state, changes`. No browser globals, no clock: time comes
 * in with the input and ids from `newId`, so tests replay recorded calls exactly.
 */
export function reduceTabHealth(
  previous: TabHealth,
  input: HealthInput,
  newId: () => string,
  /** The tutor's detection sensitivity (settings): a preset over the thresholds. */
  tuning: SensitivityPreset = SENSITIVITY_PRESETS.standard,
): { state: TabHealth; changes: IncidentChange[] } {
  const state: TabHealth = { ...previous, connections: { ...previous.connections } };
  const at = input.at;

  switch (input.type) {
    case 'sample': {
      const before = previous.connections[input.key];
      state.connections[input.key] = trackSample(before, input.sample, input.at);
      if (input.sample.state === 'closed') delete state.connections[input.key];
      if (before) forgetGoneConnections(state, before.lastSampleAt);
      state.lastSampleAt = input.at;
      state.page = input.page;
      setOnline(state, input.onLine, at);
      break;
    }
    case 'closed':
      delete state.connections[input.key];
      break;
    case 'connectivity':
      if (input.networkChanged || input.onLine !== state.onLine) state.networkChangedAt = at;
      setOnline(state, input.onLine, at);
      break;
    case 'socket':
      state.sockets = applySocketEvent(state.sockets ?? [], input);
      if (input.page) state.page = input.page;
      break;
    case 'check':
      if (input.page) state.page = input.page;
      break;
    case 'pressure':
      state.pressure = { state: input.state, at };
      break;
    case 'media-elsewhere':
      if (input.tabs === (state.otherMediaTabs ?? 0)) return { state: previous, changes: [] };
      state.otherMediaTabs = input.tabs;
      break;
    case 'camera-off-on-purpose':
      return dismissKind(state, 'no-video', at);
    case 'navigated':
      // A new page is a new call: its sockets and the tutor's "on purpose" marks start afresh.
      state.connections = {};
      delete state.sockets;
      delete state.muted;
      break;
    case 'tick': {
      // A whiteboard with no call sends no samples: an open socket is a lesson still going on.
      const boardOpen = previous.sockets?.some((s) => s.closedAt === undefined);
      if (at - previous.lastSampleAt >= THRESHOLDS.callGoneMs && !boardOpen) {
        return endCall(previous);
      }
      // Nor does anything else move its time on: what is clearing there closes here at the
      // latest (the hook's own nudges after a reconnection normally close it first).
      const clearing = Object.values(previous.machines).some((m) => m?.phase === 'clearing');
      if (clearing && Object.keys(previous.connections).length === 0) break;
      return { state: previous, changes: [] };
    }
  }
  return evaluate(state, at, newId, tuning);
}

/**
 * Drops the connections that fell silent `connectionGoneMs` before the previous sample of one
 * that is still sampled. Judged against that previous sample rather than now, so a page frozen
 * for a while (every connection silent together) loses none when it wakes.
 */
function forgetGoneConnections(state: TabHealth, stillSampledAt: number) {
  for (const [key, connection] of Object.entries(state.connections)) {
    if (stillSampledAt - connection.lastSampleAt >= THRESHOLDS.connectionGoneMs) {
      delete state.connections[key];
    }
  }
}

function setOnline(state: TabHealth, onLine: boolean, at: number) {
  if (!onLine && state.onLine) state.offlineSince = at;
  if (onLine) delete state.offlineSince;
  state.onLine = onLine;
}

/**
 * The tutor says this kind is not a failure for this call (the student's camera is off on
 * purpose): its open incident closes as dismissed now, and the rule stays quiet until the call
 * ends or the page changes.
 */
function dismissKind(state: TabHealth, kind: IncidentKind, at: number) {
  const changes: IncidentChange[] = [];
  const machine = state.machines[kind];
  if (machine && machine.phase !== 'idle' && machine.incidentId) {
    // One change per incident per commit: the store applies them in parallel (get, then put).
    changes.push({
      type: 'update',
      id: machine.incidentId,
      patch: { dismissed: true, endedAt: iso(at) },
    });
  }
  const muted = state.muted?.includes(kind) ? state.muted : [...(state.muted ?? []), kind];
  return {
    state: { ...state, muted, machines: { ...state.machines, [kind]: idleMachine() } },
    changes,
  };
}

/** What the detectors see of a tab's health at `now`. */
export function callViewOf(state: TabHealth, now: number, tuning?: SensitivityPreset): CallView {
  return {
    now,
    tuning,
    onLine: state.onLine,
    offlineSince: state.offlineSince,
    networkChangedAt: state.networkChangedAt,
    connections: state.connections,
    sockets: state.sockets,
    otherMediaTabs: state.otherMediaTabs,
    pressure: state.pressure,
  };
}

function evaluate(state: TabHealth, now: number, newId: () => string, tuning: SensitivityPreset) {
  const view = callViewOf(state, now, tuning);
  const verdicts = judgeCall(view);
  const changes: IncidentChange[] = [];
  const machines = { ...state.machines };
  let metrics: IncidentMetrics | undefined;

  for (const kind of INCIDENT_KINDS) {
    if (state.muted?.includes(kind)) continue;
    const before = machines[kind] ?? idleMachine();
    const verdict = verdicts[kind];
    const { machine, event } = stepIncidentMachine(before, verdict, now, newId, tuning);
    machines[kind] = machine;

    if (event?.type === 'opened') {
      const v = event.verdict;
      changes.push({
        type: 'open',
        incident: {
          id: event.id,
          kind,
          severity: v.severity,
          side: v.side,
          cause: v.cause,
          startedAt: iso(Math.min(v.since, now)),
          detectedAt: iso(now),
          endedAt: null,
          dismissed: false,
          page: state.page,
          metrics: {},
          steps: [],
          outcome: null,
          ...(v.participants ? { participants: v.participants } : {}),
        },
      });
    } else if (event?.type === 'escalated') {
      changes.push({
        type: 'update',
        id: event.id,
        patch: { severity: 'failure', cause: event.verdict.cause, side: event.verdict.side },
      });
    } else if (event?.type === 'closed') {
      changes.push({ type: 'close', id: event.id, endedAt: iso(event.endedAt) });
    }
    if (machine.phase !== 'idle' && machine.incidentId) {
      metrics ??= metricsNow(view);
      const figures =
        kind === 'whiteboard-disconnected' ? { ...metrics, ...whiteboardFigures(view) } : metrics;
      if (Object.keys(figures).length > 0) {
        changes.push({ type: 'observe', id: machine.incidentId, metrics: figures });
      }
    }
  }
  return { state: { ...state, machines }, changes };
}

/** Closes every open incident of a call that is over, at the last moment it was heard from. */
export function endCall(state: TabHealth): { state: TabHealth; changes: IncidentChange[] } {
  const changes: IncidentChange[] = [];
  for (const machine of Object.values(state.machines)) {
    if (machine && machine.phase !== 'idle' && machine.incidentId) {
      changes.push({
        type: 'close',
        id: machine.incidentId,
        endedAt: iso(machine.clearSince ?? state.lastSampleAt),
      });
    }
  }
  return {
    state: { ...state, connections: {}, machines: {}, sockets: undefined, muted: undefined },
    changes,
  };
}

/** Open (or clearing) incidents of the tab, with their severities, for the badge and popup. */
export function openIncidentIds(state: TabHealth | undefined): string[] {
  if (!state) return [];
  return Object.values(state.machines)
    .filter((m): m is IncidentMachine => !!m && m.phase !== 'idle' && !!m.incidentId)
    .map((m) => m.incidentId!);
}

// ── validation on read (design.md §10): a stored state that fails this is discarded, not trusted ─

const streamTrackSchema = z.object({
  kind: z.enum(['audio', 'video']),
  packets: z.number(),
  bytes: z.number(),
  lost: z.number().optional(),
  framesDecoded: z.number().optional(),
  freezeMs: z.number().optional(),
  concealedSamples: z.number().optional(),
  silentConcealedSamples: z.number().optional(),
  totalSamples: z.number().optional(),
  packetRate: z.number().optional(),
  lastProgressAt: z.number(),
  receiving: z.boolean(),
  receivingSince: z.number().optional(),
  flowingSince: z.number().optional(),
  frameRate: z.number().optional(),
  lastFrameAt: z.number().optional(),
  decoding: z.boolean().optional(),
});
const intervalRecordSchema = z.object({
  at: z.number(),
  ms: z.number(),
  bandwidthLimited: z.boolean().optional(),
  sendingVideo: z.boolean(),
  videoTargetKbps: z.number().optional(),
  inVideoKbps: z.number().optional(),
  inVideoLossPct: z.number().optional(),
  frozenMs: z.number().optional(),
  concealedRatio: z.number().optional(),
  inPackets: z.number().optional(),
  audioLost: z.number().optional(),
  availableKbps: z.number().optional(),
  rttMs: z.number().optional(),
  remoteLossPct: z.number().optional(),
  sentFps: z.number().optional(),
  encodeMsPerFrame: z.number().optional(),
  cpuLimited: z.boolean().optional(),
});
const localTroubleSchema = z.object({ state: z.enum(['ended', 'muted']), since: z.number() });
const connectionTrackSchema = z.object({
  state: z.enum(['new', 'connecting', 'connected', 'disconnected', 'failed', 'closed']),
  stateSince: z.number(),
  firstSampleAt: z.number(),
  lastSampleAt: z.number(),
  connectedAt: z.number().optional(),
  disconnects: z.array(z.number()).optional(),
  inbound: z.record(z.string(), streamTrackSchema),
  outboundBytes: z.number(),
  outboundVideoBytes: z.number().optional(),
  sentVideoAt: z.number().optional(),
  screenShare: z.object({ packets: z.number(), sentAt: z.number().optional() }).optional(),
  arrived: z.number().optional(),
  arrivedAt: z.number().optional(),
  dtls: z.object({ state: z.enum(['closed', 'failed']), since: z.number() }).optional(),
  outboundVideoFrames: z.number().optional(),
  outboundEncodeMs: z.number().optional(),
  localTrouble: z.partialRecord(z.enum(['audio', 'video']), localTroubleSchema).optional(),
  localRecoveredAt: z.partialRecord(z.enum(['audio', 'video']), z.number()).optional(),
  history: z.array(intervalRecordSchema).optional(),
  availableHistory: z.array(z.number()).optional(),
  rttHistory: z.array(z.number()).optional(),
  figures: z.object({
    rttMs: z.number().optional(),
    availableOutgoingKbps: z.number().optional(),
    inKbps: z.number().optional(),
    outKbps: z.number().optional(),
    lossPct: z.number().optional(),
    jitterMs: z.number().optional(),
    audioJitterMs: z.number().optional(),
    remoteAudioJitterMs: z.number().optional(),
    remoteLossPct: z.number().optional(),
    remoteJitterMs: z.number().optional(),
    mos: z.number().optional(),
  }),
});
const pageSocketSchema = z.object({
  key: z.string(),
  host: z.string(),
  openedAt: z.number(),
  closedAt: z.number().optional(),
  closedByPage: z.boolean().optional(),
  polled: z.literal(true).optional(),
  tries: z.number().optional(),
});
const incidentMachineSchema = z.object({
  phase: z.enum(['idle', 'open', 'clearing']),
  recent: z.array(z.boolean()),
  lastSlotAt: z.number().optional(),
  incidentId: z.string().optional(),
  severity: z.enum(['warning', 'failure']).optional(),
  clearSince: z.number().optional(),
});
export const tabHealthSchema: z.ZodType<TabHealth> = z.object({
  schemaVersion: z.literal(1),
  tabId: z.number().int(),
  page: z.object({ origin: z.string(), title: z.string() }),
  onLine: z.boolean(),
  offlineSince: z.number().optional(),
  lastSampleAt: z.number(),
  connections: z.record(z.string(), connectionTrackSchema),
  machines: z.partialRecord(incidentKindSchema, incidentMachineSchema),
  networkChangedAt: z.number().optional(),
  sockets: z.array(pageSocketSchema).optional(),
  otherMediaTabs: z.number().optional(),
  muted: z.array(incidentKindSchema).optional(),
  pressure: z
    .object({ state: z.enum(['nominal', 'fair', 'serious', 'critical']), at: z.number() })
    .optional(),
});
