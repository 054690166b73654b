import type { Incident } from '@/lib/shared/incident';
import type { Cause } from '@/lib/detect/verdict';

/**
 * Practice incidents (issue 14, point 1): the real prompt and walk on a made-up failure, so the
 * tutor has pressed the buttons once before a lesson breaks. They are never records: the
 * background keeps the one practice incident in session storage, and the store refuses any id
 * that carries this prefix.
 */
export const PRACTICE_ID_PREFIX = 'practice-';

export function isPracticeIncident(id: string): boolean {
  return id.startsWith(PRACTICE_ID_PREFIX);
}

/** How far back the practice failure "started", so the prompt's clock has something to show. */
export const PRACTICE_STARTED_MS_AGO = 6_000;

/**
 * The practice failure: the other side's sound drops, the policy's most common case, whose
 * first way on (the phone, with the withhold prefix) the prompt itself offers.
 */
export function makePracticeIncident(now: number, newId: () => string): Incident {
  const startedAt = new Date(now - PRACTICE_STARTED_MS_AGO).toISOString();
  return {
    id: `${PRACTICE_ID_PREFIX}${newId()}`.slice(0, 64),
    kind: 'no-sound',
    severity: 'failure',
    side: 'remote',
    cause: 'their-audio-stopped' satisfies Cause,
    startedAt,
    detectedAt: new Date(now - 3_000).toISOString(),
    endedAt: null,
    dismissed: false,
    page: { origin: '', title: 'Practice' },
    metrics: {},
    steps: [],
    outcome: null,
  };
}
