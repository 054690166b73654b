import type { Incident } from '@/lib/incident';

/** A failed connection on the tutor's side, Thursday 26 November 2026 16:02:05 London time. */
export function failedConnection(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1',
    kind: 'failed-connection',
    severity: 'failure',
    side: 'local',
    cause: 'browser-offline',
    startedAt: '2026-11-26T16:02:05.000Z',
    detectedAt: '2026-11-26T16:02:06.000Z',
    endedAt: '2026-11-26T16:09:40.000Z',
    dismissed: false,
    page: { origin: 'https://lessons.example.org', title: 'Lesson with Jane Smith' },
    metrics: { worstLossPct: 12, worstRttMs: 480.4, minIncomingKbps: 0, minOutgoingKbps: 850 },
    steps: [],
    outcome: null,
    ...overrides,
  };
}
