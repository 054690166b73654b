import { describe, expect, it } from 'vitest';
import {
  buildIncidentExport,
  exportFileName,
  incidentExportSchema,
} from '@/lib/records/export-format';
import { mergeIncident, parseIncidentImport, planImport } from '@/lib/records/import-incidents';
import type { Incident } from '@/lib/shared/incident';
import { anIncident } from '../support/incidents';

const NOW = new Date('2026-11-21T10:00:00.000Z');

describe('export format version 1', () => {
  it('wraps the incidents in the design §7 envelope', () => {
    const file = buildIncidentExport([anIncident()], NOW);
    expect(file).toEqual({
      format: 'lifeline.incidents',
      version: 1,
      exportedAt: '2026-11-21T10:00:00.000Z',
      incidents: [anIncident()],
    });
    expect(incidentExportSchema.safeParse(JSON.parse(JSON.stringify(file))).success).toBe(true);
  });

  it('leaves out fields that are not part of the format, such as the stored schemaVersion', () => {
    const stored = { ...anIncident(), schemaVersion: 1 } as Incident;
    const [exported] = buildIncidentExport([stored], NOW).incidents;
    expect(exported).not.toHaveProperty('schemaVersion');
  });

  it('keeps every optional field the format allows', () => {
    const full = anIncident({
      metrics: {
        worstLossPct: 1,
        worstRttMs: 2,
        worstJitterMs: 3,
        minOutgoingKbps: 4,
        minIncomingKbps: 5,
        lowestMos: 2.1,
      },
      steps: [{ id: 'quick-fixes', at: '2026-11-19T14:06:00.000Z', result: 'done' }],
      outcome: {
        type: 'rescheduled',
        at: '2026-11-19T14:10:00.000Z',
        replacementAt: '2026-11-24T16:00:00.000Z',
        note: 'Tuesday instead',
      },
      lessonRef: 'JS',
    });
    expect(buildIncidentExport([full], NOW).incidents[0]).toEqual(full);
  });

  it('names the download by the local date', () => {
    expect(exportFileName(new Date(2026, 0, 5, 9), 'json')).toBe(
      'lifeline-incidents-2026-01-05.json',
    );
    expect(exportFileName(new Date(2026, 10, 21), 'csv')).toBe('lifeline-incidents-2026-11-21.csv');
  });
});

