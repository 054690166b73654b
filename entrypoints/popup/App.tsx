import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { askBackground as ask } from '@/components/ask-background';
import { CallStatus } from '@/components/CallStatus';
import { IncidentCard } from '@/components/IncidentCard';
import { Walk, type WalkActions } from '@/components/Walk';
import type { Incident } from '@/lib/shared/incident';
import { MonitorSite } from '@/components/MonitorSite';
import { PopupLinks } from '@/components/PopupLinks';
import { ProblemNotice } from '@/components/ProblemNotice';
import { StorageNotices } from '@/components/StorageNotices';
import type { TabStatus } from '@/lib/health/tab-status';
import type { UiRequest } from '@/lib/shared/messages';
import type { Settings } from '@/lib/settings/settings';
import { walkFor } from '@/lib/respond/playbook';
import type { PlaybookDocument } from '@/lib/respond/playbook-document';
import { KIND_TITLES } from '@/lib/shared/plain-words';
import { ReadinessCheck } from '@/components/ReadinessCheck';
import { HeadsUpList } from '@/components/HeadsUpList';
import type { CallPrepView } from '@/lib/prepare/prepare-service';
import type { ClientPlan } from '@/lib/prepare/client-plan';
import { SetupGaps } from '@/components/SetupGaps';
import { setupGaps } from '@/lib/prepare/setup-gaps';
import { isPracticeIncident } from '@/lib/prepare/practice-incident';

/** The incident to walk: `?incident=` (from the prompt or a notification), else none chosen yet. */
const incidentFromUrl = new URLSearchParams(location.search).get('incident');
const screenFromUrl = new URLSearchParams(location.search).get('screen');
const reportFromUrl = screenFromUrl === 'report';
const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
if (incidentFromUrl && isPracticeIncident(incidentFromUrl)) document.title = 'Lifeline practice';

