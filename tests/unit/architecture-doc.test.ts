import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '@/lib/detect/verdict';
import {
  idleMachine,
  stepIncidentMachine,
  type IncidentMachine,
} from '@/lib/health/incident-machine';

/** `from --> to: event · condition` lines of the mermaid drawing in docs/architecture.md. */
function drawnTransitions(): Set<string> {
  const doc = readFileSync(path.resolve(import.meta.dirname, '../../docs/architecture.md'), 'utf8');
  const diagram = /```mermaid\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
  const lines = [...diagram.matchAll(/^\s*(\w+) --> (\w+): (\w+) ·/gm)];
  return new Set(lines.map(([, from, to, event]) => `${from} → ${to}: ${event}`));
}

const verdict = (severity: Verdict['severity'], confirmed: boolean): Verdict => ({
  kind: 'no-sound',
  severity,
  side: 'remote',
  cause: 'their-audio-stopped',
  since: 0,
  confirmed,
});

/** A small seeded generator, so a failure names the same walk every run. */
function seeded(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

/** Every transition the machine takes over long random walks of verdicts and gaps. */
function takenTransitions(): Set<string> {
  const taken = new Set<string>();
  const choices: (Verdict | null)[] = [
    null,
    verdict('warning', false),
    verdict('warning', true),
    verdict('failure', false),
    verdict('failure', true),
  ];
  for (let seed = 1; seed <= 50; seed++) {
    const random = seeded(seed);
    let machine: IncidentMachine = idleMachine();
    let now = 0;
    let ids = 0;
    for (let i = 0; i < 400; i++) {
      // Mostly one evaluation a second, sometimes a burst inside one slot, sometimes a long quiet.
      const r = random();
      now += r < 0.1 ? 300 : r < 0.9 ? 1_000 : 11_000;
      // Runs of clean evaluations, so that incidents also clear and close.
      const pick = random() < 0.5 ? null : choices[Math.floor(random() * choices.length)]!;
      const next = stepIncidentMachine(machine, pick, now, () => `i${++ids}`);
      const event = next.event?.type ?? 'none';
      if (next.machine.phase !== machine.phase || event !== 'none') {
        taken.add(`${machine.phase} → ${next.machine.phase}: ${event}`);
      }
      machine = next.machine;
    }
  }
  return taken;
}

describe('docs/architecture.md', () => {
  it('draws exactly the transitions the incident machine takes', () => {
    const drawn = [...drawnTransitions()].filter((t) => !/^(\w+) → \1: none$/.test(t));
    expect(drawn.length).toBeGreaterThan(0);
    expect([...takenTransitions()].sort()).toEqual(drawn.sort());
  });
});
