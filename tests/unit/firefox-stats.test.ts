import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallSample } from '@/lib/hook/call-sample';
import { EngineHarness } from './support/fake-call';

// Firefox's getStats lacks three figures Chromium's recorded calls carry (measured in Firefox ESR
// 153 by scripts/firefox-smoke.mjs): `availableOutgoingBitrate` on the candidate pair, and
// `qualityLimitationReason` and `targetBitrate` on outbound video. Each recorded call is replayed without them: a
// missing figure is unknown, never zero, so nothing false may be raised, and every detector that
// does not rest on them must find its fault as it does in Chromium.

const DIR = path.resolve(import.meta.dirname, '../fixtures');
const FIXTURES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(path.join(DIR, f), 'utf8'))]);

/** A Chromium sample as Firefox would report it. */
function asFirefox(sample: CallSample): CallSample {
  const { availableOutgoingKbps: _gone, ...rest } = sample;
  return {
    ...rest,
    outbound: sample.outbound.map(({ qualityLimitation: _none, targetKbps: _no, ...s }) => s),
  };
}

function replayAsFirefox(events: { type: string; [k: string]: unknown }[]) {
  const engine = new EngineHarness();
  for (const event of events) {
    if (event.type === 'sample') {
      const sample = asFirefox(event.sample as CallSample);
      engine.now = sample.t;
      engine.sample(sample, `0:${sample.pc}`, sample.t);
      continue;
    }
    const at = event.t as number;
    engine.now = at;
    if (event.type === 'closed') engine.apply({ type: 'closed', key: `0:${event.pc}`, at });
    else if (event.type === 'connectivity') {
      engine.onLine = event.onLine as boolean;
      engine.apply({ type: 'connectivity', onLine: engine.onLine, at });
    } else if (event.phase === 'open' || event.phase === 'close') {
      engine.apply(
        event.phase === 'open'
          ? { type: 'socket', phase: 'open', key: `0:${event.id}`, host: String(event.host), at }
          : {
              type: 'socket',
              phase: 'close',
              key: `0:${event.id}`,
              host: String(event.host),
              byPage: (event.byPage as boolean | undefined) ?? false,
              at,
            },
      );
    } else engine.apply({ type: 'check', at });
  }
  return engine.incidents().map((i) => `${i.kind} ${i.side}`);
}

/**
 * The calls whose fault shows only in the missing figures. A bitrate cap on our sender shows
 * nowhere else: Firefox cannot see it. A limit on the tutor's own link shows in what arrives too,
 * but without the outgoing estimate nothing places it on the tutor's side, so it reads as the
 * other side's bandwidth, with its consequences raised on their own.
 */
const DEGRADED: Record<string, string[]> = {
  bandwidthCapped: [],
  // In order of kind.
  linkCapped: ['bandwidth-pressure remote', 'no-video remote', 'unstable-connection unknown'],
};

describe('recorded calls as Firefox reports them', () => {
  it.each(FIXTURES.filter(([name]) => !(name in DEGRADED)))(
    '%s raises what it raises in Chromium',
    (_, fixture) => {
      const raised = replayAsFirefox(fixture.events);
      if (!fixture.expect) return expect(raised).toEqual([]);
      expect(raised).toHaveLength(1);
      expect(raised[0]).toMatch(new RegExp(`^${fixture.expect.kind} ${fixture.expect.side ?? ''}`));
    },
  );

  it.each(Object.entries(DEGRADED))(
    '%s, a fault seen through the missing figures, raises only what the rest show',
    (name, expected) => {
      const fixture = FIXTURES.find(([n]) => n === name)![1];
      expect(replayAsFirefox(fixture.events).sort()).toEqual(expected);
    },
  );
});