/** The tab this popup describes: `?tabId=` (tests, links from other pages) or the active tab. */
async function targetTabId(): Promise<number | undefined> {
  const fromUrl = Number(new URLSearchParams(location.search).get('tabId'));
  if (Number.isInteger(fromUrl) && fromUrl > 0) return fromUrl;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

export function App() {
  const [status, setStatus] = useState<TabStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tabId, setTabId] = useState<number | null>(null);
  const [chosen, setChosen] = useState<string | null>(incidentFromUrl);
  const [walked, setWalked] = useState<Incident | null>(null);
  // Kept apart from `error`: the status refresh clears its own error every second, and must not
  // wipe the word that the settings or the incident being walked could not be read.
  const [settingsError, setSettingsError] = useState<string | null>(null);
  const [walkError, setWalkError] = useState<string | null>(null);
  const [walkedWith, setWalkedWith] = useState<{
    settings: Settings;
    playbook: PlaybookDocument;
  } | null>(null);
  const [now, setNow] = useState(Date.now());
  const [recent, setRecent] = useState<string | null>(null);
  const [prep, setPrep] = useState<CallPrepView | null>(null);
  const [plans, setPlans] = useState<ClientPlan[]>([]);
  const [checking, setChecking] = useState(screenFromUrl === 'readiness');
  const walkId = chosen ?? status?.open[0]?.id ?? recent;

  // No open incident: offer the call page's last one, so the report can still be sent after
  // the call recovered or the tab was reloaded.
  useEffect(() => {
    if (incidentFromUrl || tabId === null) return;
    void browser.tabs.get(tabId).then(
      async (tab) => {
        const origin = tab.url ? new URL(tab.url).origin : '';
        const latest = await ask<Incident | null>({ type: 'latest-incident', origin });
        if (latest) setRecent(latest.id);
      },
      () => undefined,
    );
  }, [tabId]);

  // Retried until read: while an upgrade is held up the settings cannot be read yet, and the walk
  // needs them (and the playbook) once it goes through.
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      ask<{ settings: Settings; playbook: PlaybookDocument }>({ type: 'get-playbook' }).then(
        (read) => {
          if (stopped) return;
          setWalkedWith(read);
          setSettingsError(null);
        },
        (e: Error) => {
          if (stopped) return;
          setSettingsError(e.message);
          timer = setTimeout(load, 1000);
        },
      );
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  // The plans agreed with clients: the one for the lesson being walked goes first.
  useEffect(() => {
    ask<{ plans: ClientPlan[] }>({ type: 'get-plans' }).then(
      (read) => setPlans(read.plans),
      () => undefined,
    );
  }, []);

  useEffect(() => {
    setWalkError(null);
    if (!walkId) return setWalked(null);
    let stopped = false;
    const load = () =>
      ask<Incident>({ type: 'get-incident', id: walkId }).then(
        (incident) => {
          if (stopped) return;
          setWalked(incident);
          setWalkError(null);
        },
        (e: Error) => !stopped && setWalkError(e.message),
      );
    void load();
    const timer = setInterval(load, 2000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [walkId]);

  const update = (request: UiRequest) => ask<Incident>(request).then((i) => setWalked(i));
  const actions: WalkActions | null = walkId
    ? {
        recordStep: (stepId, result) =>
          update({ type: 'record-step', incidentId: walkId, stepId, result }),
        setOutcome: (outcome) => update({ type: 'set-outcome', incidentId: walkId, outcome }),
        setLessonRef: (lessonRef) =>
          update({ type: 'set-lesson-ref', incidentId: walkId, lessonRef }),
      }
    : null;

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = async () => {
      try {
        const tabId = await targetTabId();
        if (tabId === undefined) throw new Error('No tab to describe.');
        const [next, notes] = await Promise.all([
          ask<TabStatus>({ type: 'get-tab-status', tabId }),
          ask<CallPrepView>({ type: 'get-call-prep', tabId }),
        ]);
        if (!stopped) {
          setStatus(next);
          setPrep(notes);
          setTabId(tabId);
          setNow(Date.now());
          setError(null);
        }
      } catch (e) {
        if (!stopped) setError(e instanceof Error ? e.message : String(e));
      }
      if (!stopped) timer = setTimeout(refresh, 1000);
    };
    void refresh();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  return (
    <main class={`popup look-${status?.look ?? 'healthy'}`}>
      <header class="popup-header">
        <img src={`/state/${status?.look ?? 'healthy'}-32.png`} alt="" width={20} height={20} />
        <h1>Lifeline</h1>
        <PopupLinks />
      </header>
      <ProblemNotice message={error} failed="Lifeline could not read this tab" />
      {settingsError !== error && (
        <ProblemNotice message={settingsError} failed="Lifeline could not read your settings" />
      )}
      {walkError !== error && walkError !== settingsError && (
        <ProblemNotice message={walkError} failed="Lifeline could not open this incident" />
      )}
      <StorageNotices unsaved={!!status?.unsaved} ready={!!status || !!error} />
      {!status && !error && <p class="muted">Checking this tab…</p>}
      {status && !status.inCall && !walked && (
        <p class="muted" data-testid="no-call">
          No call in this tab yet. Lifeline starts watching as soon as the page starts a call.
        </p>
      )}
      {status && !status.inCall && <MonitorSite />}
      {walked && walkedWith && actions && tabId !== null && (
        <Walk
          key={walked.id}
          incident={walked}
          steps={walkFor(walked, walkedWith.playbook, walkedWith.settings, timeZone)}
          settings={walkedWith.settings}
          callTabId={tabId}
          timeZone={timeZone}
          now={now}
          actions={actions}
          startOnReport={reportFromUrl}
          plans={plans}
        />
      )}
      {checking && (
        <ReadinessCheck
          tabId={tabId}
          onClose={screenFromUrl === 'readiness' ? () => window.close() : () => setChecking(false)}
        />
      )}
      {!walked && !checking && (
        <button type="button" class="check-ready" onClick={() => setChecking(true)}>
          Am I ready? Check now
        </button>
      )}
      {prep && prep.headsUps.length > 0 && !walked && <HeadsUpList headsUps={prep.headsUps} />}
      {status?.inCall && !walked && (
        <>
          {status.open.map((incident) => (
            <IncidentCard key={incident.id} incident={incident} />
          ))}
          {status.open.length === 0 && (
            <p class="all-well" data-testid="all-well">
              This call looks healthy.
            </p>
          )}
        </>
      )}
      {status?.open
        .filter((incident) => walked && incident.id !== walked.id)
        .map((incident) => (
          <button
            key={incident.id}
            type="button"
            class="walk-this"
            onClick={() => setChosen(incident.id)}
          >
            Also open: {KIND_TITLES[incident.kind]}. Steps for this
          </button>
        ))}
      {status?.inCall &&
        (walked ? (
          // During an incident the next step comes first; the figures are one click away.
          <details class="call-figures" data-testid="call-figures">
            <summary>Call figures</summary>
            <CallStatus status={status} />
          </details>
        ) : (
          <CallStatus status={status} />
        ))}
      {/* Last, and only while nothing is wrong: never in the way of a live incident. */}
      {walkedWith && !walked && status && status.open.length === 0 && (
        <SetupGaps gaps={setupGaps(walkedWith.settings)} />
      )}
    </main>
  );
}
