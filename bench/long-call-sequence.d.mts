/** See long-call-sequence.mjs. */
import type { CallSample } from '../lib/hook/call-sample';

export const HOLDABLE_FAULTS: string[];

export interface LongCallEpisode {
  /** Sample index at which the fault's onset ends and the fault is established. */
  at: number;
  fault: string;
  /** Samples the established fault lasts. */
  hold: number;
}

export function longCallSamples(options: {
  length: number;
  pc: string;
  episodes?: LongCallEpisode[];
}): {
  samples: CallSample[];
  episodes: (LongCallEpisode & { faultAt: number; restoredAt: number; recoveredAt: number })[];
};

export const THREE_HOURS: number;

/** See long-call-sequence.mjs. */
export function threeHourCall(pc: string): ReturnType<typeof longCallSamples>;
