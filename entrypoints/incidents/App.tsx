import { useEffect, useMemo, useState } from 'preact/hooks';
import { DbStateNotice } from '@/components/DbStateNotice';
import { ShareBars } from '@/components/charts/ShareBars';
import { WeeklyBars } from '@/components/charts/WeeklyBars';
import { IncidentDetail } from '@/components/IncidentDetail';
import { IncidentFilters, type FilterDraft } from '@/components/IncidentFilters';
import { IncidentList } from '@/components/IncidentList';
import { ImportReport } from '@/components/ImportReport';
import { incidentsToCsv } from '@/lib/records/csv';
import { buildIncidentExport, exportFileName } from '@/lib/records/export-format';
import { parseIncidentImport, type ImportSummary } from '@/lib/records/import-incidents';
import { INCIDENT_KINDS, type Incident } from '@/lib/shared/incident';
import { createDbConnection, DB_NEWS_CHANNEL } from '@/lib/records/db-connection';
import { filterIncidents, localDayBoundary } from '@/lib/records/incident-filters';
import { summariseIncidents } from '@/lib/records/incident-summary';
import { durationInWords, KIND_TITLES, SIDE_WORDS } from '@/lib/shared/plain-words';
import {
  getTimeline,
  importIncidents,
  listIncidents,
  listRecentIncidents,
  openLifelineDb,
} from '@/lib/records/store';
import { storageErrorWords, unreadableIncidentsWords } from '@/lib/records/storage-problem';

const db = createDbConnection(
  (events) => openLifelineDb(undefined, events),
  new BroadcastChannel(DB_NEWS_CHANNEL),
);

const NO_DRAFT: FilterDraft = {
  from: '',
  to: '',
  kind: 'any',
  side: 'any',
  outcome: 'any',
  dismissed: 'any',
};

/** Rows read first, enough to fill the first screen while the rest load. */
const FIRST_SCREEN_ROWS = 40;

const KIND_COLORS = ['#d93025', '#f29900', '#1a73e8', '#9334e6', '#e37400', '#1a7f64'];

/** Resolves once the browser has painted what is rendered now. */
const afterNextPaint = () =>
  new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/** `#incident=<id>` opens one incident; anything else is the list. */
const routeId = () => {
  const match = /^#incident=(.+)$/.exec(location.hash);
  return match ? decodeURIComponent(match[1]!) : null;
};

