import { describe, expect, it } from 'vitest';
import { newTabHealth } from '@/lib/health/tab-health';
import { NO_UNSAVED_WORK, readUnsavedWork, type UnsavedWork } from '@/lib/health/unsaved-work';
import { anIncident } from '../support/incidents';

const work: UnsavedWork = {
  schemaVersion: 1,
  changes: [
    { type: 'open', incident: anIncident({ id: 'a' }) },
    { type: 'update', id: 'a', patch: { severity: 'failure', side: 'local' } },
    { type: 'observe', id: 'a', metrics: { worstLossPct: 12, worstRttMs: 400 } },
    { type: 'close', id: 'a', endedAt: '2026-11-21T10:05:00.000Z' },
  ],
  tabs: { '7': newTabHealth(7, 1_700_000_000_000), '8': null },
};

describe('readUnsavedWork', () => {
  it('reads nothing kept as nothing waiting', () => {
    expect(readUnsavedWork(undefined)).toEqual({ work: NO_UNSAVED_WORK });
    expect(readUnsavedWork(null)).toEqual({ work: NO_UNSAVED_WORK });
  });

  it('reads back every kind of change and a forgotten tab, as session storage returns them', () => {
    expect(readUnsavedWork(structuredClone(work))).toEqual({ work });
  });

  it.each([
    ['another version', { ...work, schemaVersion: 2 }, 'schemaVersion'],
    [
      'a change of an unknown type',
      { ...work, changes: [{ type: 'merge', id: 'a' }] },
      'changes.0',
    ],
    [
      'an incident that is not one',
      { ...work, changes: [{ type: 'open', incident: { id: 'a' } }] },
      'changes.0.incident',
    ],
    ['a tab that is not an id', { ...work, tabs: { seven: null } }, 'tabs.seven'],
    ['a damaged tab state', { ...work, tabs: { '7': { tabId: 7 } } }, 'tabs.7'],
    ['not a record at all', 'unsaved', 'record'],
  ])('reports %s and applies none of it', (_what, raw, where) => {
    const { work: read, problem } = readUnsavedWork(raw);
    expect(read).toEqual(NO_UNSAVED_WORK);
    expect(problem).toMatch(/^changes kept while the storage was full could not be read back: /);
    expect(problem).toContain(where);
  });
});
