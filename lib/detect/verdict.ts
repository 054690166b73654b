import type { SensitivityPreset } from './sensitivity';
import type { ConnectionTrack } from './call-tracker';
import type { IncidentKind, Severity, Side } from '@/lib/shared/incident';
import type { PageSocket } from './page-sockets';

/** What the detectors see of one tab's call at one moment. */
export interface CallView {
  now: number;
  onLine: boolean;
  /** When the browser last went offline, if it is offline now. */
  offlineSince?: number;
  /** When the network interface last changed (Network Information API), where the browser says. */
  networkChangedAt?: number;
  /** Live connections of the tab, keyed by frame and hook id. Closed ones are removed. */
  connections: Record<string, ConnectionTrack>;
  /** The page's WebSockets (whiteboards, signalling) that opened, recent ones first to go. */
  sockets?: PageSocket[];
  /** Other tabs playing audio or video right now: a common drain on the tutor's bandwidth. */
  otherMediaTabs?: number;
  /** The tutor's detection sensitivity (settings); absent means the standard thresholds. */
  tuning?: SensitivityPreset;
  /** The computer's load as Compute Pressure last reported it in the call tab, and when. */
  pressure?: { state: PressureState; at: number };
}

/** Compute Pressure's four words (W3C Compute Pressure, source `cpu`). */
export type PressureState = 'nominal' | 'fair' | 'serious' | 'critical';

/**
 * A detector's judgement that something is wrong right now.
 *
 * `confirmed` rules raise at once (the rule already needed time to be sure, like "flat for 2.5 s",
 * or the browser said so outright, like `offline`); the others must hold in 3 of the last 5
 * evaluations first (design.md §3).
 */
export interface Verdict {
  kind: IncidentKind;
  severity: Severity;
  side: Side;
  /** A short machine-readable reason, e.g. `browser-offline`; shown to the tutor in plain words. */
  cause: Cause;
  /** The first bad moment, for `startedAt`. */
  since: number;
  confirmed: boolean;
  /** In a group call, how many of the remote participants it touches ("1 of 3 participants"). */
  participants?: { affected: number; of: number };
}

export type Detector = (view: CallView) => Verdict | null;

/**
 * Every cause a detector can name. A union, not a string, so lib/shared/plain-words.ts must say each one
 * in words before it compiles.
 */
export type Cause =
  | 'browser-offline'
  | 'connection-failed'
  | 'connection-disconnected'
  | 'far-end-closed'
  | 'nothing-arriving'
  | 'media-stopped'
  | 'participant-lost'
  | 'microphone-ended'
  | 'microphone-muted-by-system'
  | 'their-audio-stopped'
  | 'choppy-audio'
  | 'camera-ended'
  | 'screen-share-stopped'
  | 'computer-overloaded'
  | 'their-video-stopped'
  | 'their-video-frozen'
  | 'their-video-freezing'
  | 'packet-loss'
  | 'high-delay'
  | 'jitter'
  | 'low-quality-score'
  | 'repeated-disconnects'
  | 'outgoing-bandwidth-limited'
  | 'outgoing-bandwidth-low'
  | 'incoming-bandwidth-low'
  | 'other-tabs-playing-media'
  | 'whiteboard-connection-lost'
  | 'whiteboard-reconnecting';
