import { describe, expect, it } from 'vitest';
import {
  applyIncidentChange,
  compactIncidentChanges,
  withUnsavedChanges,
} from '@/lib/health/incident-change';
import type { IncidentChange } from '@/lib/health/tab-health';
import { failedConnection } from '../support/incidents';

const open = failedConnection({ endedAt: null, severity: 'warning', metrics: { worstRttMs: 100 } });

describe('applying an incident change', () => {
  it.each<[string, Exclude<IncidentChange, { type: 'open' }>, object]>([
    [
      'an update patches the fields it names',
      { type: 'update', id: 'inc-1', patch: { severity: 'failure' } },
      { severity: 'failure' },
    ],
    [
      'an observation keeps the worst figures',
      { type: 'observe', id: 'inc-1', metrics: { worstRttMs: 90, worstLossPct: 4 } },
      { metrics: { worstRttMs: 100, worstLossPct: 4 } },
    ],
    [
      'a close sets the end',
      { type: 'close', id: 'inc-1', endedAt: '2026-11-26T16:05:00.000Z' },
      { endedAt: '2026-11-26T16:05:00.000Z' },
    ],
  ])('%s', (_what, change, expected) => {
    expect(applyIncidentChange(open, change)).toEqual({ ...open, ...expected });
  });

  it('keeps what the health engine does not own, such as a stored record’s version', () => {
    const stored = {
      ...open,
      schemaVersion: 1 as const,
      steps: [{ id: 's', at: open.startedAt, result: 'done' as const }],
    };
    const next = applyIncidentChange(stored, {
      type: 'update',
      id: 'inc-1',
      patch: { side: 'remote' },
    });
    expect(next).toMatchObject({ schemaVersion: 1, steps: stored.steps, side: 'remote' });
  });
});

describe('an incident with changes not saved yet', () => {
  it('is the opened incident with every later change, in order', () => {
    const unsaved: IncidentChange[] = [
      { type: 'open', incident: open },
      { type: 'update', id: 'inc-1', patch: { severity: 'failure' } },
      { type: 'open', incident: failedConnection({ id: 'other' }) },
      { type: 'close', id: 'inc-1', endedAt: '2026-11-26T16:05:00.000Z' },
    ];
    expect(withUnsavedChanges('inc-1', undefined, unsaved)).toEqual({
      ...open,
      severity: 'failure',
      endedAt: '2026-11-26T16:05:00.000Z',
    });
  });

  it('is the stored incident with the changes made to it since', () => {
    const unsaved: IncidentChange[] = [{ type: 'update', id: 'inc-1', patch: { side: 'remote' } }];
    expect(withUnsavedChanges('inc-1', open, unsaved)).toEqual({ ...open, side: 'remote' });
  });

  it('is the stored incident when nothing waits, and nothing when there is neither', () => {
    expect(withUnsavedChanges('inc-1', open, [])).toBe(open);
    expect(
      withUnsavedChanges('gone', undefined, [
        { type: 'close', id: 'gone', endedAt: open.startedAt },
      ]),
    ).toBeUndefined();
  });
});

describe('compacting the changes kept while nothing can be saved', () => {
  const observe = (id: string, worstRttMs: number): IncidentChange => ({
    type: 'observe',
    id,
    metrics: { worstRttMs },
  });

  it('folds an hour of observations into one per incident, keeping the worst', () => {
    const changes: IncidentChange[] = [{ type: 'open', incident: open }];
    for (let s = 0; s < 3600; s++) changes.push(observe('inc-1', s === 1234 ? 900 : 100));
    const compact = compactIncidentChanges(changes);
    expect(compact).toEqual([{ type: 'open', incident: open }, observe('inc-1', 900)]);
  });

  it('shows every incident as the full list would', () => {
    const second = { ...open, id: 'inc-2' };
    const changes: IncidentChange[] = [
      { type: 'open', incident: open },
      observe('inc-1', 300),
      { type: 'open', incident: second },
      observe('inc-2', 50),
      { type: 'update', id: 'inc-1', patch: { severity: 'failure' } },
      observe('inc-1', 200),
      { type: 'close', id: 'inc-1', endedAt: '2026-11-26T16:05:00.000Z' },
      observe('inc-2', 70),
    ];
    const compact = compactIncidentChanges(changes);
    expect(compact).toHaveLength(6);
    for (const id of ['inc-1', 'inc-2']) {
      expect(withUnsavedChanges(id, undefined, compact)).toEqual(
        withUnsavedChanges(id, undefined, changes),
      );
    }
  });
});
