import { z } from 'zod';
import { incidentSchema, type Incident } from '@/lib/shared/incident';

/** The `format` tag of every Lifeline export file (design.md §7). */
export const EXPORT_FORMAT = 'lifeline.incidents';
/** The only export version there is; importers reject any other (design.md §7). */
export const EXPORT_VERSION = 1;

/**
 * The whole export file, version 1, exactly as design.md §7 draws it. `incidentSchema` is already
 * the §7 incident shape; zod's default stripping drops anything else a record carries (such as
 * the stored `schemaVersion`), so an export never leaks internal fields.
 */
export const incidentExportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: z.iso.datetime({ offset: true }),
  incidents: z.array(incidentSchema),
});
/** A version 1 export file. */
export type IncidentExport = z.infer<typeof incidentExportSchema>;

/**
 * Builds the version 1 export of `incidents`, as of `now`.
 *
 * @example JSON.stringify(buildIncidentExport(list, new Date()), null, 2)
 */
export function buildIncidentExport(incidents: readonly Incident[], now: Date): IncidentExport {
  return incidentExportSchema.parse({
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    incidents,
  });
}

/** `lifeline-incidents-2026-11-21.json`: the file name a download gets, dated in local time. */
export function exportFileName(now: Date, extension: 'json' | 'csv'): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  return `lifeline-incidents-${day}.${extension}`;
}
