import type { ImportSummary } from '@/lib/records/import-incidents';

const SHOWN = 50;

/** What an import did, and every record it refused with the reasons. */
export function ImportReport({ summary }: { summary: ImportSummary }) {
  const { added, merged, unchanged, rejected } = summary;
  return (
    <section
      class={`import-report${rejected.length ? ' has-rejections' : ''}`}
      role="status"
      data-testid="import-report"
    >
      <p>
        Imported: {added} new, {merged} updated, {unchanged} already here.
        {rejected.length > 0 && ` ${rejected.length} not imported:`}
      </p>
      {rejected.length > 0 && (
        <ul data-testid="import-rejections">
          {rejected.slice(0, SHOWN).map((r) => (
            <li key={r.index}>
              Record {r.index + 1}
              {r.id ? ` (id ${r.id})` : ''}: {r.reasons.join('; ')}
            </li>
          ))}
          {rejected.length > SHOWN && <li>…and {rejected.length - SHOWN} more.</li>}
        </ul>
      )}
      <p class="hint">Nothing already here was removed.</p>
    </section>
  );
}
