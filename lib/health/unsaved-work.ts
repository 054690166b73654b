import { z } from 'zod';
import { incidentMetricsSchema, incidentSchema } from '@/lib/shared/incident';
import { tabHealthSchema, type IncidentChange, type TabHealth } from './tab-health';

/**
 * What the health service could not save while the storage was full: the incident changes, oldest
 * first, and the state of each tab whose commit was refused (`null`: the tab was forgotten but its
 * record could not be deleted). The background keeps a copy in the browser's session storage, so
 * a stopped service worker picks it up again instead of losing it, and does not open a second
 * incident for a fault whose first one was never saved.
 */
export interface UnsavedWork {
  schemaVersion: 1;
  changes: IncidentChange[];
  tabs: Record<string, TabHealth | null>;
}

const incidentChangeSchema: z.ZodType<IncidentChange> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('open'), incident: incidentSchema }),
  z.object({
    type: z.literal('update'),
    id: z.string(),
    patch: incidentSchema
      .pick({ severity: true, cause: true, side: true, dismissed: true, endedAt: true })
      .partial(),
  }),
  z.object({ type: z.literal('observe'), id: z.string(), metrics: incidentMetricsSchema }),
  z.object({ type: z.literal('close'), id: z.string(), endedAt: z.string() }),
]);

export const unsavedWorkSchema: z.ZodType<UnsavedWork> = z.object({
  schemaVersion: z.literal(1),
  changes: z.array(incidentChangeSchema),
  tabs: z.record(z.string().regex(/^\d+$/), tabHealthSchema.nullable()),
});

export const NO_UNSAVED_WORK: UnsavedWork = { schemaVersion: 1, changes: [], tabs: {} };

/**
 * The copy read back after a restart. Nothing kept is an empty list; a copy that does not
 * validate (written by another version, or damaged) cannot be applied safely and is reported.
 */
export function readUnsavedWork(raw: unknown): { work: UnsavedWork; problem?: string } {
  if (raw === undefined || raw === null) return { work: NO_UNSAVED_WORK };
  const parsed = unsavedWorkSchema.safeParse(raw);
  if (parsed.success) return { work: parsed.data };
  return {
    work: NO_UNSAVED_WORK,
    problem: `changes kept while the storage was full could not be read back: ${parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`)
      .slice(0, 3)
      .join('; ')}`,
  };
}
