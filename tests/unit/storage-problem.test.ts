import { describe, expect, it } from 'vitest';
import {
  isStorageFull,
  MISSING_INCIDENT_WORDS,
  STORAGE_PROBLEM_WORDS,
  storageErrorWords,
  UNREADABLE_INCIDENT_WORDS,
  UNREADABLE_SETTINGS_WORDS,
  unreadableIncidentsWords,
} from '@/lib/records/storage-problem';

describe('storage problems in words', () => {
  it.each([
    [
      'the browser refusing a write for lack of room',
      new DOMException('x', 'QuotaExceededError'),
      true,
    ],
    ['an error of another name', new DOMException('x', 'AbortError'), false],
    ['a plain error', new Error('QuotaExceededError'), false],
    ['something that is not an error', 'QuotaExceededError', false],
    ['nothing', null, false],
  ])('knows %s when it sees it', (_what, error, full) => {
    expect(isStorageFull(error)).toBe(full);
  });

  it('says the storage is full in plain words, and passes other messages through', () => {
    expect(storageErrorWords(new DOMException('quota', 'QuotaExceededError'))).toBe(
      STORAGE_PROBLEM_WORDS.full,
    );
    expect(storageErrorWords(new Error('That incident no longer exists.'))).toBe(
      'That incident no longer exists.',
    );
    expect(storageErrorWords('odd')).toBe('odd');
  });

  it('says records saved by a newer Lifeline are kept and unread, not a database error', () => {
    // What IndexedDB throws when an older build opens them (tests/e2e/update.test.ts).
    const error = new DOMException(
      'The requested version (3) is less than the existing version (4).',
      'VersionError',
    );
    expect(storageErrorWords(error)).toBe(STORAGE_PROBLEM_WORDS['newer-data']);
    expect(storageErrorWords(new Error('VersionError'))).toBe('VersionError');
  });

  it.each([
    [1, '1 saved incident could not be read and is not shown. It is kept as it is, not deleted.'],
    [
      3,
      '3 saved incidents could not be read and are not shown. They are kept as they are, not deleted.',
    ],
  ])('counts %i unreadable incidents in a sentence', (count, sentence) => {
    expect(unreadableIncidentsWords(count)).toBe(sentence);
  });

  it.each([
    ...Object.entries(STORAGE_PROBLEM_WORDS),
    ['unreadable-incident', UNREADABLE_INCIDENT_WORDS],
    ['unreadable-settings', UNREADABLE_SETTINGS_WORDS],
    ['missing-incident', MISSING_INCIDENT_WORDS],
    ['unreadable-incidents', unreadableIncidentsWords(2)],
  ])('keeps the "%s" message free of database words', (_problem, words) => {
    expect(words).not.toMatch(/IndexedDB|database|quota|version|transaction/i);
  });
});
