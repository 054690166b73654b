import { describe, expect, it } from 'vitest';
import type { CallSample } from '@/lib/hook/call-sample';
import {
  beforeIncident,
  callPrepSchema,
  newCallPrep,
  reduceCallPrep,
  READINESS_FRESH_MS,
  UPLOAD_WINDOW_MS,
  type CallPrep,
  type PrepInput,
} from '@/lib/prepare/call-prep';
import { createPrepareService } from '@/lib/prepare/prepare-service';
import type { ReadinessItem } from '@/lib/prepare/readiness';

const T0 = Date.parse('2026-12-02T16:00:00Z');

const sample = (t: number, availableOutgoingKbps?: number): CallSample => ({
  pc: 'pc-1',
  t,
  state: 'connected',
  rttMs: 20,
  ...(availableOutgoingKbps !== undefined && { availableOutgoingKbps }),
  inbound: [],
  outbound: [],
  tracks: [],
});

const ITEMS: ReadinessItem[] = [
  { id: 'battery', level: 'green', words: 'Battery: 80%, charging', fix: '' },
  { id: 'computer', level: 'red', words: 'Computer: under critical load', fix: 'Close programs.' },
];

function run(inputs: PrepInput[], start: CallPrep = newCallPrep(7)) {
  let prep = start;
  const offers: number[] = [];
  const headsUps = [];
  for (const [i, input] of inputs.entries()) {
    const out = reduceCallPrep(prep, input);
    prep = out.prep;
    if (out.offerReadiness) offers.push(i);
    headsUps.push(...out.headsUps);
  }
  return { prep, offers, headsUps };
}

describe('a call tab before anything breaks', () => {
  it('offers the readiness check once, at the first sample of the first call', () => {
    const at = (t: number): PrepInput => ({ type: 'sample', sample: sample(t), at: t });
    const { prep, offers } = run([at(T0), at(T0 + 1000), { type: 'navigated' }, at(T0 + 60_000)]);
    expect(offers).toEqual([0]);
    expect(prep.callStartedAt).toBe(T0 + 60_000);
  });

  it('does not offer it when the tutor checked in the last half hour', () => {
    const checked = run([{ type: 'readiness', items: ITEMS, at: T0 }]).prep;
    const soon = run([{ type: 'sample', sample: sample(T0 + 60_000), at: T0 + 60_000 }], checked);
    expect(soon.offers).toEqual([]);
    const late = T0 + READINESS_FRESH_MS + 1;
    expect(run([{ type: 'sample', sample: sample(late), at: late }], checked).offers).toEqual([0]);
  });

  it('keeps the best upload estimate of the first 20 s only', () => {
    const inputs: PrepInput[] = [300, 900, 2400, 1800].map((kbps, i) => ({
      type: 'sample',
      sample: sample(T0 + i * 5000, kbps),
      at: T0 + i * 5000,
    }));
    inputs.push({
      type: 'sample',
      sample: sample(T0 + UPLOAD_WINDOW_MS + 1000, 5000),
      at: T0 + UPLOAD_WINDOW_MS + 1000,
    });
    expect(run(inputs).prep.uploadKbps).toBe(2400);
  });

  it('is refused by its schema when damaged, and kept when whole', () => {
    const { prep } = run([
      { type: 'sample', sample: sample(T0, 800), at: T0 },
      { type: 'readiness', items: ITEMS, at: T0 },
    ]);
    expect(callPrepSchema.parse(JSON.parse(JSON.stringify(prep)))).toEqual(prep);
    expect(callPrepSchema.safeParse({ ...prep, headsUps: 'none' }).success).toBe(false);
  });
});

