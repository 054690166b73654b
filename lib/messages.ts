import * as z from 'zod/mini';
import { callSampleSchema } from './call-sample';

/**
 * Every message that crosses a boundary, one discriminated union per direction (design.md §2).
 * Types come from the schemas; nothing crosses unparsed.
 *
 *   page (MAIN world) ──HookEvent──▶ relay ──RelayMessage──▶ background ◀──UiRequest── popup/pages
 *                                    relay ◀──TabCommand─── background
 */

/** Longest hook event the relay will even parse: a sample with many streams is about 3 KB. */
export const MAX_HOOK_EVENT_CHARS = 32_768;

const pcId = z.string().check(z.minLength(1), z.maxLength(64));
const epochMs = z.number().check(z.minimum(0), z.maximum(1e14));

// ── page → relay (untrusted: any page script can dispatch these) ─────────────────────────────
/** A page WebSocket opened or closed (lib/hook/install-ws-hook.ts); host only, never the path. */
const socketEventSchema = z.object({
  type: z.literal('socket'),
  id: pcId,
  host: z.string().check(z.maxLength(255)),
  phase: z.enum(['open', 'close', 'check']),
  byPage: z.optional(z.boolean()),
  t: epochMs,
});
export type SocketEventMessage = z.infer<typeof socketEventSchema>;

export const hookEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sample'), sample: callSampleSchema }),
  z.object({ type: z.literal('closed'), pc: pcId, t: epochMs }),
  socketEventSchema,
]);
export type HookEvent = z.infer<typeof hookEventSchema>;

// ── relay → background (sender must be a tab; the tab id comes from `sender`, never the body) ─
export const relayMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('sample'),
    sample: callSampleSchema,
    onLine: z.boolean(),
    visible: z.boolean(),
  }),
  z.object({ type: z.literal('closed'), pc: pcId, t: epochMs }),
  z.object({
    type: z.literal('connectivity'),
    onLine: z.boolean(),
    /** The network interface changed (Network Information `type`), where the browser says. */
    networkChanged: z.optional(z.boolean()),
    t: epochMs,
  }),
  socketEventSchema,
]);
export type RelayMessage = z.infer<typeof relayMessageSchema>;

// ── extension pages → background (sender must be an extension page) ──────────────────────────
export const uiRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('get-tab-status'), tabId: z.number().check(z.int(), z.minimum(0)) }),
  /** The tutor says the other side's camera is off on purpose (closes no-video as dismissed). */
  z.object({
    type: z.literal('camera-off-on-purpose'),
    tabId: z.number().check(z.int(), z.minimum(0)),
  }),
]);
export type UiRequest = z.infer<typeof uiRequestSchema>;
