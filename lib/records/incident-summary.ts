import { INCIDENT_KINDS, type Incident, type IncidentKind, type Side } from '@/lib/shared/incident';

/** One week of the summary, starting Monday 00:00 local time. */
export interface WeekSummary {
  /** Local midnight of the week's Monday, ms since the epoch. */
  weekStart: number;
  incidents: number;
  minutesLost: number;
}

/** The counts behind the incidents page's charts (`summariseIncidents`). */
export interface IncidentSummary {
  total: number;
  /** Minutes between start and end of incidents not dismissed; open ones count up to `now`. */
  minutesLost: number;
  bySide: Record<Side, number>;
  byKind: Record<IncidentKind, number>;
  /** Every week from the first incident's to the last's, empty weeks included, oldest first. */
  weeks: WeekSummary[];
}

const WEEK_MS = 7 * 86_400_000;

/** Local midnight of the Monday of the week holding `ms`. */
export function weekStartOf(ms: number): number {
  const d = new Date(ms);
  const sinceMonday = (d.getDay() + 6) % 7;
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() - sinceMonday).getTime();
}

/**
 * Counts for the incidents page's charts, in one pass over the list (10,000 incidents must render
 * within 300 ms, design.md §9). A dismissed incident (camera off on purpose) counts as an
 * incident but loses no minutes.
 */
export function summariseIncidents(incidents: readonly Incident[], now: number): IncidentSummary {
  const bySide: Record<Side, number> = { local: 0, remote: 0, unknown: 0 };
  const byKind = Object.fromEntries(INCIDENT_KINDS.map((k) => [k, 0])) as Record<
    IncidentKind,
    number
  >;
  const weeks = new Map<number, WeekSummary>();
  let minutesLost = 0;

  for (const incident of incidents) {
    bySide[incident.side]++;
    byKind[incident.kind]++;
    const started = Date.parse(incident.startedAt);
    const ended = incident.endedAt === null ? now : Date.parse(incident.endedAt);
    const minutes = incident.dismissed ? 0 : Math.max(0, ended - started) / 60_000;
    minutesLost += minutes;
    const weekStart = weekStartOf(started);
    const week = weeks.get(weekStart);
    if (week) {
      week.incidents++;
      week.minutesLost += minutes;
    } else {
      weeks.set(weekStart, { weekStart, incidents: 1, minutesLost: minutes });
    }
  }

  return { total: incidents.length, minutesLost, bySide, byKind, weeks: fillWeeks(weeks) };
}

function fillWeeks(weeks: Map<number, WeekSummary>): WeekSummary[] {
  if (weeks.size === 0) return [];
  const starts = [...weeks.keys()];
  const last = Math.max(...starts);
  const filled: WeekSummary[] = [];
  // Step by calendar days, not fixed milliseconds, so summer-time changes keep weeks on Mondays.
  for (
    let start = Math.min(...starts);
    start <= last;
    start = weekStartOf(start + WEEK_MS + 3_600_000 * 12)
  ) {
    filled.push(weeks.get(start) ?? { weekStart: start, incidents: 0, minutesLost: 0 });
  }
  return filled;
}
