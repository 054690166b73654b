import { useEffect, useState } from 'preact/hooks';
import { askBackground } from '@/components/ask-background';
import {
  STORAGE_PROBLEM_WORDS,
  UNREADABLE_SETTINGS_WORDS,
  unreadableIncidentsWords,
} from '@/lib/records/storage-problem';
import type { StorageReport } from '@/lib/records/store';

/**
 * The popup's word on the records themselves: changes that wait for room to be saved, and stored
 * records that could not be read. Silent when all is well. The records are checked only once
 * `ready` (the tab's status is on screen): reading every stored incident takes the worker a
 * while with thousands of them, and the status is what the tutor opened the popup for.
 */
export function StorageNotices({ unsaved, ready }: { unsaved: boolean; ready: boolean }) {
  const [report, setReport] = useState<StorageReport | null>(null);

  useEffect(() => {
    if (!ready) return;
    askBackground<StorageReport>({ type: 'storage-report' }).then(
      setReport,
      // The tab status right above already says when the worker cannot be reached.
      () => undefined,
    );
  }, [ready]);

  const notices = [
    unsaved && { id: 'storage-full', text: STORAGE_PROBLEM_WORDS.full },
    !!report?.unreadableIncidents && {
      id: 'unreadable-incidents',
      text: `${unreadableIncidentsWords(report.unreadableIncidents)} The incidents page lists them.`,
    },
    !!report?.settingsProblems.length && {
      id: 'unreadable-settings',
      text: UNREADABLE_SETTINGS_WORDS,
    },
  ].filter((n) => !!n);
  return (
    <>
      {notices.map((n) => (
        <p key={n.id} class="storage-notice" role="alert" data-testid={n.id}>
          {n.text}
        </p>
      ))}
    </>
  );
}
