import type { CallSample, InboundStream } from '@/lib/hook/call-sample';

/** A healthy 1 Hz audio+video call as Chromium reports it: ~50 audio and ~90 video packets/s. */
export function healthyCall(
  seconds: number,
  {
    start = 1_700_000_000_000,
    pc = 'p-1',
    from = 0,
  }: { start?: number; pc?: string; from?: number } = {},
): { sample: CallSample; at: number }[] {
  const out = [];
  for (let i = from; i < from + seconds; i++) {
    out.push({ at: start + i * 1000, sample: sampleAt(i, { pc, t: start + i * 1000 }) });
  }
  return out;
}

export function sampleAt(
  second: number,
  {
    pc = 'p-1',
    t = 1_700_000_000_000 + second * 1000,
    audioPackets = 50 * second,
    videoPackets = 90 * second,
    state = 'connected',
  }: Partial<{
    pc: string;
    t: number;
    audioPackets: number;
    videoPackets: number;
    state: CallSample['state'];
  }> = {},
): CallSample {
  const inbound: InboundStream[] = [
    { id: '1001', kind: 'audio', packets: audioPackets, bytes: audioPackets * 80, lost: 0 },
    { id: '2002', kind: 'video', packets: videoPackets, bytes: videoPackets * 1100, lost: 0 },
  ];
  return {
    pc,
    t,
    state,
    rttMs: 2,
    availableOutgoingKbps: 2500,
    inbound,
    outbound: [
      { id: '3003', kind: 'audio', packets: 50 * second, bytes: 50 * second * 80 },
      { id: '4004', kind: 'video', packets: 90 * second, bytes: 90 * second * 1100 },
    ],
    tracks: [
      { kind: 'audio', readyState: 'live', muted: false, enabled: true },
      { kind: 'video', readyState: 'live', muted: false, enabled: true },
    ],
  };
}
