import { useEffect, useState } from 'preact/hooks';
import { askBackground as ask } from './ask-background';
import { OtherMediaTabs } from './OtherMediaTabs';
import { readComputerFacts } from './readiness-facts';
import type { CallPrepView } from '@/lib/prepare/prepare-service';
import { UPLOAD_WINDOW_MS } from '@/lib/prepare/call-prep';
import { readinessReport, type ReadinessItem } from '@/lib/prepare/readiness';
import type { Settings } from '@/lib/settings/settings';

const LEVEL_WORDS = { green: 'Ready', amber: 'Check', red: 'Fix first' } as const;

/**
 * The readiness check (issue 14): battery, computer load, other tabs playing sound, microphone
 * and camera, network, settings and, in a call's first seconds, the call's own upload. Each line
 * is green, amber or red in words as well as colour, with its fix; the result is kept with the
 * tab's call so an incident email can quote it.
 */
export function ReadinessCheck({ tabId, onClose }: { tabId: number | null; onClose?: () => void }) {
  const [items, setItems] = useState<ReadinessItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [measuring, setMeasuring] = useState(false);
  const [round, setRound] = useState(0);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      try {
        const [facts, settings, prep] = await Promise.all([
          readComputerFacts(tabId),
          ask<Settings>({ type: 'get-settings' }),
          tabId === null ? null : ask<CallPrepView>({ type: 'get-call-prep', tabId }),
        ]);
        if (stopped) return;
        const report = readinessReport({
          ...facts,
          settings,
          uploadKbps: prep?.uploadKbps ?? null,
        });
        setItems(report);
        setError(null);
        // The call's own upload is measured over its first 20 s: look again once they are over.
        const callAge = prep?.callStartedAt == null ? null : Date.now() - prep.callStartedAt;
        const stillMeasuring = callAge !== null && callAge < UPLOAD_WINDOW_MS;
        setMeasuring(stillMeasuring);
        if (stillMeasuring) timer = setTimeout(() => void run(), UPLOAD_WINDOW_MS - callAge + 500);
        if (tabId !== null) await ask({ type: 'save-readiness', tabId, items: report });
      } catch (e) {
        if (!stopped) setError(e instanceof Error ? e.message : String(e));
      }
    };
    void run();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [tabId, round]);

  const worst = items?.some((i) => i.level === 'red')
    ? 'red'
    : items?.some((i) => i.level === 'amber')
      ? 'amber'
      : 'green';
  return (
    <section class="readiness" aria-labelledby="readiness-title" data-testid="readiness">
      <h2 id="readiness-title" tabIndex={-1}>
        Ready for the lesson?
      </h2>
      {error && <p class="error">The check could not finish: {error}</p>}
      {!items && !error && <p class="muted">Checking…</p>}
      {items && (
        <>
          <p class={`readiness-summary level-${worst}`} role="status">
            {worst === 'green'
              ? 'Everything Lifeline can check looks ready.'
              : worst === 'red'
                ? 'Fix the red lines before the lesson if you can.'
                : 'Mostly ready: look at the amber lines.'}
          </p>
          <ul class="readiness-items">
            {items.map((item) => (
              <li key={item.id} class={`readiness-item level-${item.level}`} data-item={item.id}>
                <span class="readiness-level">{LEVEL_WORDS[item.level]}</span>
                <span class="readiness-words">{item.words}</span>
                {item.fix && <span class="readiness-fix">{item.fix}</span>}
                {item.id === 'media-tabs' && item.level !== 'green' && tabId !== null && (
                  <OtherMediaTabs callTabId={tabId} />
                )}
              </li>
            ))}
          </ul>
          {measuring && (
            <p class="muted" role="status">
              Measuring the call’s upload over its first 20 seconds…
            </p>
          )}
        </>
      )}
      <div class="actions">
        <button type="button" onClick={() => setRound((r) => r + 1)}>
          Check again
        </button>
        {onClose && (
          <button type="button" onClick={onClose}>
            Done
          </button>
        )}
      </div>
    </section>
  );
}