describe('what an incident carries of the time before it', () => {
  it('has the readiness check and the heads-ups of the hour before it started, not after', () => {
    const prep: CallPrep = {
      ...newCallPrep(7),
      readiness: { at: T0, items: ITEMS },
      headsUps: [
        { kind: 'battery-low', at: T0 - 61 * 60_000, words: 'old', detail: 'battery 30 %' },
        { kind: 'battery-low', at: T0 + 60_000, words: 'w', detail: 'battery 12 %, discharging' },
        { kind: 'battery-critical', at: T0 + 9 * 60_000, words: 'w', detail: 'battery 4 %' },
      ],
    };
    expect(beforeIncident(prep, T0 + 5 * 60_000)).toEqual({
      headsUps: [
        {
          at: new Date(T0 + 60_000).toISOString(),
          kind: 'battery-low',
          detail: 'battery 12 %, discharging',
        },
      ],
      readiness: { at: new Date(T0).toISOString(), items: ITEMS },
    });
    expect(beforeIncident(newCallPrep(7), T0)).toBeUndefined();
    expect(beforeIncident(undefined, T0)).toBeUndefined();
  });
});

describe('the prepare service', () => {
  function service() {
    const stored = new Map<number, unknown>();
    const notes: { tabId: number; text: string; offer?: boolean }[] = [];
    const watching: number[] = [];
    let now = T0;
    let open = false;
    const prepare = createPrepareService({
      store: {
        read: async (tabId) => structuredClone(stored.get(tabId)),
        write: async (tabId, prep) =>
          void (prep ? stored.set(tabId, structuredClone(prep)) : stored.delete(tabId)),
      },
      startWatching: async (tabId) => void watching.push(tabId),
      showNote: async (tabId, note) => void notes.push({ tabId, ...note }),
      inPageNotes: async () => true,
      incidentOpen: async () => open,
      now: () => now,
    });
    return {
      prepare,
      stored,
      notes,
      watching,
      tick: (ms: number) => (now += ms),
      incident: (isOpen: boolean) => (open = isOpen),
    };
  }

  it('starts watching and offers the check at the call start, and carries on after a restart', async () => {
    const first = service();
    await first.prepare.onSample(3, sample(T0, 500), T0);
    await first.prepare.onSample(3, sample(T0 + 1000, 700), T0 + 1000);
    expect(first.watching).toEqual([3]);
    expect(first.notes.map((n) => n.offer)).toEqual([true]);

    // A new worker reads the same session storage: no second offer, no second watcher.
    const restarted = service();
    for (const [k, v] of first.stored) restarted.stored.set(k, v);
    await restarted.prepare.onSample(3, sample(T0 + 2000, 900), T0 + 2000);
    expect(restarted.watching).toEqual([]);
    expect(restarted.notes).toEqual([]);
    expect((await restarted.prepare.view(3)).uploadKbps).toBe(900);
  });

  it('keeps a heads-up with the call but shows no note while an incident is open', async () => {
    const { prepare, notes, incident, tick } = service();
    await prepare.onSample(5, sample(T0), T0);
    notes.length = 0;
    incident(true);
    await prepare.onWatchMessage(5, { type: 'pressure', state: 'critical', t: T0 });
    tick(21_000);
    await prepare.onWatchMessage(5, { type: 'pressure', state: 'critical', t: T0 + 21_000 });
    expect((await prepare.view(5)).headsUps.map((h) => h.kind)).toEqual(['computer-overloaded']);
    expect(notes).toEqual([]);
  });

  it('refuses a readiness check that is not a list of items, and keeps a good one', async () => {
    const { prepare } = service();
    await expect(prepare.saveReadiness(3, [{ id: 'battery' }])).rejects.toThrow();
    await prepare.saveReadiness(3, ITEMS);
    expect((await prepare.view(3)).readiness?.items).toEqual(ITEMS);
  });

  it('ignores watcher readings from a tab with no call, and forgets a closed tab', async () => {
    const { prepare, stored } = service();
    await prepare.onWatchMessage(4, { type: 'pressure', state: 'critical', t: T0 });
    expect(stored.has(4)).toBe(false);
    await prepare.onSample(4, sample(T0), T0);
    expect(stored.has(4)).toBe(true);
    await prepare.onTabRemoved(4);
    expect(stored.has(4)).toBe(false);
  });
});
