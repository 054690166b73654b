import * as z from 'zod/mini';
import { callSampleSchema } from '@/lib/hook/call-sample';

/**
 * What the page's hook sends (page → relay → background: untrusted, any page script can dispatch
 * these). The relay only bounds them and passes their text on; the background parses them here,
 * so the call page's main thread never runs a schema.
 */

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

/** A hook event's text as the relay forwarded it, parsed; undefined if it is not one. */
export function parseHookEvent(text: string): HookEvent | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = hookEventSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
