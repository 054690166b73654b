/**
 * Every number the detectors use, in one place, with where it comes from. docs/detection.md
 * explains each; change them there and here together.
 */
export const THRESHOLDS = {
  /**
   * "Flat" (design.md §3 starts at 3 s) for every inbound stream, one kind of stream, or decoded
   * frames. Chromium's receiver sees packets stop within 0.5 s of an outage and we sample once a
   * second, so a 4 s p95 budget (design.md §9) leaves 2.5 s of confirmed silence: 2.5 + up to
   * 1 s to the next sample + 0.5 s. Opus DTX never goes this long without a packet (one every
   * 400 ms).
   */
  mediaFlatMs: 2_500,
  /**
   * One kind is only blamed for stopping when other media kept arriving this long after it: in a
   * cut, every stream stops within the same second and the in-interval estimates differ by a few
   * hundred milliseconds (measured on the demo's cut call).
   */
  otherMediaAfterMs: 1_000,
  /**
   * Nothing at all arrived (media, RTCP, DTLS, STUN answers) this long on a connection we keep
   * sending video on: the far end is gone. A live receiver reports on video at least every 1.5 s
   * (RTCP's randomised 1 s interval, RFC 3550 §6.3.1; Janus sends 7 packets a second to a
   * publisher), so two whole 1 Hz sample intervals with no packet cannot happen on a healthy call.
   * Counted from the sample that last saw the count move, so the silence is 2–3 s when it raises.
   */
  nothingArrivingMs: 2_000,
  /** `connectionState` `disconnected` this long counts as failed (design.md §3). */
  disconnectedMs: 8_000,
  /** A network interface change this recent puts a failed connection on the tutor's side. */
  networkChangeBlameMs: 30_000,
  /** Recovery: this long with no bad verdict closes the incident (design.md §3). */
  clearAfterMs: 10_000,
  /** Sustained rules raise on this many bad evaluations out of the last `windowSize`. */
  raiseCount: 3,
  windowSize: 5,
  /** Evaluations closer together than this share one slot in the 3-of-5 window. */
  evaluationSpacingMs: 900,
  /** A call tab silent this long has ended; its open incidents close at its last sample. */
  callGoneMs: 120_000,
  /**
   * A connection not sampled for this long while another in its tab went on being sampled is
   * gone: the hook samples every open connection each second and stops only when it closes, so
   * its "closed" message was lost (a worker restart) or its frame was removed with it.
   */
  connectionGoneMs: 10_000,

  // ── unstable-connection (design.md §3, from Teams' call-quality rules and Twilio) ─────────
  /** Inbound or remote-reported packet loss above this, in percent. */
  lossPct: 5,
  /** Loss is only judged over at least this many packets (DTX audio alone sends ~3 a second). */
  lossMinPackets: 20,
  rttMs: 500,
  jitterMs: 50,
  /** Below this score the call is hard to follow (E-model "many users dissatisfied"). */
  mos: 2.6,
  /** Disconnect episodes within `DISCONNECT_WINDOW_MS` (2 min, lib/detect/call-tracker.ts). */
  disconnectEpisodes: 2,

  /**
   * Quality rules (loss, delay, jitter, choppy sound, frozen picture) skip a connection's first
   * seconds: the decoder waits for a key frame and early RTT samples come from connectivity
   * checks (recorded: tests/fixtures/linkCapped.json, a frozen start under load). "A call still
   * connecting raises nothing" (design.md §3) extends to these seconds.
   */
  qualityWarmupMs: 10_000,

  // ── no-sound ──────────────────────────────────────────────────────────────────────────────
  /** Audible concealment above this share of played audio is choppy sound (design.md §3). */
  concealedRatio: 0.07,

  // ── no-video ──────────────────────────────────────────────────────────────────────────────
  /** Frozen time within `windowMs` above this share (design.md §3: 30 % of 10 s). */
  frozenShare: 0.3,
  windowMs: 10_000,

  // ── the tutor's computer overloaded (no-video, local, docs/detection.md) ──────────────────
  /**
   * Our video falling to a few frames a second: under 8 is a picture that stutters visibly (a
   * healthy call here sends 20–30; the fake camera 20). Measured on the 2-core test machine: a
   * 4K camera with busy workers fell to 1–7 fps, the same call at 720p sent 19–21.
   */
  overloadFps: 8,
  /**
   * An encoder that takes this long per frame is one the computer cannot feed: measured
   * 100–380 ms while the 4K picture fell to 1–7 fps, 2–16 ms on healthy calls up to 1080p.
   * Per frame rather than busy share: at 3 frames a second even 120 ms frames leave the
   * encoder idle half the time.
   */
  overloadSlowFrameMs: 50,
  /**
   * With Compute Pressure `serious` or `critical`, frames slower than any healthy call's (2–16 ms)
   * are enough. Never pressure with quick frames: a still screen share or a canvas sends a few
   * cheap frames a second by design.
   */
  overloadPressuredFrameMs: 20,
  /**
   * Chromium's encoder says `cpu` and each frame takes this long: the picture lags and stutters
   * (at most 10 frames a second), even where the frame rate itself is not reported.
   */
  overloadEncodeMsPerFrame: 100,
  /**
   * A Compute Pressure reading counts this long: the watcher repeats serious and critical every
   * 5 s (entrypoints/watch.ts), so a reading older than two repeats is no longer current.
   */
  pressureFreshMs: 12_000,

  // ── bandwidth-pressure ────────────────────────────────────────────────────────────────────
  /** The connection's first seconds are ramp-up: Chromium's estimate starts low and climbs. */
  bandwidthWarmupMs: 15_000,
  /** `availableOutgoingBitrate` below this while sending video (design.md §3). */
  minOutgoingKbps: 500,
  /** ...or below this share of the call's median so far, once there are enough samples. */
  outgoingMedianShare: 0.5,
  outgoingMedianMinSamples: 15,
  /**
   * Our video's encoder target (summed over simulcast layers) below this while sending video:
   * under what Chromium aims for even its smallest simulcast layer (150 kbps for 320×180,
   * webrtc simulcast defaults), so the encoder is starved whatever squeezed it — a link limit
   * or a bitrate cap. A `maxBitrate` cap shows here within a second (demo: 1700 → 50 kbps).
   */
  minOutgoingVideoTargetKbps: 100,
  /**
   * A limit is the link's own (congestion) only with evidence this recent: sized so the badge
   * clears within 15 s of a limit being lifted (this, then `clearAfterMs`), while behind a real
   * 300 kbit limit the evidence recurs every 2–6 s (tests/fixtures/linkCapped.json).
   */
  congestionEvidenceMs: 4_000,
  /** The round trip this far above the connection's floor of the last minute: a queue filling. */
  congestionRttRiseMs: 50,
  /** The far end losing this share of our packets, percent. */
  congestionLossPct: 2,
  /**
   * The estimate this far under its recent peak: GCC cuts to 85 % when it sees overuse, and
   * swung by a third behind the 300 kbit limit; a REMB cap holds it exactly flat.
   */
  congestionEstimateFall: 0.15,
  /**
   * A limit steady over this many intervals is the platform's: an estimate within a tenth (a
   * REMB cap pins it exactly; behind the 300 kbit limit it swung 27–54 % over any 8 s), or a
   * video target within a quarter (the demo's `maxBitrate`: 50–60 kbps as the encoder adapts).
   */
  policySteadyIntervals: 8,
  policyEstimateSpread: 0.1,
  policyTargetSpread: 0.25,
  /** Incoming video below this with loss or freezes is the other side's bandwidth. */
  minIncomingVideoKbps: 128,
  incomingLossPct: 2,

  // ── whiteboard-disconnected ───────────────────────────────────────────────────────────────
  /** Only a socket that was open this long counts as established (design.md §3). */
  socketEstablishedMs: 5_000,
  /** A replacement to the same host within this long means the page reconnected. */
  socketReplaceMs: 5_000,
  /** This many drops within `socketMemoryMs` is an unstable whiteboard. */
  socketDrops: 3,
  socketDropWindowMs: 60_000,
} as const;
