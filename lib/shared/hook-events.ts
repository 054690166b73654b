import * as z from 'zod/mini';
import { callSampleSchema } from '@/lib/hook/call-sample';

/**
 * What the page's hook sends the relay (page → relay: untrusted, any page script can dispatch
 * these). Apart from messages.ts because the relay, loaded in every call page, bundles only
 * this: the schemas of the other directions would weigh on its 12 KB budget (design.md §9).
 */

/** Longest hook event the relay will even parse: a sample with many streams is about 3 KB. */
export const MAX_HOOK_EVENT_CHARS = 32_768;

export const pcId = z.string().check(z.minLength(1), z.maxLength(64));
export const epochMs = z.number().check(z.minimum(0), z.maximum(1e14));

/**
 * A page WebSocket opened or closed, or a dropped board answered long-polling
 * (lib/hook/install-ws-hook.ts); host only, never the path.
 */
export const socketEventSchema = z.object({
  type: z.literal('socket'),
  id: pcId,
  host: z.string().check(z.maxLength(255)),
  phase: z.enum(['open', 'close', 'check', 'poll']),
  byPage: z.optional(z.boolean()),
  tries: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(1e4))),
  t: epochMs,
});
export type SocketEventMessage = z.infer<typeof socketEventSchema>;

export const hookEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sample'), sample: callSampleSchema }),
  z.object({ type: z.literal('closed'), pc: pcId, t: epochMs }),
  socketEventSchema,
]);
export type HookEvent = z.infer<typeof hookEventSchema>;

/** The most samples one relay message to the background carries (one per connection a tick). */
export const SAMPLES_PER_MESSAGE = 64;