describe('import', () => {
  const file = (incidents: unknown[], extra: object = {}) =>
    JSON.stringify({
      format: 'lifeline.incidents',
      version: 1,
      exportedAt: NOW.toISOString(),
      incidents,
      ...extra,
    });

  it('reads back exactly what the export wrote', () => {
    const incidents = [anIncident(), anIncident({ id: 'inc-2', endedAt: null, side: 'remote' })];
    const parsed = parseIncidentImport(JSON.stringify(buildIncidentExport(incidents, NOW)));
    expect(parsed).toEqual({ ok: true, incidents, rejected: [] });
  });

  it.each([
    ['not JSON', '{"format": ', 'The file is not valid JSON.'],
    [
      'another format',
      JSON.stringify({ format: 'other', version: 1, incidents: [] }),
      'This is not a Lifeline export',
    ],
    [
      'a later version',
      JSON.stringify({ format: 'lifeline.incidents', version: 2, incidents: [] }),
      'export version 2',
    ],
    [
      'no incident list',
      JSON.stringify({ format: 'lifeline.incidents', version: 1 }),
      'no list of incidents',
    ],
    ['a bare array', '[]', 'This is not a Lifeline export'],
  ])('refuses %s as a whole', (_what, text, message) => {
    const parsed = parseIncidentImport(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(message);
  });

  it('rejects each bad record with its position, id and reasons, and keeps the good ones', () => {
    const parsed = parseIncidentImport(
      file([
        anIncident({ id: 'good-1' }),
        { ...anIncident({ id: 'bad-kind' }), kind: 'toaster-fire' },
        { ...anIncident({ id: 'bad-times' }), startedAt: 'yesterday', endedAt: 5 },
        'not an object',
        anIncident({ id: 'good-2' }),
      ]),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.incidents.map((i) => i.id)).toEqual(['good-1', 'good-2']);
    expect(parsed.rejected).toHaveLength(3);
    expect(parsed.rejected[0]).toMatchObject({ index: 1, id: 'bad-kind' });
    expect(parsed.rejected[0]!.reasons[0]).toMatch(/^kind: /);
    expect(parsed.rejected[1]).toMatchObject({ index: 2, id: 'bad-times' });
    expect(parsed.rejected[1]!.reasons.map((r) => r.split(':')[0])).toEqual([
      'startedAt',
      'endedAt',
    ]);
    expect(parsed.rejected[2]).toEqual({
      index: 3,
      id: undefined,
      reasons: [expect.stringMatching(/^record: /)],
    });
  });

  it('rejects a second record with an id already seen in the file', () => {
    const parsed = parseIncidentImport(file([anIncident(), anIncident({ side: 'remote' })]));
    expect(parsed.ok && parsed.rejected).toEqual([
      { index: 1, id: 'inc-1', reasons: ['id: appears earlier in the same file'] },
    ]);
  });

  it('ignores fields it does not know rather than rejecting the record', () => {
    const parsed = parseIncidentImport(file([{ ...anIncident(), extra: 'x' }], { note: 'y' }));
    expect(parsed.ok && parsed.incidents).toEqual([anIncident()]);
  });
});

describe('merging an import into what is stored', () => {
  const stored = anIncident({
    steps: [{ id: 'quick-fixes', at: '2026-11-19T14:06:00.000Z', result: 'done' }],
    metrics: { worstLossPct: 12.5, worstRttMs: 640 },
  });

  it('adds new ids, leaves identical ones alone and merges changed ones', () => {
    const incoming = [
      anIncident({ id: 'new' }),
      stored,
      {
        ...stored,
        id: 'known-2',
        outcome: { type: 'phone' as const, at: '2026-11-19T14:08:00.000Z' },
      },
    ];
    const known = new Map<string, Incident>([
      [stored.id, stored],
      ['known-2', { ...stored, id: 'known-2' }],
    ]);
    const plan = planImport(known, incoming);
    expect(plan).toMatchObject({ added: 1, merged: 1, unchanged: 1 });
    expect(plan.writes.map((i) => i.id)).toEqual(['new', 'known-2']);
    expect(plan.writes[1]!.outcome?.type).toBe('phone');
  });

  it('treats the same record with keys in another order as unchanged', () => {
    const reordered = Object.fromEntries(Object.entries(stored).reverse()) as Incident;
    reordered.page = { title: stored.page.title, origin: stored.page.origin };
    expect(planImport(new Map([[stored.id, stored]]), [reordered]).unchanged).toBe(1);
  });

  it('keeps what the detector decided and unites what was added later', () => {
    const imported = anIncident({
      side: 'remote',
      cause: 'media-stopped',
      dismissed: true,
      metrics: { worstLossPct: 30, minIncomingKbps: 40 },
      steps: [
        { id: 'quick-fixes', at: '2026-11-19T14:06:00.000Z', result: 'done' },
        { id: 'phone', at: '2026-11-19T14:05:30.000Z', result: 'skipped' },
      ],
      lessonRef: 'AB',
    });
    expect(mergeIncident(stored, imported)).toEqual({
      ...stored,
      dismissed: true,
      metrics: { worstLossPct: 30, worstRttMs: 640, minIncomingKbps: 40 },
      steps: [
        { id: 'phone', at: '2026-11-19T14:05:30.000Z', result: 'skipped' },
        { id: 'quick-fixes', at: '2026-11-19T14:06:00.000Z', result: 'done' },
      ],
      lessonRef: 'AB',
    });
  });

  it('keeps the stored outcome and end time over the imported ones', () => {
    const mine = anIncident({ outcome: { type: 'typing', at: '2026-11-19T14:09:00.000Z' } });
    const theirs = anIncident({
      endedAt: '2026-11-19T15:00:00.000Z',
      outcome: { type: 'abandoned', at: '2026-11-19T14:20:00.000Z' },
    });
    const merged = mergeIncident(mine, theirs);
    expect(merged.outcome?.type).toBe('typing');
    expect(merged.endedAt).toBe(mine.endedAt);
  });

  it('takes the imported end time for an incident still open here', () => {
    const open = anIncident({ endedAt: null });
    expect(mergeIncident(open, anIncident()).endedAt).toBe('2026-11-19T14:07:00.000Z');
  });
});
