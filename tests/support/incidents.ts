import type { Incident } from '@/lib/shared/incident';

/** A complete, valid incident; `overrides` changes what a test is about. */
export function anIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1',
    kind: 'failed-connection',
    severity: 'failure',
    side: 'local',
    cause: 'browser-offline',
    startedAt: '2026-11-19T14:05:00.000Z',
    detectedAt: '2026-11-19T14:05:01.000Z',
    endedAt: '2026-11-19T14:07:00.000Z',
    dismissed: false,
    page: { origin: 'https://meet.google.com', title: 'Maths with J.S.' },
    metrics: { worstLossPct: 12.5, worstRttMs: 640 },
    steps: [],
    outcome: null,
    ...overrides,
  };
}

/**
 * The same failure with known wording-sensitive details: Thursday 26 November 2026 16:02:05
 * London time, a named lesson, and every bitrate figure, for tests of what the tutor reads.
 */
export function failedConnection(overrides: Partial<Incident> = {}): Incident {
  return anIncident({
    startedAt: '2026-11-26T16:02:05.000Z',
    detectedAt: '2026-11-26T16:02:06.000Z',
    endedAt: '2026-11-26T16:09:40.000Z',
    page: { origin: 'https://lessons.example.org', title: 'Lesson with Jane Smith' },
    metrics: { worstLossPct: 12, worstRttMs: 480.4, minIncomingKbps: 0, minOutgoingKbps: 850 },
    ...overrides,
  });
}
