import type { Incident, IncidentKind } from '@/lib/shared/incident';
import { CONNECTION_STATE_WORDS, KIND_TITLES, SIDE_WORDS } from '@/lib/shared/plain-words';
import type { TabStatus } from '@/lib/health/tab-status';

// A no-break space: "50" and "kbps" on separate lines of the narrow popup read as two figures.
const kbps = (v?: number) =>
  v === undefined ? undefined : `${v.toLocaleString('en-GB')}\u00a0kbps`;
const joined = (parts: (string | undefined)[]) => parts.filter(Boolean).join(', ');

/** One line per dimension of the call a tutor cares about, worst first within the open ones. */
const DIMENSIONS: { name: string; kinds: IncidentKind[] }[] = [
  { name: 'Connection', kinds: ['failed-connection', 'unstable-connection'] },
  { name: 'Sound', kinds: ['no-sound'] },
  { name: 'Video', kinds: ['no-video'] },
  { name: 'Bandwidth', kinds: ['bandwidth-pressure'] },
  { name: 'Whiteboard', kinds: ['whiteboard-disconnected'] },
];

/**
 * The call's live state by dimension (connection, sound, video, bandwidth, whiteboard), each
 * with the figures behind it in plain words.
 */
export function CallStatus({ status }: { status: TabStatus }) {
  const { figures } = status;
  const state = status.onLine
    ? status.connectionState
      ? CONNECTION_STATE_WORDS[status.connectionState]
      : 'Call ended'
    : 'Offline';
  const lowestMos = Math.min(
    ...status.open.flatMap((i) => (i.metrics.lowestMos === undefined ? [] : [i.metrics.lowestMos])),
  );
  const detail: Record<string, string | undefined> = {
    Connection: joined([
      figures.rttMs === undefined ? undefined : `round trip ${figures.rttMs} ms`,
      figures.lossPct === undefined ? undefined : `${figures.lossPct.toFixed(1)} % packets lost`,
      figures.jitterMs === undefined ? undefined : `jitter ${figures.jitterMs} ms`,
      Number.isFinite(lowestMos) ? `quality score ${lowestMos.toFixed(1)} of 5` : undefined,
    ]),
    Bandwidth: joined([
      kbps(figures.inKbps) && `receiving ${kbps(figures.inKbps)}`,
      kbps(figures.outKbps) && `sending ${kbps(figures.outKbps)}`,
      kbps(figures.availableOutgoingKbps) && `room to send ${kbps(figures.availableOutgoingKbps)}`,
    ]),
  };
  const problem = (kinds: IncidentKind[]): Incident | undefined =>
    status.open.find((i) => kinds.includes(i.kind) && i.endedAt === null);

  return (
    <section class="call-status" aria-label="Call status">
      <h2>
        Call: <span data-testid="connection-state">{state}</span>
      </h2>
      <dl class="dimensions">
        {DIMENSIONS.map(({ name, kinds }) => {
          const incident = problem(kinds);
          return [
            <dt key={`${name}-t`}>{name}</dt>,
            <dd key={`${name}-d`} data-testid={`dimension-${name.toLowerCase()}`}>
              <span class={incident ? `state-${incident.severity}` : 'state-ok'}>
                {incident
                  ? `${KIND_TITLES[incident.kind]} (${SIDE_WORDS[incident.side].toLowerCase()})`
                  : 'No problem seen'}
              </span>
              {detail[name] && <span class="figures">{detail[name]}</span>}
              {name === 'Bandwidth' && status.platformLimitKbps !== undefined && (
                <span class="fact" data-testid="platform-limit">
                  The platform limits your video to {kbps(status.platformLimitKbps)}. That is its
                  setting, not your network.
                </span>
              )}
            </dd>,
          ];
        })}
      </dl>
    </section>
  );
}
