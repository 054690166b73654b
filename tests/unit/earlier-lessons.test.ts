import { describe, expect, it } from 'vitest';
import { incidentExportSchema } from '@/lib/records/export-format';
import { CAUSE_NAMES } from '@/lib/shared/plain-words';
// @ts-expect-error -- a plain script with no types of its own
import { earlierLessons } from '../../scripts/earlier-lessons.mjs';

// The store's picture of the incidents page imports this file through the page (docs/store-listing.md).
describe('the earlier lessons of the store picture', () => {
  const now = new Date('2026-12-04T12:00:00Z');
  const file = incidentExportSchema.parse(earlierLessons(now));

  it('is a version 1 export whose incidents all ended before it was written', () => {
    expect(file.incidents.length).toBeGreaterThan(5);
    for (const incident of file.incidents) {
      expect(Date.parse(incident.endedAt!)).toBeLessThan(now.getTime());
      expect(Date.parse(incident.startedAt)).toBeLessThan(Date.parse(incident.endedAt!));
    }
  });

  it('names only causes Lifeline puts in words, over several weeks', () => {
    for (const incident of file.incidents) expect(CAUSE_NAMES).toContain(incident.cause);
    const weeks = new Set(file.incidents.map((i) => Math.floor(Date.parse(i.startedAt) / 6.048e8)));
    expect(weeks.size).toBeGreaterThanOrEqual(4);
  });
});
