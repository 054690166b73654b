import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallSample } from '@/lib/hook/call-sample';
import { judgeCall } from '@/lib/detect';
import { platformLimitKbps } from '@/lib/detect/bandwidth-pressure';
import { INCIDENT_KINDS, type IncidentKind } from '@/lib/shared/incident';
import { callViewOf, tabHealthSchema } from '@/lib/health/tab-health';
import { EngineHarness } from './support/fake-call';

// Recorded calls (tests/fixtures/, made by scripts/record-fixtures.mjs in real Chromium): each is
// replayed through the real engine, and every detector is run over every moment of it.

interface Fixture {
  recorded: string;
  fault: string;
  /** `closesAfterRestore: false`: the call is still degraded when the recording ends. */
  expect: {
    kind: IncidentKind;
    side?: string;
    /** The rule that must catch it, where another would too but later (SFU transport death). */
    cause?: string;
    closesAfterRestore?: boolean;
  } | null;
  faultAt: number | null;
  restoredAt: number | null;
  events: (
    | { type: 'sample'; sample: CallSample }
    | { type: 'closed'; pc: string; t: number }
    | {
        type: 'socket';
        id: string;
        host: string;
        phase: 'open' | 'close' | 'check';
        byPage?: boolean;
        t: number;
      }
    | { type: 'connectivity'; onLine: boolean; t: number }
  )[];
}

const DIR = path.resolve(import.meta.dirname, '../fixtures');
const FIXTURES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map(
    (f) =>
      [f.replace(/\.json$/, ''), JSON.parse(readFileSync(path.join(DIR, f), 'utf8'))] as [
        string,
        Fixture,
      ],
  );

/** design.md §9 budgets, p95, from the fault to detection. */
const BUDGET_MS: Partial<Record<IncidentKind, number>> = {
  'failed-connection': 4_000,
  'no-sound': 4_000,
  'no-video': 4_000,
  'bandwidth-pressure': 10_000,
};

/** Replays a fixture; `each` sees the engine after every event. */
function replay(fixture: Fixture, each?: (engine: EngineHarness, at: number) => void) {
  const engine = new EngineHarness();
  for (const event of fixture.events) {
    const at = event.type === 'sample' ? event.sample.t : event.t;
    engine.now = at;
    if (event.type === 'sample') engine.sample(event.sample, `0:${event.sample.pc}`, at);
    else if (event.type === 'closed') engine.apply({ type: 'closed', key: `0:${event.pc}`, at });
    else if (event.type === 'connectivity') {
      engine.onLine = event.onLine;
      engine.apply({ type: 'connectivity', onLine: event.onLine, at });
    } else if (event.phase === 'check') engine.apply({ type: 'check', at });
    else if (event.phase === 'open') {
      engine.apply({ type: 'socket', phase: 'open', key: `0:${event.id}`, host: event.host, at });
    } else {
      engine.apply({
        type: 'socket',
        phase: 'close',
        key: `0:${event.id}`,
        host: event.host,
        byPage: event.byPage ?? false,
        at,
      });
    }
    each?.(engine, at);
  }
  return engine;
}

describe('recorded calls', () => {
  it('exist, and each says how it was recorded', () => {
    expect(FIXTURES.length).toBeGreaterThan(0);
    for (const [, f] of FIXTURES) expect(f.recorded).toMatch(/Chrom/);
  });

  it.each(FIXTURES)('%s raises exactly what it should', (_, fixture) => {
    const engine = replay(fixture);
    const incidents = engine.incidents();
    if (!fixture.expect) {
      expect(incidents).toEqual([]);
      return;
    }
    expect(incidents.map((i) => i.kind)).toEqual([fixture.expect.kind]);
    if (fixture.expect.side) expect(incidents[0]!.side).toBe(fixture.expect.side);
    if (fixture.expect.cause) expect(incidents[0]!.cause).toBe(fixture.expect.cause);
    const budget = BUDGET_MS[fixture.expect.kind];
    if (budget) {
      expect(Date.parse(incidents[0]!.detectedAt) - fixture.faultAt!).toBeLessThanOrEqual(budget);
    }
    // Restored: the incident closes (10 s clean) before the recording ends.
    if (fixture.expect.closesAfterRestore !== false) expect(incidents[0]!.endedAt).not.toBeNull();
  });

  it('bandwidthCapped (a maxBitrate the page set) reads as the platform’s limit while it holds', () => {
    const fixture = FIXTURES.find(([name]) => name === 'bandwidthCapped')![1];
    const seen: { at: number; kbps: number | undefined }[] = [];
    replay(fixture, (engine, at) =>
      seen.push({ at, kbps: platformLimitKbps(callViewOf(engine.state, at)) }),
    );
    const during = seen.filter(
      (s) => s.at > fixture.faultAt! + 10_000 && s.at < fixture.restoredAt!,
    );
    expect(during.length).toBeGreaterThan(3);
    for (const s of during) expect(s.kbps).toBeGreaterThanOrEqual(45);
    for (const s of during) expect(s.kbps).toBeLessThanOrEqual(65);
    const before = seen.filter((s) => s.at < fixture.faultAt!);
    expect(before.every((s) => s.kbps === undefined)).toBe(true);
    expect(seen.at(-1)!.kbps).toBeUndefined();
  });

  // A restarted worker reads its state back through this schema, which drops unknown keys: a
  // field missing from it is silently forgotten (a send-only call's `arrivedAt`, a DTLS close).
  it.each(FIXTURES)('%s: the stored state reads back unchanged at every moment', (_, fixture) => {
    let checked = 0;
    replay(fixture, (engine) => {
      const stored = JSON.parse(JSON.stringify(engine.state));
      expect(tabHealthSchema.parse(stored)).toEqual(stored);
      checked++;
    });
    expect(checked).toBeGreaterThan(10);
  });

  describe.each(INCIDENT_KINDS)('the %s detector', (kind) => {
    it.each(FIXTURES)(
      'never fires before the fault in %s, nor for a fault of another kind',
      (_, fixture) => {
        const confirmed: string[] = [];
        const window: boolean[] = [];
        let worstWindow = 0;
        replay(fixture, (engine, at) => {
          const verdict = judgeCall(callViewOf(engine.state, at))[kind];
          const beforeFault = fixture.faultAt === null || at < fixture.faultAt;
          const wrong = !!verdict && (beforeFault || fixture.expect?.kind !== kind);
          if (wrong && verdict.confirmed) confirmed.push(`${verdict.cause} at ${at}`);
          window.push(wrong && !verdict.confirmed);
          if (window.length > 5) window.shift();
          worstWindow = Math.max(worstWindow, window.filter(Boolean).length);
        });
        expect(confirmed).toEqual([]);
        // A sustained rule may be bad for a second or two; 3 of 5 would open an incident.
        expect(worstWindow).toBeLessThan(3);
      },
    );
  });
});
