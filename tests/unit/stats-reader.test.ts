import { describe, expect, it } from 'vitest';
import { createStatsReader, READS_BY_ID } from '@/lib/hook/stats-reader';

type Entry = { id: string; type: string; [key: string]: unknown };

/** A report that counts how it is read, the way Blink charges for each entry it converts. */
function report(entries: Entry[]) {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const reads = { whole: 0, gets: 0 };
  return {
    reads,
    size: byId.size,
    get: (id: string) => (reads.gets++, byId.get(id)),
    values: () => (reads.whole++, byId.values()),
  };
}

const call = (bytes: number): Entry[] => [
  { id: 'T', type: 'transport', bytesReceived: bytes },
  { id: 'CP', type: 'candidate-pair', currentRoundTripTime: 0.02 },
  { id: 'IA', type: 'inbound-rtp', kind: 'audio', bytesReceived: bytes },
  { id: 'C1', type: 'local-candidate' },
  { id: 'C2', type: 'remote-candidate' },
  { id: 'K', type: 'codec', mimeType: 'audio/opus' },
  { id: 'X', type: 'certificate' },
];

describe('createStatsReader', () => {
  it('keeps only the entry types a sample is made from', () => {
    const read = createStatsReader();
    expect(read(report(call(1))).map((e) => e.id)).toEqual(['T', 'CP', 'IA']);
  });

  it('reads a report of the same size through the known ids, with fresh values', () => {
    const read = createStatsReader();
    read(report(call(1)));
    const next = report(call(2));
    const entries = read(next);
    expect(next.reads).toEqual({ whole: 0, gets: 3 });
    expect(entries.find((e) => e.id === 'IA')?.bytesReceived).toBe(2);
  });

  it(`reads whole again after ${READS_BY_ID} reports by id, so a new stream is found`, () => {
    const read = createStatsReader();
    read(report(call(1)));
    for (let i = 0; i < READS_BY_ID; i++) expect(read(report(call(2))).length).toBe(3);
    // A new stream took the place of a candidate: same size, every known id still there.
    const swapped = report([
      ...call(3).filter((e) => e.id !== 'C1'),
      { id: 'IV', type: 'inbound-rtp', kind: 'video' },
    ]);
    expect(read(swapped).map((e) => e.id)).toContain('IV');
    expect(swapped.reads.whole).toBe(1);
  });

  it('reads whole when the report changed size', () => {
    const read = createStatsReader();
    read(report(call(1)));
    const grown = report([...call(2), { id: 'IV', type: 'inbound-rtp', kind: 'video' }]);
    expect(read(grown).map((e) => e.id)).toEqual(['T', 'CP', 'IA', 'IV']);
    expect(grown.reads.whole).toBe(1);
  });

  it('reads whole when a known entry is gone at the same size', () => {
    const read = createStatsReader();
    read(report(call(1)));
    const moved = report([
      ...call(2).filter((e) => e.id !== 'CP'),
      { id: 'CP2', type: 'candidate-pair', currentRoundTripTime: 0.03 },
    ]);
    expect(read(moved).map((e) => e.id)).toEqual(['T', 'IA', 'CP2']);
    expect(moved.reads.whole).toBe(1);
  });
});
