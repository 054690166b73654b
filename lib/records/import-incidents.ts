import { z } from 'zod';
import { EXPORT_FORMAT, EXPORT_VERSION } from './export-format';
import { incidentSchema, type Incident, type StepRecord } from '@/lib/shared/incident';
import { mergeWorstMetrics } from '@/lib/health/incident-metrics';

/** Largest import file read at all: 10,000 incidents export to about 8 MB. */
export const MAX_IMPORT_CHARS = 50_000_000;

/** One record the import refused, with where it was in the file and every reason. */
export interface RejectedRecord {
  /** Zero-based position in the file's `incidents` array. */
  index: number;
  /** The record's `id`, when it had a readable one. */
  id?: string;
  reasons: string[];
}

/** An import file read: its valid incidents and refused records, or why the whole file was refused. */
export type ParsedImport =
  | { ok: true; incidents: Incident[]; rejected: RejectedRecord[] }
  /** The file as a whole is unusable; nothing in it is imported. */
  | { ok: false; error: string };

// The envelope is checked first and the records one by one, so one bad record costs only itself.
const NOT_AN_EXPORT = `This is not a Lifeline export ("format" must be "${EXPORT_FORMAT}").`;
const envelopeSchema = z.object(
  {
    format: z.literal(EXPORT_FORMAT, { error: NOT_AN_EXPORT }),
    version: z.number({ error: 'The file has no version number.' }),
    incidents: z.array(z.unknown(), { error: 'The file has no list of incidents.' }),
  },
  { error: NOT_AN_EXPORT },
);

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.join('.') : 'record';
  return `${where}: ${issue.message}`;
}

/**
 * Reads an export file's text (design.md §7) into the incidents it holds and the records it
 * rejects, each with its reasons. A record whose `id` already appeared earlier in the same file
 * is rejected, so the file cannot contradict itself.
 *
 * @example parseIncidentImport(await file.text())
 */
export function parseIncidentImport(text: string): ParsedImport {
  if (text.length > MAX_IMPORT_CHARS) {
    return { ok: false, error: 'The file is too large to be a Lifeline export.' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'The file is not valid JSON.' };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    return { ok: false, error: envelope.error.issues[0]?.message ?? 'Not a Lifeline export.' };
  }
  if (envelope.data.version !== EXPORT_VERSION) {
    return {
      ok: false,
      error: `The file is export version ${envelope.data.version}; this Lifeline reads version ${EXPORT_VERSION}.`,
    };
  }

  const incidents: Incident[] = [];
  const rejected: RejectedRecord[] = [];
  const seen = new Set<string>();
  envelope.data.incidents.forEach((raw, index) => {
    const rawId = (raw as { id?: unknown } | null)?.id;
    const id = typeof rawId === 'string' && rawId.length > 0 ? rawId.slice(0, 64) : undefined;
    const parsed = incidentSchema.safeParse(raw);
    if (!parsed.success) {
      rejected.push({ index, id, reasons: parsed.error.issues.map(describeIssue) });
    } else if (seen.has(parsed.data.id)) {
      rejected.push({ index, id, reasons: ['id: appears earlier in the same file'] });
    } else {
      seen.add(parsed.data.id);
      incidents.push(parsed.data);
    }
  });
  return { ok: true, incidents, rejected };
}

/**
 * Combines the stored and the imported version of the same incident without losing anything
 * either knows. What the detector decided (kind, side, severity, cause, times) stays as stored;
 * facts added afterwards are united: steps from both, the outcome, end time and lesson reference
 * stored if set else imported, the worst figures of both, and dismissed if either says so.
 */
export function mergeIncident(stored: Incident, imported: Incident): Incident {
  const steps = new Map<string, StepRecord>();
  for (const step of [...stored.steps, ...imported.steps]) {
    steps.set(`${step.id}|${step.at}`, steps.get(`${step.id}|${step.at}`) ?? step);
  }
  const merged: Incident = {
    ...stored,
    endedAt: stored.endedAt ?? imported.endedAt,
    dismissed: stored.dismissed || imported.dismissed,
    metrics: mergeWorstMetrics(stored.metrics, imported.metrics),
    steps: [...steps.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).slice(0, 200),
    outcome: stored.outcome ?? imported.outcome,
  };
  const lessonRef = stored.lessonRef ?? imported.lessonRef;
  if (lessonRef !== undefined) merged.lessonRef = lessonRef;
  return merged;
}

/** What an import did, for the tutor to read. */
export interface ImportSummary {
  added: number;
  /** Already stored and enriched by the file. */
  merged: number;
  /** Already stored with nothing new in the file. */
  unchanged: number;
  rejected: RejectedRecord[];
}

/**
 * Decides, for each imported incident, what to write: a new record, a merged one, or nothing.
 * Stored incidents are never removed or replaced wholesale (design.md §7).
 *
 * @param stored the stored version of each imported id that exists, by id
 */
export function planImport(
  stored: ReadonlyMap<string, Incident>,
  imported: readonly Incident[],
): { writes: Incident[]; added: number; merged: number; unchanged: number } {
  const writes: Incident[] = [];
  let added = 0;
  let merged = 0;
  let unchanged = 0;
  for (const incident of imported) {
    const current = stored.get(incident.id);
    if (!current) {
      writes.push(incident);
      added++;
      continue;
    }
    const next = mergeIncident(current, incident);
    if (sameRecord(next, current)) {
      unchanged++;
    } else {
      writes.push(next);
      merged++;
    }
  }
  return { writes, added, merged, unchanged };
}

function sameRecord(a: Incident, b: Incident): boolean {
  return stableJson(a) === stableJson(b);
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1)))
      : v,
  );
}
