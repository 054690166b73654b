import {
  MISSING_INCIDENT_WORDS,
  STORAGE_PROBLEM_WORDS,
  UNREADABLE_INCIDENT_WORDS,
} from '@/lib/storage-problem';

const storageProblemWords: string[] = [
  ...Object.values(STORAGE_PROBLEM_WORDS),
  UNREADABLE_INCIDENT_WORDS,
];

/** A records problem is shown in its own plain words; anything else says what could not be done. */
export function ProblemNotice({ message, failed }: { message: string | null; failed: string }) {
  if (!message) return null;
  if (storageProblemWords.includes(message)) {
    return (
      <p class="storage-notice" role="alert" data-testid="storage-problem">
        {message}
      </p>
    );
  }
  if (message === MISSING_INCIDENT_WORDS) {
    return (
      <p class="storage-notice" role="alert" data-testid="missing-incident">
        {message}
      </p>
    );
  }
  return (
    <p class="error" role="alert">
      {failed}: {message}
    </p>
  );
}
