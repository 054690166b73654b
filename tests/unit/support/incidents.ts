import type { Incident } from '@/lib/incident';

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
