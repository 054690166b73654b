import type { Incident } from '@/lib/shared/incident';

const DAY_MS = 86_400_000;

/** The name of the daily alarm that purges old incidents (design.md §10). */
export const RETENTION_ALARM = 'retention-purge';

/** The moment before which ended incidents are purged: `retentionDays` whole days before `now`. */
export function retentionCutoff(now: number, retentionDays: number): number {
  return now - retentionDays * DAY_MS;
}

/**
 * Whether an incident is past keeping: it ended, and it started before the cutoff. An incident
 * still open is never purged, however old, because the tutor may still be reporting it.
 */
export function isPastRetention(
  incident: Pick<Incident, 'startedAt' | 'endedAt'>,
  now: number,
  retentionDays: number,
): boolean {
  if (incident.endedAt === null) return false;
  return Date.parse(incident.startedAt) < retentionCutoff(now, retentionDays);
}