/** Offers `text` as a file download; an `<a download>` needs no `downloads` permission. */
function download(text: string, name: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function App() {
  const [incidents, setIncidents] = useState<Incident[] | null>(null);
  /** False while only the newest incidents are read: charts and filters wait for all of them. */
  const [complete, setComplete] = useState(false);
  const [total, setTotal] = useState(0);
  const [unreadable, setUnreadable] = useState<{ key: string; error: string }[]>([]);
  const [draft, setDraft] = useState<FilterDraft>(NO_DRAFT);
  const [selected, setSelected] = useState<string | null>(routeId);
  const [importResult, setImportResult] = useState<
    (({ summary: ImportSummary } | { error: string }) & { n: number }) | null
  >(null);
  /** Numbers each import, so the report shown is always the latest one's. */
  const [imports, setImports] = useState(0);
  const [loadError, setLoadError] = useState<string | null>(null);

  const reload = () =>
    db.then(listIncidents).then(
      ({ records, rejected }) => {
        setIncidents(records);
        setTotal(records.length);
        setUnreadable(rejected);
        setComplete(true);
      },
      (e: unknown) => setLoadError(storageErrorWords(e)),
    );

  useEffect(() => {
    // The newest rows first, then everything for the charts. In sequence: reading 10,000 records
    // holds the main thread for ~0.3 s, and started together it would delay the first rows too.
    void db
      .then((database) => listRecentIncidents(database, FIRST_SCREEN_ROWS))
      .then(({ records, total }) => {
        setIncidents(records);
        setTotal(total);
      })
      .catch(() => undefined)
      .then(afterNextPaint)
      .then(reload);
    const onHash = () => setSelected(routeId());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  const filtered = useMemo(
    () =>
      incidents && complete
        ? filterIncidents(incidents, {
            ...draft,
            fromMs: localDayBoundary(draft.from),
            toMs: localDayBoundary(draft.to, true),
          })
        : (incidents ?? []),
    [incidents, complete, draft],
  );
  const summary = useMemo(() => summariseIncidents(filtered, Date.now()), [filtered]);

  const onImport = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const n = imports + 1;
    setImports(n);
    const parsed = parseIncidentImport(await file.text());
    if (!parsed.ok) {
      setImportResult({ n, error: `${file.name} was not imported: ${parsed.error}` });
      return;
    }
    try {
      const summary = await importIncidents(await db, parsed.incidents, parsed.rejected);
      setImportResult({ n, summary });
      await reload();
    } catch (error) {
      setImportResult({ n, error: `${file.name} was not imported: ${storageErrorWords(error)}` });
    }
  };

  const exportJson = () =>
    download(
      JSON.stringify(buildIncidentExport(incidents ?? [], new Date()), null, 2),
      exportFileName(new Date(), 'json'),
      'application/json',
    );
  const exportCsv = () =>
    download(incidentsToCsv(filtered), exportFileName(new Date(), 'csv'), 'text/csv');

  const current = selected ? incidents?.find((i) => i.id === selected) : undefined;

  return (
    <main class="page incidents">
      <header class="page-header">
        <img src="/icon/48.png" alt="" width={32} height={32} />
        <h1>Incidents</h1>
        <a class="header-link" href="/options.html">
          Settings
        </a>
      </header>

      <div class="toolbar">
        <button type="button" onClick={exportJson} disabled={!complete}>
          Export JSON
        </button>
        <button type="button" onClick={exportCsv} disabled={!complete}>
          Export CSV
        </button>
        <label class="button">
          Import…
          <input
            type="file"
            accept="application/json,.json"
            class="visually-hidden"
            data-testid="import-file"
            onChange={(e) => void onImport(e)}
          />
        </label>
        <span class="hint">Export JSON saves every incident; Export CSV saves those shown.</span>
      </div>

      {importResult && (
        <div key={importResult.n} data-import={importResult.n}>
          {'error' in importResult ? (
            <p class="notice notice-error" role="alert" data-testid="import-error">
              {importResult.error} Nothing was changed.
            </p>
          ) : (
            <ImportReport summary={importResult.summary} />
          )}
        </div>
      )}
      <DbStateNotice db={db} />
      {loadError && <p class="field-error">Could not read the incidents: {loadError}</p>}
      {unreadable.length > 0 && (
        <p class="notice" role="alert" data-testid="unreadable">
          {unreadableIncidentsWords(unreadable.length)} For whoever looks after Lifeline, their ids:{' '}
          {unreadable
            .slice(0, 5)
            .map((r) => r.key)
            .join(', ')}
          {unreadable.length > 5 ? '…' : '.'}
        </p>
      )}

      {current ? (
        <IncidentDetail incident={current} loadPoints={async (id) => getTimeline(await db, id)} />
      ) : selected && incidents ? (
        <p class="field-error">
          That incident is not here (it may have been purged). <a href="#">All incidents</a>
        </p>
      ) : (
        <>
          <IncidentFilters draft={draft} onChange={setDraft} disabled={!complete} />
          {incidents === null ? (
            <p class="hint">Reading incidents…</p>
          ) : (
            <>
              <section
                class="summary"
                aria-label="Summary"
                data-testid="summary"
                data-complete={String(complete)}
              >
                {!complete ? (
                  <p class="totals">
                    <strong data-testid="total">{total}</strong> incident{total === 1 ? '' : 's'};
                    reading them all for the charts…
                  </p>
                ) : (
                  <>
                    <p class="totals">
                      <strong data-testid="total">{summary.total}</strong> incident
                      {summary.total === 1 ? '' : 's'}
                      {filtered.length !== incidents.length && ` of ${incidents.length}`},{' '}
                      <strong>{durationInWords(summary.minutesLost * 60_000)}</strong> of lessons
                      lost
                    </p>
                    <div class="charts">
                      <WeeklyBars
                        weeks={summary.weeks}
                        value={(w) => w.incidents}
                        label="Incidents per week"
                        format={(v) => String(Math.round(v))}
                      />
                      <WeeklyBars
                        weeks={summary.weeks}
                        value={(w) => w.minutesLost}
                        label="Minutes lost per week"
                        // A short outage's axis top is a fraction of a minute: "12 s", not "0 min".
                        format={(minutes) => durationInWords(minutes * 60_000)}
                      />
                      <ShareBars
                        label="Whose side"
                        items={(['local', 'remote', 'unknown'] as const).map((s) => ({
                          key: s,
                          label: SIDE_WORDS[s],
                          count: summary.bySide[s],
                          color: `var(--${s})`,
                        }))}
                      />
                      <ShareBars
                        label="What failed"
                        items={INCIDENT_KINDS.map((k, i) => ({
                          key: k,
                          label: KIND_TITLES[k],
                          count: summary.byKind[k],
                          color: KIND_COLORS[i]!,
                        }))}
                      />
                    </div>
                  </>
                )}
              </section>
              <IncidentList incidents={filtered} />
            </>
          )}
        </>
      )}
    </main>
  );
}
