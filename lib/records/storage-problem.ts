/**
 * The storage faults a tutor can meet (design.md §10) and what Lifeline says about each. Every
 * message names what still works and what to do, and none asks the tutor to understand a
 * database: they are read in the middle of a lesson.
 */
export type StorageProblem = 'update-blocked' | 'updated-elsewhere' | 'full' | 'newer-data';

export const STORAGE_PROBLEM_WORDS: Record<StorageProblem, string> = {
  'update-blocked':
    'Lifeline is updating its records. Close the other Lifeline pages (incidents, settings, ' +
    'fallback steps) to let it finish; nothing is lost.',
  'updated-elsewhere':
    'Lifeline has been updated. Reload this page to carry on; your records are kept.',
  'newer-data':
    'Your records were saved by a newer Lifeline than this one. This Lifeline cannot read them ' +
    'and changes nothing; they are all kept. Install the newer Lifeline again to see them.',
  full:
    'Lifeline cannot save right now: the browser has no more room for its records. Your saved ' +
    'incidents are kept and this call is still watched, but new changes are not saved until ' +
    'there is room again. Free some disk space, or delete old incidents by lowering how long ' +
    'they are kept in Settings.',
};

/** Why the walk cannot show an incident whose record is stored but fails validation. */
export const UNREADABLE_INCIDENT_WORDS =
  "This incident's saved record could not be read, so its steps cannot be shown. It is kept as " +
  'it is, not deleted.';

/** Whether `error` is an exception of that name (a DOMException, as IndexedDB throws). */
const errorNamed = (error: unknown, name: string) =>
  typeof error === 'object' &&
  error !== null &&
  'name' in error &&
  (error as { name: unknown }).name === name;

/** Whether `error` is the browser refusing a write because the storage quota is used up. */
export function isStorageFull(error: unknown): boolean {
  return errorNamed(error, 'QuotaExceededError');
}

/** Whether `error` is IndexedDB refusing our version because the records on disk are newer. */
function isNewerData(error: unknown): boolean {
  return errorNamed(error, 'VersionError');
}

/**
 * The words for an error from a read or write of the records: the storage-full message when the
 * storage is full, the newer-data one when a newer Lifeline saved them, the error's own message
 * otherwise.
 */
export function storageErrorWords(error: unknown): string {
  if (isStorageFull(error)) return STORAGE_PROBLEM_WORDS.full;
  // IndexedDB refuses to open a database at a lower version than the one on disk, so an older
  // build cannot write over records a newer one saved: it only has to say so.
  if (isNewerData(error)) return STORAGE_PROBLEM_WORDS['newer-data'];
  return error instanceof Error ? error.message : String(error);
}

/** Settings fields that failed validation on read fall back to their defaults. */
export const UNREADABLE_SETTINGS_WORDS =
  'Some of your settings could not be read, so the usual defaults are used for them. ' +
  'Open Settings to check and save them again.';

/** Stored incidents that failed validation on read: how many, and that they are kept as they are. */
export function unreadableIncidentsWords(count: number): string {
  const records = count === 1 ? '1 saved incident' : `${count} saved incidents`;
  return (
    `${records} could not be read and ${count === 1 ? 'is' : 'are'} not shown. ` +
    `${count === 1 ? 'It is' : 'They are'} kept as ${count === 1 ? 'it is' : 'they are'}, ` +
    'not deleted.'
  );
}

/**
 * An incident asked for by id (an old notification, a bookmarked walk) that is not stored: most
 * likely deleted by the retention setting, which the tutor can change.
 */
export const MISSING_INCIDENT_WORDS =
  'This incident is no longer in your records. Incidents older than "Keep incidents for (days)" in Settings are deleted.';
