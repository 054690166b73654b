// Synthetic incidents for render benchmarks and screenshots: realistic spread of kinds, sides,
// outcomes and durations over the last 90 days, from a seeded generator so runs are comparable.

const KINDS = [
  'failed-connection',
  'unstable-connection',
  'no-sound',
  'no-video',
  'bandwidth-pressure',
  'whiteboard-disconnected',
];
const SIDES = ['local', 'remote', 'unknown'];
const OUTCOMES = [null, null, 'continued', 'phone', 'typing', 'rescheduled', 'abandoned'];

/** Mulberry32: a small seeded PRNG, so every run builds the same 10,000 incidents. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` stored incidents (export format v1 plus `schemaVersion`), ending at `now`. */
export function syntheticIncidents(count, now = Date.now(), seed = 5) {
  const rnd = random(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const iso = (ms) => new Date(ms).toISOString();
  return Array.from({ length: count }, (_, i) => {
    const started = now - Math.floor(rnd() * 90 * 86_400_000);
    const detected = started + 500 + Math.floor(rnd() * 3000);
    const ended = detected + Math.floor(rnd() * 600_000);
    const outcome = pick(OUTCOMES);
    return {
      schemaVersion: 1,
      id: `bench-${String(i).padStart(5, '0')}`,
      kind: pick(KINDS),
      severity: rnd() < 0.6 ? 'failure' : 'warning',
      side: pick(SIDES),
      cause: 'media-stopped',
      startedAt: iso(started),
      detectedAt: iso(detected),
      endedAt: i % 500 === 0 ? null : iso(ended),
      dismissed: rnd() < 0.05,
      page: { origin: 'https://meet.google.com', title: `Lesson ${i % 40}` },
      metrics: { worstLossPct: Math.round(rnd() * 300) / 10, worstRttMs: Math.round(rnd() * 900) },
      steps: rnd() < 0.5 ? [] : [{ id: 'quick-fixes', at: iso(detected + 20_000), result: 'done' }],
      outcome: outcome ? { type: outcome, at: iso(ended) } : null,
    };
  });
}

/**
 * Runs in an extension page: replaces every stored incident with `incidents`, in one
 * transaction, through the same `lifeline` database the extension uses.
 */
export function seedInPage(incidents) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('lifeline');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('incidents', 'readwrite');
      const store = tx.objectStore('incidents');
      store.clear();
      for (const incident of incidents) store.put(incident);
      tx.oncomplete = () => {
        db.close();
        resolve(incidents.length);
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}
