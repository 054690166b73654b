import * as z from 'zod/mini';

/**
 * The compact record the MAIN-world hook emits for one `RTCPeerConnection` once a second.
 *
 * Counters are cumulative, exactly as `getStats()` reports them; detectors work on deltas between
 * consecutive samples. A field the browser does not report is absent, and absent means
 * "unknown", never zero (Firefox and Safari lack several of these stats).
 *
 * Every number is bounded so a forged event cannot push absurd values into the detectors: the
 * background parses page events with these schemas (design.md §2, "Page → extension events are
 * untrusted"; the relay only bounds their size and rate, lib/relay/hook-event-gate.ts). Written
 * with `zod/mini`, like every message schema in lib/shared/messages.ts.
 */

const bounded = (min: number, max: number) => z.number().check(z.minimum(min), z.maximum(max));
const count = bounded(0, 1e12);
const millis = bounded(0, 1e7);
const shortId = z.string().check(z.minLength(1), z.maxLength(64));
const list = <T extends z.ZodMiniType>(item: T) => z.array(item).check(z.maxLength(64));

export const connectionStateSchema = z.enum([
  'new',
  'connecting',
  'connected',
  'disconnected',
  'failed',
  'closed',
]);
export type ConnectionState = z.infer<typeof connectionStateSchema>;

export const mediaKindSchema = z.enum(['audio', 'video']);
export type MediaKind = z.infer<typeof mediaKindSchema>;

/** One `inbound-rtp` stream: what we receive from the other side. */
export const inboundStreamSchema = z.object({
  id: shortId,
  kind: mediaKindSchema,
  packets: count,
  bytes: count,
  lost: z.optional(bounded(-1e9, 1e12)),
  jitterMs: z.optional(millis),
  framesDecoded: z.optional(count),
  freezeMs: z.optional(count),
  concealedSamples: z.optional(count),
  /** Concealed samples that were silence anyway (Opus DTX, comfort noise): not a glitch. */
  silentConcealedSamples: z.optional(count),
  totalSamples: z.optional(count),
});
export type InboundStream = z.infer<typeof inboundStreamSchema>;

/** One `outbound-rtp` stream, with what the other side reported back about it. */
export const outboundStreamSchema = z.object({
  id: shortId,
  kind: mediaKindSchema,
  /** Carries a live screen share (a track from getDisplayMedia), not a camera. */
  screen: z.optional(z.literal(true)),
  packets: count,
  bytes: count,
  qualityLimitation: z.optional(z.enum(['none', 'cpu', 'bandwidth', 'other'])),
  /** Video frames encoded and the time spent encoding them (ms): the computer keeping up. */
  framesEncoded: z.optional(count),
  encodeMs: z.optional(count),
  /** The encoder's `targetBitrate`, kbps: what the sender may spend on this stream now. */
  targetKbps: z.optional(bounded(0, 1e7)),
  /** From `remote-inbound-rtp`: the share of our packets the other side lost, 0..1. */
  remoteFractionLost: z.optional(bounded(0, 1)),
  remoteJitterMs: z.optional(millis),
});
export type OutboundStream = z.infer<typeof outboundStreamSchema>;

/** A local track being sent (the tutor's own microphone or camera). */
export const localTrackSchema = z.object({
  kind: mediaKindSchema,
  readyState: z.enum(['live', 'ended']),
  muted: z.boolean(),
  enabled: z.boolean(),
});
export type LocalTrack = z.infer<typeof localTrackSchema>;

export const callSampleSchema = z.object({
  /** The hook's id for the connection, unique within the page. */
  pc: shortId,
  /** Page clock, ms since the epoch. */
  t: bounded(0, 1e14),
  state: connectionStateSchema,
  rttMs: z.optional(millis),
  availableOutgoingKbps: z.optional(bounded(0, 1e7)),
  /** Packets the far end sent us, of any kind, with its STUN answers: it stops when the far end is gone. */
  arrived: z.optional(count),
  /** The DTLS transport, only when it is closed (the far end said goodbye) or failed. */
  dtls: z.optional(z.enum(['closed', 'failed'])),
  inbound: list(inboundStreamSchema),
  outbound: list(outboundStreamSchema),
  tracks: list(localTrackSchema),
});
export type CallSample = z.infer<typeof callSampleSchema>;
