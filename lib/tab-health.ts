import { z } from 'zod';
import type { CallSample } from './call-sample';
import { trackSample, type ConnectionTrack } from './call-tracker';
import { DETECTORS } from './detect';
import { THRESHOLDS } from './detect/thresholds';
import type { CallView } from './detect/verdict';
import {
  INCIDENT_KINDS,
  incidentKindSchema,
  type Incident,
  type IncidentKind,
  type IncidentMetrics,
} from './incident';
import { idleMachine, stepIncidentMachine, type IncidentMachine } from './incident-machine';
import { metricsNow } from './incident-metrics';

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
  | { type: 'connectivity'; onLine: boolean; at: number }
  /** The tab navigated or reloaded: its connections are gone, its open incidents are not. */
  | { type: 'navigated'; at: number }
  /** A periodic alarm: ends incidents of calls that went silent (tab left open, call over). */
  | { type: 'tick'; at: number };

/** What the caller must write to the incident store, in the same transaction as the state. */
export type IncidentChange =
  | { type: 'open'; incident: Incident }
  | { type: 'update'; id: string; patch: Partial<Pick<Incident, 'severity' | 'cause' | 'side'>> }
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
): { state: TabHealth; changes: IncidentChange[] } {
  const state: TabHealth = { ...previous, connections: { ...previous.connections } };
  const at = input.type === 'sample' ? input.at : input.at;

  switch (input.type) {
    case 'sample':
      state.connections[input.key] = trackSample(
        previous.connections[input.key],
        input.sample,
        input.at,
      );
      if (input.sample.state === 'closed') delete state.connections[input.key];
      state.lastSampleAt = input.at;
      state.page = input.page;
      setOnline(state, input.onLine, at);
      break;
    case 'closed':
      delete state.connections[input.key];
      break;
    case 'connectivity':
      setOnline(state, input.onLine, at);
      break;
    case 'navigated':
      state.connections = {};
      break;
    case 'tick':
      if (at - previous.lastSampleAt >= THRESHOLDS.callGoneMs) return endCall(previous);
      return { state: previous, changes: [] };
  }
  return evaluate(state, at, newId);
}

function setOnline(state: TabHealth, onLine: boolean, at: number) {
  if (!onLine && state.onLine) state.offlineSince = at;
  if (onLine) delete state.offlineSince;
  state.onLine = onLine;
}

function evaluate(state: TabHealth, now: number, newId: () => string) {
  const view: CallView = {
    now,
    onLine: state.onLine,
    offlineSince: state.offlineSince,
    connections: state.connections,
  };
  const changes: IncidentChange[] = [];
  const machines = { ...state.machines };
  let metrics: IncidentMetrics | undefined;

  for (const kind of INCIDENT_KINDS) {
    const detector = DETECTORS[kind];
    if (!detector) continue;
    const before = machines[kind] ?? idleMachine();
    const verdict = detector(view);
    const { machine, event } = stepIncidentMachine(before, verdict, now, newId);
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
      if (Object.keys(metrics).length > 0) {
        changes.push({ type: 'observe', id: machine.incidentId, metrics });
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
  return { state: { ...state, connections: {}, machines: {} }, changes };
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
  packetRate: z.number().optional(),
  lastProgressAt: z.number(),
  receiving: z.boolean(),
});
const connectionTrackSchema = z.object({
  state: z.enum(['new', 'connecting', 'connected', 'disconnected', 'failed', 'closed']),
  stateSince: z.number(),
  firstSampleAt: z.number(),
  lastSampleAt: z.number(),
  inbound: z.record(z.string(), streamTrackSchema),
  outboundBytes: z.number(),
  figures: z.object({
    rttMs: z.number().optional(),
    availableOutgoingKbps: z.number().optional(),
    inKbps: z.number().optional(),
    outKbps: z.number().optional(),
    lossPct: z.number().optional(),
    jitterMs: z.number().optional(),
  }),
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
});
