import type { HeadsUp } from './heads-up';

/** Only heads-ups this close before an incident can have anything to do with it. */
const RELEVANT_MS = 60 * 60_000;

/**
 * The heads-ups before an incident, as its email cites them, oldest first:
 * "12 min before: battery 8 %, discharging, about 9 min left" ("just before" under a minute).
 */
export function headsUpsBefore(headsUps: readonly HeadsUp[], incidentStartedAt: number): string[] {
  return headsUps
    .filter((h) => h.at <= incidentStartedAt && incidentStartedAt - h.at < RELEVANT_MS)
    .sort((a, b) => a.at - b.at)
    .map((h) => {
      const minutes = Math.floor((incidentStartedAt - h.at) / 60_000);
      return `${minutes < 1 ? 'just before' : `${minutes} min before`}: ${h.detail}`;
    });
}
