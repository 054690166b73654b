import type { RespondServiceDeps } from '@/lib/respond/respond-service';

/**
 * Respond-service dependencies that reach nothing outside it: in front, no prompt, no
 * notification, no walk window, no open incidents. A test overrides what it watches.
 */
export function quietRespondDeps(
  db: RespondServiceDeps['db'],
  overrides: Partial<RespondServiceDeps> = {},
): RespondServiceDeps {
  return {
    db,
    now: () => 0,
    timeZone: () => 'Europe/London',
    isTabFocused: async () => true,
    sendPrompt: async () => undefined,
    notify: async () => undefined,
    openWalk: async () => undefined,
    openIncidentIds: async () => [],
    markCameraOffOnPurpose: async () => undefined,
    reloadTab: async () => undefined,
    ...overrides,
  };
}
