import type { Severity } from '@/lib/shared/incident';

/** The badge contract (design.md §4); tests read these exact values. */
export const BADGE_COLORS = { warning: '#F29900', failure: '#D93025' } as const;

export type TabLook = 'healthy' | Severity;

export interface BadgeLook {
  look: TabLook;
  text: string;
  color?: string;
}

/** No text while healthy or idle; `!` on amber for a warning; `!` on red for a failure. */
export function badgeFor(severities: Severity[]): BadgeLook {
  if (severities.includes('failure')) {
    return { look: 'failure', text: '!', color: BADGE_COLORS.failure };
  }
  if (severities.includes('warning')) {
    return { look: 'warning', text: '!', color: BADGE_COLORS.warning };
  }
  return { look: 'healthy', text: '' };
}
