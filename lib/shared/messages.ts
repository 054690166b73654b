import * as z from 'zod/mini';
import { callSampleSchema } from '@/lib/hook/call-sample';
import { MAX_HOOK_EVENT_CHARS, SAMPLES_PER_MESSAGE } from './hook-event-limits';
import { epochMs, pcId, socketEventSchema } from './hook-events';
import { INCIDENT_KINDS, SEVERITIES, SIDES } from './incident-kinds';

/**
 * Every message that crosses a boundary, one discriminated union per direction (design.md §2).
 * Types come from the schemas; nothing crosses unparsed.
 *
 *   page (MAIN world) ──HookEvent──▶ relay ──RelayWire──▶ background ◀──UiRequest── popup/pages
 *                                    relay ◀──TabCommand─── background
 *
 * HookEvent is in hook-events.ts. The relay forwards hook events as the page's text, bounded in
 * size and rate but unparsed; the background parses them (`parseHookEvent`) into RelayMessages.
 */

// ── relay → background (sender must be a tab; the tab id comes from `sender`, never the body) ─
const onLine = z.boolean();
const visible = z.boolean();
const closedSchema = z.object({ type: z.literal('closed'), pc: pcId, t: epochMs });
const connectivitySchema = z.object({
  type: z.literal('connectivity'),
  onLine,
  /** The network interface changed (Network Information `type`), where the browser says. */
  networkChanged: z.optional(z.boolean()),
  t: epochMs,
});
/** One connection's sample, as the background applies it. */
export const relayMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sample'), sample: callSampleSchema, onLine, visible }),
  closedSchema,
  connectivitySchema,
  socketEventSchema,
]);
/** A page's hook event as the relay forwarded it: its text, which the background parses. */
const pageEventText = z.string().check(z.maxLength(MAX_HOOK_EVENT_CHARS));
/**
 * What the relay sends on its port (lib/relay/background-channel.ts): the samples of one tick
 * travel together, one message for all the page's connections rather than one each (issue 12's
 * group lesson has 8 connections). Page events go as the page's text (lib/relay/hook-event-gate.ts):
 * the background parses each with `parseHookEvent`, and drops one that fails alone.
 */
export const relayWireSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('samples'),
    samples: z.array(pageEventText).check(z.minLength(1), z.maxLength(SAMPLES_PER_MESSAGE)),
    onLine,
    visible,
  }),
  z.object({
    type: z.literal('page-event'),
    event: pageEventText,
    /** Asks for an answer once committed (lib/relay/background-channel.ts): the relay's number. */
    id: z.optional(z.number().check(z.int(), z.minimum(1))),
  }),
  connectivitySchema,
]);
export type RelayWireMessage = z.infer<typeof relayWireSchema>;
export type RelayMessage = z.infer<typeof relayMessageSchema>;

// ── extension pages → background (sender must be an extension page) ──────────────────────────
const incidentId = z.string().check(z.minLength(1), z.maxLength(64));
export const uiRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('get-tab-status'), tabId: z.number().check(z.int(), z.minimum(0)) }),
  /** The tutor says the other side's camera is off on purpose (closes no-video as dismissed). */
  z.object({
    type: z.literal('camera-off-on-purpose'),
    tabId: z.number().check(z.int(), z.minimum(0)),
  }),
  // The fallback walk and the incident email (issue #4). Times come from the background's clock.
  z.object({ type: z.literal('get-incident'), id: incidentId }),
  z.object({ type: z.literal('latest-incident'), origin: z.string().check(z.maxLength(300)) }),
  z.object({ type: z.literal('get-settings') }),
  z.object({ type: z.literal('save-settings'), settings: z.unknown() }),
  z.object({
    type: z.literal('record-step'),
    incidentId,
    stepId: z.string().check(z.minLength(1), z.maxLength(64)),
    result: z.enum(['done', 'skipped']),
  }),
  z.object({
    type: z.literal('set-outcome'),
    incidentId,
    outcome: z.object({
      type: z.enum(['continued', 'phone', 'typing', 'rescheduled', 'abandoned']),
      replacementAt: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(1e14))),
      note: z.optional(z.string().check(z.maxLength(2000))),
    }),
  }),
  z.object({
    type: z.literal('set-lesson-ref'),
    incidentId,
    lessonRef: z.string().check(z.maxLength(40)),
  }),
  /** How many stored records could not be read (design.md §10), for the popup's notice. */
  z.object({ type: z.literal('storage-report') }),
  /** The playbook the walk follows: the organisation's own, or the built-in one settings name. */
  z.object({ type: z.literal('get-playbook') }),
  /** Saves the organisation's playbook (validated by the background); `null` restores the built-in. */
  z.object({ type: z.literal('save-playbook'), playbook: z.unknown() }),
  // Before the lesson (issue 14): the plans agreed with clients, checked by the background.
  z.object({ type: z.literal('get-plans') }),
  z.object({ type: z.literal('save-plan'), plan: z.unknown() }),
  z.object({ type: z.literal('delete-plan'), lessonRef: z.string().check(z.maxLength(40)) }),
  /** A plans file's text, read by the page; all or nothing (lib/prepare/plans-file.ts). */
  z.object({ type: z.literal('import-plans'), text: z.string().check(z.maxLength(2_000_000)) }),
  // The readiness check and the heads-ups of a tab's call.
  z.object({ type: z.literal('get-call-prep'), tabId: z.number().check(z.int(), z.minimum(0)) }),
  /** A readiness check the popup ran, kept with the tab's call (checked again by the background). */
  z.object({
    type: z.literal('save-readiness'),
    tabId: z.number().check(z.int(), z.minimum(0)),
    items: z.unknown(),
  }),
  /**
   * From the welcome page, which has loaded the prompt script: show the real prompt in that tab
   * on a practice incident that is never stored (issue 14). The tab comes from `sender`.
   */
  z.object({ type: z.literal('start-practice') }),
]);
export type UiRequest = z.infer<typeof uiRequestSchema>;

