import { describe, expect, it } from 'vitest';
import type { Verdict } from '@/lib/detect/verdict';
import {
  idleMachine,
  stepIncidentMachine,
  type IncidentMachine,
} from '@/lib/health/incident-machine';

const bad = (over: Partial<Verdict> = {}): Verdict => ({
  kind: 'unstable-connection',
  severity: 'warning',
  side: 'unknown',
  cause: 'packet-loss',
  since: 0,
  confirmed: false,
  ...over,
});

/** Runs a sequence of verdicts one second apart and collects the events. */
function run(verdicts: (Verdict | null)[], start: IncidentMachine = idleMachine()) {
  let machine = start;
  let n = 0;
  const events: string[] = [];
  verdicts.forEach((v, i) => {
    const step = stepIncidentMachine(machine, v, i * 1000, () => `id-${++n}`);
    machine = step.machine;
    if (step.event) events.push(`${i}:${step.event.type}`);
  });
  return { machine, events };
}

describe('the incident machine', () => {
  it('raises a sustained rule on the third bad evaluation of five', () => {
    expect(run([bad(), null, bad(), bad()]).events).toEqual(['3:opened']);
  });

  it('does not raise on two bad evaluations in five', () => {
    const { machine, events } = run([bad(), null, null, bad(), null, null, bad(), null]);
    expect(events).toEqual([]);
    expect(machine.phase).toBe('idle');
  });

  it('raises a confirmed verdict at once', () => {
    expect(run([null, bad({ confirmed: true })]).events).toEqual(['1:opened']);
  });

  it('closes after 10 s clean, ending at the first clean moment', () => {
    let n = 0;
    let m = stepIncidentMachine(
      idleMachine(),
      bad({ confirmed: true }),
      0,
      () => `id-${++n}`,
    ).machine;
    m = stepIncidentMachine(m, null, 1_000, () => 'x').machine;
    expect(m.phase).toBe('clearing');
    const before = stepIncidentMachine(m, null, 10_999, () => 'x');
    expect(before.event).toBeUndefined();
    const after = stepIncidentMachine(before.machine, null, 11_000, () => 'x');
    expect(after.event).toEqual({ type: 'closed', id: 'id-1', endedAt: 1_000 });
    expect(after.machine).toMatchObject({ phase: 'idle', recent: [] });
  });

  it('merges a flap into the open incident instead of opening a second one', () => {
    const c = bad({ confirmed: true });
    const { events, machine } = run([c, null, null, null, c, null]);
    expect(events).toEqual(['0:opened', '4:flapped']);
    expect(machine.incidentId).toBe('id-1');
  });

  it('escalates a warning to a failure within the same incident', () => {
    const { events, machine } = run([
      bad({ confirmed: true }),
      bad({ severity: 'failure', confirmed: true }),
    ]);
    expect(events).toEqual(['0:opened', '1:escalated']);
    expect(machine.severity).toBe('failure');
  });

  it('neither escalates nor stays open on one unsustained bad evaluation', () => {
    const verdicts = [bad({ confirmed: true }), ...Array(4).fill(null)];
    verdicts.push(bad({ severity: 'failure' }), ...Array(10).fill(null));
    const { events, machine } = run(verdicts);
    expect(events).toEqual(['0:opened', '11:closed']);
    expect(machine.phase).toBe('idle');
  });

  it('never downgrades a failure to a warning', () => {
    const { machine } = run([bad({ severity: 'failure', confirmed: true }), bad()]);
    expect(machine.severity).toBe('failure');
  });

  it('counts evaluations closer than the slot spacing as one slot', () => {
    let m = idleMachine();
    for (const t of [0, 100, 200, 300]) m = stepIncidentMachine(m, bad(), t, () => 'id').machine;
    expect(m.recent).toEqual([true]);
    expect(m.phase).toBe('idle');
  });

  it('keeps only the last five evaluations', () => {
    const { machine } = run([null, null, null, null, null, null, null]);
    expect(machine.recent).toHaveLength(5);
  });

  it('can open again after closing, with a new id', () => {
    const c = bad({ confirmed: true });
    const verdicts = [c, ...Array(11).fill(null), c];
    expect(run(verdicts).events).toEqual(['0:opened', '11:closed', '12:opened']);
    expect(run(verdicts).machine.incidentId).toBe('id-2');
  });
});

describe('the incident machine under a sensitivity preset', () => {
  const step = (
    tuning: { raiseCount: number; windowSize: number },
    verdicts: (Verdict | null)[],
  ) => {
    let machine = idleMachine();
    const events: string[] = [];
    verdicts.forEach((v, i) => {
      const r = stepIncidentMachine(machine, v, i * 1000, () => 'id', tuning);
      machine = r.machine;
      if (r.event) events.push(`${i}:${r.event.type}`);
    });
    return events;
  };

  it('raises on 2 of 5 when sensitive, on 4 of 5 when relaxed', () => {
    const verdicts = [bad(), null, bad(), bad(), bad()];
    expect(step({ raiseCount: 2, windowSize: 5 }, verdicts)).toEqual(['2:opened']);
    expect(step({ raiseCount: 3, windowSize: 5 }, verdicts)).toEqual(['3:opened']);
    expect(step({ raiseCount: 4, windowSize: 5 }, verdicts)).toEqual(['4:opened']);
  });
});
