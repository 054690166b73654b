import { useEffect, useState } from 'preact/hooks';
import type { DbConnection, DbState } from '@/lib/records/db-connection';
import { STORAGE_PROBLEM_WORDS } from '@/lib/records/storage-problem';

/**
 * A page's word on its own database connection: held up by an older Lifeline page while the
 * records are upgraded, or handed over to a newer Lifeline. Silent otherwise.
 */
export function DbStateNotice({ db }: { db: DbConnection }) {
  const [state, setState] = useState<DbState>(db.state());
  useEffect(() => db.subscribe(setState), [db]);
  if (state === 'blocked') {
    return (
      <p class="notice" role="alert" data-testid="storage-problem">
        {STORAGE_PROBLEM_WORDS['update-blocked']}
      </p>
    );
  }
  if (state === 'closed') {
    return (
      <p class="notice" role="alert" data-testid="storage-problem">
        {STORAGE_PROBLEM_WORDS['updated-elsewhere']}{' '}
        <button type="button" onClick={() => location.reload()}>
          Reload
        </button>
      </p>
    );
  }
  return null;
}
