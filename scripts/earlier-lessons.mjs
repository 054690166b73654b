// A term of earlier lessons as a version 1 export file (design §7), for the store's picture of the
// incidents page: one incident alone showed a tutor nothing of what the page is for. The file is
// imported through the page's own Import button, as a tutor moving computers would.

const DAY = 86_400_000;
const MINUTE = 60_000;

/**
 * What went wrong in a tutor's last five weeks: kinds, sides and outcomes as the seed policies
 * describe them (phone for sound, typing, a replacement session, abandoned and reported).
 */
const TERM = [
  {
    daysAgo: 33,
    kind: 'no-sound',
    severity: 'failure',
    side: 'remote',
    cause: 'their-audio-stopped',
    minutes: 4,
    outcome: 'phone',
  },
  {
    daysAgo: 29,
    kind: 'bandwidth-pressure',
    severity: 'warning',
    side: 'local',
    cause: 'outgoing-bandwidth-limited',
    minutes: 6,
    outcome: 'continued',
    metrics: { minOutgoingKbps: 210, worstRttMs: 340 },
  },
  {
    daysAgo: 26,
    kind: 'failed-connection',
    severity: 'failure',
    side: 'remote',
    cause: 'far-end-closed',
    minutes: 12,
    outcome: 'rescheduled',
  },
  {
    daysAgo: 22,
    kind: 'whiteboard-disconnected',
    severity: 'failure',
    side: 'unknown',
    cause: 'whiteboard-connection-lost',
    minutes: 2,
    outcome: 'continued',
    metrics: { downSeconds: 95, reconnectAttempts: 4 },
  },
  {
    daysAgo: 19,
    kind: 'unstable-connection',
    severity: 'warning',
    side: 'local',
    cause: 'packet-loss',
    minutes: 3,
    outcome: 'continued',
    metrics: { worstLossPct: 9, worstJitterMs: 48 },
  },
  {
    daysAgo: 15,
    kind: 'no-video',
    severity: 'failure',
    side: 'local',
    cause: 'computer-overloaded',
    minutes: 5,
    outcome: 'continued',
  },
  {
    daysAgo: 12,
    kind: 'failed-connection',
    severity: 'failure',
    side: 'local',
    cause: 'browser-offline',
    minutes: 25,
    outcome: 'abandoned',
  },
  {
    daysAgo: 8,
    kind: 'no-sound',
    severity: 'failure',
    side: 'local',
    cause: 'microphone-ended',
    minutes: 1,
    outcome: 'typing',
  },
  {
    daysAgo: 5,
    kind: 'no-video',
    severity: 'failure',
    side: 'remote',
    cause: 'their-video-frozen',
    minutes: 2,
    outcome: 'continued',
  },
];

/** The export file, dated back from `now`, every lesson at a quarter past four. */
export function earlierLessons(now = new Date()) {
  const incidents = TERM.map((t, i) => {
    const day = new Date(now.getTime() - t.daysAgo * DAY);
    day.setHours(16, 15, 0, 0);
    const at = (minutes) => new Date(day.getTime() + minutes * MINUTE).toISOString();
    const outcome = { type: t.outcome, at: at(t.minutes) };
    if (t.outcome === 'rescheduled') {
      outcome.replacementAt = new Date(day.getTime() + 2 * DAY).toISOString();
    }
    return {
      id: `earlier-${i + 1}`,
      kind: t.kind,
      severity: t.severity,
      side: t.side,
      cause: t.cause,
      startedAt: at(0),
      detectedAt: new Date(day.getTime() + 3000).toISOString(),
      endedAt: at(t.minutes),
      dismissed: false,
      page: { origin: 'https://meet.example', title: 'Maths with AB' },
      metrics: t.metrics ?? {},
      steps: [],
      outcome,
      lessonRef: 'AB',
    };
  });
  return {
    format: 'lifeline.incidents',
    version: 1,
    exportedAt: now.toISOString(),
    incidents,
  };
}
