import {
  MISSING_INCIDENT_WORDS,
  STORAGE_PROBLEM_WORDS,
  UNREADABLE_INCIDENT_WORDS,
} from '@/lib/records/storage-problem';

const storageProblemWords: string[] = [
  ...Object.values(STORAGE_PROBLEM_WORDS),
  UNREADABLE_INCIDENT_WORDS,
];

/** A records problem is shown in its own plain words; anything else says what could not be done. */
export function ProblemNotice({ message, failed }: { message: string | null; failed: string }) {
  if (!message) return null;
  const ownWords = storageProblemWords.includes(message)
    ? 'storage-problem'
    : message === MISSING_INCIDENT_WORDS
      ? 'missing-incident'
      : undefined;
  if (!ownWords) {
    return (
      <p class="error" role="alert">
        {failed}: {message}
      </p>
    );
  }
  return (
    <p class="storage-notice" role="alert" data-testid={ownWords}>
      {message}
    </p>
  );
}
