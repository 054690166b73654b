import type { ConnectionState } from '@/lib/hook/call-sample';
import type { ConnectionFigures } from '@/lib/detect/call-tracker';
import type { Incident } from '@/lib/shared/incident';
import { platformLimitKbps } from '@/lib/detect/bandwidth-pressure';
import { badgeFor, type TabLook } from './badge';
import { callViewOf, type TabHealth } from './tab-health';

/** What the popup shows about one tab: the call's state, its figures and its open incidents. */
export interface TabStatus {
  /** The tab has (or had) a call Lifeline is watching. */
  inCall: boolean;
  onLine: boolean;
  look: TabLook;
  /** The worst state among the tab's connections, in the order a tutor cares about. */
  connectionState?: ConnectionState;
  connections: number;
  figures: ConnectionFigures;
  open: Incident[];
  /**
   * The platform's own steady limit on what the tutor sends, kbps (lib/detect/send-limit.ts):
   * a fact about the call, not a problem with the tutor's network.
   */
  platformLimitKbps?: number;
  /** Set while changes wait in memory because the browser has no room to save them. */
  unsaved?: boolean;
}

const STATE_RANK: ConnectionState[] = [
  'failed',
  'disconnected',
  'connecting',
  'new',
  'connected',
  'closed',
];

/** Sums bitrates and takes the worst RTT, loss and jitter across a tab's connections. */
export function describeTab(health: TabHealth | undefined, open: Incident[]): TabStatus {
  const connections = Object.values(health?.connections ?? {});
  const figures: ConnectionFigures = {};
  const add = (key: 'inKbps' | 'outKbps' | 'availableOutgoingKbps', v?: number) => {
    if (v !== undefined) figures[key] = (figures[key] ?? 0) + v;
  };
  const worst = (key: 'rttMs' | 'lossPct' | 'jitterMs', v?: number) => {
    if (v !== undefined) figures[key] = Math.max(figures[key] ?? 0, v);
  };
  for (const { figures: f } of connections) {
    add('inKbps', f.inKbps);
    add('outKbps', f.outKbps);
    add('availableOutgoingKbps', f.availableOutgoingKbps);
    worst('rttMs', f.rttMs);
    worst('lossPct', f.lossPct);
    worst('jitterMs', f.jitterMs);
  }
  const states = connections.map((c) => c.state);
  const limit = health && platformLimitKbps(callViewOf(health, health.lastSampleAt));
  return {
    inCall: health !== undefined,
    onLine: health?.onLine ?? true,
    look: badgeFor(open.filter((i) => i.endedAt === null).map((i) => i.severity)).look,
    connectionState: STATE_RANK.find((s) => states.includes(s)),
    connections: connections.length,
    figures,
    open,
    ...(limit === undefined ? {} : { platformLimitKbps: limit }),
  };
}
