import { CONNECTION_STATE_WORDS } from '@/lib/plain-words';
import type { TabStatus } from '@/lib/tab-status';

const kbps = (v?: number) => (v === undefined ? '—' : `${v.toLocaleString('en-GB')} kbps`);

/** The call's live state, with the figures behind it in plain words. */
export function CallStatus({ status }: { status: TabStatus }) {
  const { figures } = status;
  const state = status.onLine
    ? status.connectionState
      ? CONNECTION_STATE_WORDS[status.connectionState]
      : 'Call ended'
    : 'Offline';
  return (
    <section class="call-status" aria-label="Call status">
      <h2>
        Call: <span data-testid="connection-state">{state}</span>
      </h2>
      <dl>
        <dt>Round trip</dt>
        <dd>{figures.rttMs === undefined ? '—' : `${figures.rttMs} ms`}</dd>
        <dt>Receiving</dt>
        <dd>{kbps(figures.inKbps)}</dd>
        <dt>Sending</dt>
        <dd>{kbps(figures.outKbps)}</dd>
        <dt>Packets lost</dt>
        <dd>{figures.lossPct === undefined ? '—' : `${figures.lossPct.toFixed(1)} %`}</dd>
      </dl>
    </section>
  );
}
