import { z } from 'zod';
import { HEADS_UP_KINDS } from '@/lib/shared/incident-kinds';
import type { CallSample } from '@/lib/hook/call-sample';
import { readinessItemSchema, type IncidentBefore } from '@/lib/shared/incident';
import {
  INITIAL_WATCH_STATE,
  watch,
  watchStateSchema,
  type HeadsUp,
  type WatchInput,
} from './heads-up';
import type { ReadinessItem } from './readiness';

/** The call's own upload estimate counts for the readiness check in its first 20 s (issue 14). */
export const UPLOAD_WINDOW_MS = 20_000;
/** Heads-ups older than this say nothing about an incident now (and are dropped). */
export const HEADS_UP_MEMORY_MS = 60 * 60_000;
/** A readiness check this recent makes the offer at call start needless. */
export const READINESS_FRESH_MS = 30 * 60_000;
const MAX_HEADS_UPS = 20;

export const readinessItemsSchema = z.array(readinessItemSchema).max(12);

const headsUpSchema = z.object({
  kind: z.enum(HEADS_UP_KINDS),
  at: z.number(),
  words: z.string().max(300),
  detail: z.string().max(200),
});

/**
 * What Lifeline knows of one tab's lesson before anything breaks: the readiness check, the
 * call's upload in its first seconds, and the heads-ups so far. Kept apart from the tab's
 * health (lib/health): none of it may ever change the badge or open an incident.
 */
export const callPrepSchema = z.object({
  schemaVersion: z.literal(1),
  tabId: z.number().int().min(0),
  /** The first sample of the call on this page; unset while no call has started. */
  callStartedAt: z.number().optional(),
  /** The best upload estimate in the first 20 s: Chromium's estimate starts low and ramps up. */
  uploadKbps: z.number().min(0).optional(),
  watch: watchStateSchema,
  headsUps: z.array(headsUpSchema).max(MAX_HEADS_UPS),
  readiness: z.object({ at: z.number(), items: readinessItemsSchema }).optional(),
  /** The readiness check was offered in this tab; it is offered once. */
  offered: z.boolean(),
});
export type CallPrep = z.infer<typeof callPrepSchema>;

export type PrepInput =
  | { type: 'sample'; sample: CallSample; at: number }
  | Exclude<WatchInput, { type: 'sample' }>
  | { type: 'readiness'; items: ReadinessItem[]; at: number }
  /** The tab loaded a new page: a new call, though the tutor's check and heads-ups still hold. */
  | { type: 'navigated' };

export const newCallPrep = (tabId: number): CallPrep => ({
  schemaVersion: 1,
  tabId,
  watch: INITIAL_WATCH_STATE,
  headsUps: [],
  offered: false,
});

/**
 * `(prep, input) → prep, what to tell the tutor`. `offerReadiness` is true once per tab, when its
 * first call starts without a recent check.
 */
export function reduceCallPrep(
  previous: CallPrep,
  input: PrepInput,
): { prep: CallPrep; headsUps: HeadsUp[]; offerReadiness: boolean } {
  if (input.type === 'navigated') {
    const prep = { ...previous, watch: INITIAL_WATCH_STATE };
    delete prep.callStartedAt;
    delete prep.uploadKbps;
    return { prep, headsUps: [], offerReadiness: false };
  }
  if (input.type === 'readiness') {
    return {
      prep: { ...previous, readiness: { at: input.at, items: input.items } },
      headsUps: [],
      offerReadiness: false,
    };
  }
  const prep: CallPrep = { ...previous };
  let offerReadiness = false;
  const at =
    input.type === 'sample' ? input.at : input.type === 'battery' ? input.reading.t : input.t;
  if (input.type === 'sample') {
    if (prep.callStartedAt === undefined) {
      prep.callStartedAt = at;
      const fresh = prep.readiness && at - prep.readiness.at < READINESS_FRESH_MS;
      offerReadiness = !prep.offered && !fresh;
      prep.offered = true;
    }
    const upload = input.sample.availableOutgoingKbps;
    if (upload !== undefined && at - prep.callStartedAt <= UPLOAD_WINDOW_MS) {
      prep.uploadKbps = Math.max(prep.uploadKbps ?? 0, upload);
    }
  }
  const watched = watch(prep.watch, input);
  prep.watch = watched.state;
  if (watched.headsUps.length) {
    prep.headsUps = [...prep.headsUps, ...watched.headsUps]
      .filter((h) => at - h.at < HEADS_UP_MEMORY_MS)
      .slice(-MAX_HEADS_UPS);
  }
  return { prep, headsUps: watched.headsUps, offerReadiness };
}

/**
 * What an incident opening now carries of the time before it (issue 14): the heads-ups of the
 * hour before it started, and the readiness check of this lesson. Copied into the incident, so
 * its email and export say it even after the tab is gone.
 */
export function beforeIncident(
  prep: CallPrep | undefined,
  startedAtMs: number,
): IncidentBefore | undefined {
  if (!prep) return undefined;
  const headsUps = prep.headsUps
    .filter((h) => h.at <= startedAtMs && startedAtMs - h.at < HEADS_UP_MEMORY_MS)
    .map((h) => ({ at: new Date(h.at).toISOString(), kind: h.kind, detail: h.detail }));
  const readiness = prep.readiness && {
    at: new Date(prep.readiness.at).toISOString(),
    items: prep.readiness.items,
  };
  if (!headsUps.length && !readiness) return undefined;
  return { ...(headsUps.length && { headsUps }), ...(readiness && { readiness }) };
}
