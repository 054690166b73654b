/**
 * Wraps `make` so that calls within `maxAgeMs` of the last one that started it share its answer;
 * a failed answer is not kept. For answers that are costly to work out and change rarely.
 *
 * @example
 *   const report = reuseRecent(5 * 60_000, () => db.then(storageReport));
 *   await report(); await report(); // one read of the records
 */
export function reuseRecent<T>(
  maxAgeMs: number,
  make: () => Promise<T>,
  now: () => number = Date.now,
): () => Promise<T> {
  let last: { at: number; answer: Promise<T> } | undefined;
  return () => {
    const at = now();
    if (last && at - last.at < maxAgeMs) return last.answer;
    const answer = make();
    const entry = { at, answer };
    last = entry;
    answer.catch(() => {
      if (last === entry) last = undefined;
    });
    return answer;
  };
}
