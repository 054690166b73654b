import { readFileSync } from 'node:fs';

interface NetLog {
  constants: { logEventTypes: Record<string, number> };
  events: { type: number; params?: Record<string, unknown> }[];
}

/**
 * Every network request in a Chromium net log (`--log-net-log`) that an extension context made:
 * its initiator or network isolation key is the extension's origin. The net log sits below every
 * context (service worker, pages, content scripts' fetches), so nothing can go around it.
 */
export function requestsByExtension(logPath: string, extensionId: string): string[] {
  const log = JSON.parse(readFileSync(logPath, 'utf8')) as NetLog;
  const startJob = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  const origin = `chrome-extension://${extensionId}`;
  return log.events
    .filter((e) => e.type === startJob)
    .filter(
      (e) =>
        String(e.params?.initiator ?? '').startsWith(origin) ||
        String(e.params?.network_isolation_key ?? '').includes(origin),
    )
    .map((e) => String(e.params?.url));
}
