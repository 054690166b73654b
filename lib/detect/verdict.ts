import type { ConnectionTrack } from '../call-tracker';
import type { IncidentKind, Severity, Side } from '../incident';

/** What the detectors see of one tab's call at one moment. */
export interface CallView {
  now: number;
  onLine: boolean;
  /** When the browser last went offline, if it is offline now. */
  offlineSince?: number;
  /** Live connections of the tab, keyed by frame and hook id. Closed ones are removed. */
  connections: Record<string, ConnectionTrack>;
}

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
  cause: string;
  /** The first bad moment, for `startedAt`. */
  since: number;
  confirmed: boolean;
}

export type Detector = (view: CallView) => Verdict | null;
