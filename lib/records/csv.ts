import type { Incident } from '@/lib/shared/incident';

/**
 * One CSV field as RFC 4180 wants it: quoted when it holds a comma, a double quote, a line break
 * or surrounding spaces, with inner quotes doubled. Text that a spreadsheet would run as a formula
 * (it starts with `=`, `+`, `-`, `@`, tab or carriage return) gets a leading `'`, because page
 * titles come from web pages and must not become live formulas (OWASP "CSV injection").
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows to CSV text with CRLF line ends (RFC 4180), ending in a line break. */
export function toCsv(
  rows: readonly (readonly (string | number | boolean | null | undefined)[])[],
): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The CSV export's columns, in order; one row per incident. */
export const INCIDENT_CSV_COLUMNS = [
  'id',
  'kind',
  'severity',
  'side',
  'cause',
  'startedAt',
  'detectedAt',
  'endedAt',
  'durationSeconds',
  'dismissed',
  'origin',
  'title',
  'worstLossPct',
  'worstRttMs',
  'worstJitterMs',
  'minOutgoingKbps',
  'minIncomingKbps',
  'lowestMos',
  'steps',
  'outcome',
  'outcomeAt',
  'replacementAt',
  'outcomeNote',
  'lessonRef',
  // Added after the first release, so at the end: columns read by position keep their place.
  'downSeconds',
  'reconnectAttempts',
] as const;

/**
 * The incidents as a CSV spreadsheet (design.md §7 "Also offer CSV export"). Times stay ISO 8601
 * so spreadsheets sort them; steps are one cell, `id@time:result` joined by `; `.
 */
export function incidentsToCsv(incidents: readonly Incident[]): string {
  const rows = incidents.map((i) => [
    i.id,
    i.kind,
    i.severity,
    i.side,
    i.cause,
    i.startedAt,
    i.detectedAt,
    i.endedAt,
    i.endedAt === null
      ? null
      : Math.max(0, Math.round((Date.parse(i.endedAt) - Date.parse(i.startedAt)) / 1000)),
    i.dismissed,
    i.page.origin,
    i.page.title,
    i.metrics.worstLossPct,
    i.metrics.worstRttMs,
    i.metrics.worstJitterMs,
    i.metrics.minOutgoingKbps,
    i.metrics.minIncomingKbps,
    i.metrics.lowestMos,
    i.steps.map((s) => `${s.id}@${s.at}:${s.result}`).join('; '),
    i.outcome?.type,
    i.outcome?.at,
    i.outcome?.replacementAt,
    i.outcome?.note,
    i.lessonRef,
    i.metrics.downSeconds,
    i.metrics.reconnectAttempts,
  ]);
  return toCsv([[...INCIDENT_CSV_COLUMNS], ...rows]);
}
