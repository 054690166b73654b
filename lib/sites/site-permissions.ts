import { CALL_SITE_MATCHES } from './call-sites';
import { monitoredOriginSchema } from '@/lib/settings/settings';

/**
 * Sites the tutor adds with "Monitor this site" (design.md §8). The browser's granted optional
 * host permissions are the truth: the tutor can revoke one in the browser's own settings at any
 * time, so the background re-derives the list from `permissions` whenever they change and
 * registers both content scripts for exactly those sites.
 */

/** Ids of the two dynamic registrations; one pair covers every monitored site. */
export const MONITORED_SCRIPT_IDS = {
  hook: 'lifeline-monitored-rtc-hook',
  relay: 'lifeline-monitored-relay',
} as const;

/** The built content scripts, as WXT names them in `.output/chrome-mv3/content-scripts/`. */
const HOOK_FILE = 'content-scripts/rtc-hook.js';
export const RELAY_FILE = 'content-scripts/relay.js';

/**
 * The host permission pattern for an origin: `https://lessons.example.org/*`. Match patterns
 * carry no port and match every port, so `http://host:8080` asks for `http://host/*`.
 */
export function originMatchPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

/** The origin a granted `scheme://host/*` pattern stands for, or undefined for any other shape. */
export function patternOrigin(pattern: string): string | undefined {
  const match = /^(https?):\/\/([^/*]+)\/\*$/.exec(pattern);
  if (!match) return undefined;
  const origin = `${match[1]}://${match[2]}`;
  return monitoredOriginSchema.safeParse(origin).success ? origin : undefined;
}

/** Whether a match pattern (`https://*.zoom.us/*`) covers an origin. */
export function patternCovers(pattern: string, origin: string): boolean {
  const match = /^(https?|\*):\/\/(\*|\*\.[^/]+|[^/*]+)\/.*$/.exec(pattern);
  if (!match) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const [, scheme, host] = match as unknown as [string, string, string];
  const protocol = url.protocol.slice(0, -1);
  if (scheme === '*' ? protocol !== 'http' && protocol !== 'https' : scheme !== protocol) {
    return false;
  }
  if (host === '*') return true;
  if (host.startsWith('*.')) {
    const base = host.slice(2);
    return url.hostname === base || url.hostname.endsWith(`.${base}`);
  }
  return url.hostname === host;
}

/** Whether Lifeline already watches `origin` without being asked (the manifest's call sites). */
export function watchedByDefault(origin: string): boolean {
  return CALL_SITE_MATCHES.some((pattern) => patternCovers(pattern, origin));
}

/**
 * The tutor's monitored origins among all granted host patterns: those that are not the
 * manifest's own, as sorted, de-duplicated origins.
 */
export function monitoredOriginsFrom(grantedPatterns: readonly string[]): string[] {
  const origins = grantedPatterns
    .filter((p) => !CALL_SITE_MATCHES.includes(p))
    .map(patternOrigin)
    .filter((o): o is string => o !== undefined);
  return [...new Set(origins)].sort();
}

/** What `scripting.registerContentScripts` needs to run both scripts on `origins`. */
export function monitoredScriptRegistrations(origins: readonly string[]) {
  const matches = origins.map(originMatchPattern);
  return [
    {
      id: MONITORED_SCRIPT_IDS.hook,
      js: [HOOK_FILE],
      matches,
      runAt: 'document_start' as const,
      world: 'MAIN' as const,
      allFrames: true,
      persistAcrossSessions: true,
    },
    {
      id: MONITORED_SCRIPT_IDS.relay,
      js: [RELAY_FILE],
      matches,
      runAt: 'document_start' as const,
      allFrames: true,
      persistAcrossSessions: true,
    },
  ];
}

/** The parts of the browser `syncMonitoredSites` uses; the background passes `browser`. */
export interface SiteApis {
  permissions: { getAll(): Promise<{ origins?: string[] }> };
  scripting: {
    getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<{ id: string }[]>;
    unregisterContentScripts(filter?: { ids?: string[] }): Promise<void>;
    registerContentScripts(scripts: ReturnType<typeof monitoredScriptRegistrations>): Promise<void>;
  };
}

/**
 * Makes the dynamic content scripts match the granted monitored sites, and returns those sites
 * (for the settings mirror). Unregisters first: an update cannot add the first match or remove
 * the last one.
 */
export async function syncMonitoredSites(apis: SiteApis): Promise<string[]> {
  const { origins: granted = [] } = await apis.permissions.getAll();
  const origins = monitoredOriginsFrom(granted);
  const ids = Object.values(MONITORED_SCRIPT_IDS);
  const registered = await apis.scripting.getRegisteredContentScripts({ ids });
  if (registered.length > 0) {
    await apis.scripting.unregisterContentScripts({ ids: registered.map((s) => s.id) });
  }
  if (origins.length > 0) {
    await apis.scripting.registerContentScripts(monitoredScriptRegistrations(origins));
  }
  return origins;
}

/**
 * What the tutor typed into "Add a site" as an origin: `lessons.example.org/room/5` becomes
 * `https://lessons.example.org`. Returns an error in words when it cannot be a web site.
 */
export function siteFromInput(text: string): { origin: string } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { error: 'Enter the address of the lesson site.' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { error: 'That is not a web address. Try something like lessons.example.org.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { error: 'Only web sites (http or https) can be monitored.' };
  }
  if (!url.hostname.includes('.') && url.hostname !== 'localhost') {
    return { error: 'That is not a web address. Try something like lessons.example.org.' };
  }
  return { origin: url.origin };
}

/**
 * The tabs whose relay to start again after Lifeline is updated: those on a watched site (the
 * manifest's call sites or one the tutor added). An update cuts the old relay off from the
 * extension, while the page's hook (in the page's own world) goes on sampling the call; a new
 * relay carries its samples to the new background, so a lesson in progress stays watched and its
 * open incident carries on. The browser gives a tab's address only where Lifeline has access.
 */
export function tabsToReattach(
  tabs: readonly { id?: number; url?: string }[],
  monitoredOrigins: readonly string[],
): number[] {
  return tabs.flatMap((tab) => {
    if (tab.id === undefined || !tab.url) return [];
    let origin: string;
    try {
      origin = new URL(tab.url).origin;
    } catch {
      return [];
    }
    return watchedByDefault(origin) || monitoredOrigins.includes(origin) ? [tab.id] : [];
  });
}