// ── in-page prompt → background (sender must be a tab; the prompt runs in the isolated world, or
//    in the welcome page for a practice incident) ──
export const promptMessageSchema = z.object({
  type: z.literal('prompt-action'),
  incidentId,
  /** `offer`: the step the prompt offers beside "Steps…", carried out as the walk would. */
  action: z.enum(['fallback-steps', 'dismiss', 'camera-off', 'offer']),
});
export type PromptMessage = z.infer<typeof promptMessageSchema>;

// ── call-tab watcher and note → background (sender must be a tab; lib/prepare, issue 14) ──────
/** What entrypoints/watch.ts reads in the call tab, and what the tutor pressed on a note. */
export const watchMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('battery'),
    level: z.number().check(z.minimum(0), z.maximum(1)),
    charging: z.boolean(),
    t: epochMs,
  }),
  z.object({
    type: z.literal('pressure'),
    state: z.enum(['nominal', 'fair', 'serious', 'critical']),
    t: epochMs,
  }),
  z.object({
    type: z.literal('note-action'),
    noteId: z.string().check(z.minLength(1), z.maxLength(64)),
    action: z.enum(['check', 'dismiss']),
  }),
]);
export type WatchMessage = z.infer<typeof watchMessageSchema>;

// ── background → in-page prompt ───────────────────────────────────────────────────────────────
export const promptCommandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('show-prompt'),
    incident: z.object({
      id: incidentId,
      kind: z.enum(INCIDENT_KINDS),
      severity: z.enum(SEVERITIES),
      side: z.enum(SIDES),
      /**
       * Changes the headline where it says more than kind and side: an overloaded computer, a
       * stopped screen share (not the camera).
       */
      cause: z.optional(z.string().check(z.maxLength(64))),
      startedAt: z.string().check(z.maxLength(40)),
    }),
    /** The label of the one step the prompt may carry out itself, e.g. "Carry on by phone". */
    offer: z.optional(z.string().check(z.maxLength(40))),
  }),
  /** The offered step was recorded: what was noted, and the step's words to act on. */
  z.object({
    type: z.literal('prompt-noted'),
    incidentId,
    text: z.string().check(z.maxLength(200)),
    lines: z.array(z.string().check(z.maxLength(600))).check(z.maxLength(12)),
  }),
  /** The incident ended: the prompt says so and offers to close. */
  z.object({
    type: z.literal('prompt-recovered'),
    incidentId,
    text: z.string().check(z.maxLength(200)),
  }),
  z.object({ type: z.literal('hide-prompt'), incidentId }),
  /**
   * A calm note in the page: a heads-up (issue 14: not an incident, the badge stays as it is), or
   * the once-per-call offer of a readiness check (`offer`: it has Check now / Not now).
   */
  z.object({
    type: z.literal('show-note'),
    noteId: z.string().check(z.minLength(1), z.maxLength(64)),
    text: z.string().check(z.maxLength(300)),
    offer: z.optional(z.boolean()),
  }),
]);
export type PromptCommand = z.infer<typeof promptCommandSchema>;
