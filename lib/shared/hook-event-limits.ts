/**
 * The bounds of the page's hook events, apart from their schemas (hook-events.ts) because the
 * relay, loaded in every call page, bundles only these: it bounds and forwards page events, and
 * the background parses them (design.md §9's 12 KB budget, and the page's main thread).
 */

/** Longest hook event the relay forwards: a sample with 16 streams is about 4 KB. */
export const MAX_HOOK_EVENT_CHARS = 32_768;

/** The most samples one relay message to the background carries (one per connection a tick). */
export const SAMPLES_PER_MESSAGE = 64;

/**
 * How the hook's sample events begin (`JSON.stringify({ type: 'sample', sample })` in
 * lib/hook/install-rtc-hook.ts): the relay tells a sample by this alone, without parsing it.
 */
export const SAMPLE_EVENT_PREFIX = '{"type":"sample",';
