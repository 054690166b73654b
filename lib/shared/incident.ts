import { z } from 'zod';

import { HEADS_UP_KINDS, INCIDENT_KINDS, READINESS_IDS, SEVERITIES, SIDES } from './incident-kinds';

export { INCIDENT_KINDS };
export const incidentKindSchema = z.enum(INCIDENT_KINDS);
export type IncidentKind = z.infer<typeof incidentKindSchema>;

export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

export const sideSchema = z.enum(SIDES);
export type Side = z.infer<typeof sideSchema>;

const isoTime = z.iso.datetime({ offset: true });

export const incidentMetricsSchema = z.object({
  worstLossPct: z.number().min(0).max(100).optional(),
  worstRttMs: z.number().min(0).optional(),
  worstJitterMs: z.number().min(0).optional(),
  minOutgoingKbps: z.number().min(0).optional(),
  minIncomingKbps: z.number().min(0).optional(),
  lowestMos: z.number().min(1).max(5).optional(),
});
export type IncidentMetrics = z.infer<typeof incidentMetricsSchema>;

export const stepRecordSchema = z.object({
  id: z.string().min(1).max(64),
  at: isoTime,
  result: z.enum(['done', 'skipped']),
  /**
   * The step's title when it was taken, so the record keeps its words after the playbook
   * changes. Optional: records from before playbooks could be edited have none.
   */
  title: z.string().min(1).max(120).optional(),
});
export type StepRecord = z.infer<typeof stepRecordSchema>;

/** One line of a readiness check (lib/prepare/readiness.ts), always words beside its colour. */
export const readinessItemSchema = z.object({
  id: z.enum(READINESS_IDS),
  level: z.enum(['green', 'amber', 'red']),
  words: z.string().max(200),
  fix: z.string().max(300),
});
export type ReadinessItemRecord = z.infer<typeof readinessItemSchema>;

/**
 * What was known before the incident (issue 14): the heads-ups of the hour before it and the
 * lesson's readiness check. Optional and additive: export format version 1 readers ignore it.
 */
export const incidentBeforeSchema = z.object({
  headsUps: z
    .array(
      z.object({
        at: isoTime,
        kind: z.enum(HEADS_UP_KINDS),
        detail: z.string().max(200),
      }),
    )
    .max(20)
    .optional(),
  readiness: z.object({ at: isoTime, items: z.array(readinessItemSchema).max(12) }).optional(),
});
export type IncidentBefore = z.infer<typeof incidentBeforeSchema>;

export const outcomeSchema = z.object({
  type: z.enum(['continued', 'phone', 'typing', 'rescheduled', 'abandoned']),
  at: isoTime,
  replacementAt: isoTime.optional(),
  note: z.string().max(2000).optional(),
});
export type Outcome = z.infer<typeof outcomeSchema>;

/**
 * One incident, in exactly the shape of design.md §7's export format. Stored records add
 * `schemaVersion` (design.md §10) so a later version can upgrade them in order.
 */
export const incidentSchema = z.object({
  id: z.string().min(1).max(64),
  kind: incidentKindSchema,
  severity: severitySchema,
  side: sideSchema,
  cause: z.string().max(200),
  startedAt: isoTime,
  detectedAt: isoTime,
  endedAt: isoTime.nullable(),
  dismissed: z.boolean(),
  page: z.object({ origin: z.string().max(300), title: z.string().max(300) }),
  metrics: incidentMetricsSchema,
  steps: z.array(stepRecordSchema).max(200),
  outcome: outcomeSchema.nullable(),
  lessonRef: z.string().max(40).optional(),
  before: incidentBeforeSchema.optional(),
  /**
   * In a group call, how many of the remote participants it touched ("1 of 3 participants").
   * Optional and additive: export format version 1 readers ignore it.
   */
  participants: z
    .object({ affected: z.number().int().min(1).max(1000), of: z.number().int().min(1).max(1000) })
    .refine((p) => p.affected <= p.of, 'affects more participants than the call has')
    .optional(),
});
export type Incident = z.infer<typeof incidentSchema>;

export const INCIDENT_SCHEMA_VERSION = 1;
export const storedIncidentSchema = incidentSchema.extend({
  schemaVersion: z.literal(INCIDENT_SCHEMA_VERSION),
});
export type StoredIncident = z.infer<typeof storedIncidentSchema>;
