import { describe, expect, it } from 'vitest';
import {
  tabsToReattach,
  MONITORED_SCRIPT_IDS,
  monitoredOriginsFrom,
  monitoredScriptRegistrations,
  originMatchPattern,
  patternCovers,
  patternOrigin,
  siteFromInput,
  syncMonitoredSites,
  watchedByDefault,
  type SiteApis,
} from '@/lib/sites/site-permissions';

describe('monitored site patterns', () => {
  it.each([
    ['https://lessons.example.org', 'https://lessons.example.org/*'],
    ['http://tutor.local:8080', 'http://tutor.local/*'],
  ])('asks for %s as %s', (origin, pattern) => {
    expect(originMatchPattern(origin)).toBe(pattern);
  });

  it.each([
    ['https://lessons.example.org/*', 'https://lessons.example.org'],
    ['https://*/*', undefined],
    ['https://*.example.org/*', undefined],
    ['https://example.org/path/*', undefined],
    ['ftp://example.org/*', undefined],
  ])('reads the granted pattern %s as the site %s', (pattern, origin) => {
    expect(patternOrigin(pattern)).toBe(origin);
  });

  it.each([
    ['https://*.zoom.us/*', 'https://us02web.zoom.us', true],
    ['https://*.zoom.us/*', 'https://zoom.us', true],
    ['https://*.zoom.us/*', 'https://notzoom.us', false],
    ['https://meet.google.com/*', 'https://meet.google.com', true],
    ['https://meet.google.com/*', 'http://meet.google.com', false],
    ['http://localhost/*', 'http://localhost:5173', true],
    ['*://example.org/*', 'https://example.org', true],
    ['<all_urls>', 'https://example.org', false],
  ])('%s covers %s: %s', (pattern, origin, covered) => {
    expect(patternCovers(pattern, origin)).toBe(covered);
  });

  it('knows the call platforms the manifest already covers', () => {
    expect(watchedByDefault('https://meet.google.com')).toBe(true);
    expect(watchedByDefault('http://127.0.0.1:4000')).toBe(true);
    expect(watchedByDefault('https://lessons.example.org')).toBe(false);
  });

  it('takes only the tutor-added sites from all granted patterns', () => {
    expect(
      monitoredOriginsFrom([
        'https://meet.google.com/*',
        'http://localhost/*',
        'https://b.example.org/*',
        'https://a.example.org/*',
        'https://a.example.org/*',
        'https://*/*',
      ]),
    ).toEqual(['https://a.example.org', 'https://b.example.org']);
  });

  it('registers the hook in the page world at document start, and the relay beside it', () => {
    const [hook, relay] = monitoredScriptRegistrations(['https://a.example.org']);
    expect(hook).toMatchObject({
      js: ['content-scripts/rtc-hook.js'],
      world: 'MAIN',
      runAt: 'document_start',
      matches: ['https://a.example.org/*'],
    });
    expect(relay).toMatchObject({ js: ['content-scripts/relay.js'], runAt: 'document_start' });
    expect(relay).not.toHaveProperty('world');
  });
});

/** The registration half of chrome.scripting, in memory, with Chrome's duplicate-id rule. */
function browserWith(granted: string[]) {
  const registered = new Map<string, { id: string; matches: string[] }>();
  const apis: SiteApis = {
    permissions: { getAll: async () => ({ origins: granted }) },
    scripting: {
      getRegisteredContentScripts: async (filter) =>
        [...registered.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id)),
      unregisterContentScripts: async (filter) => {
        for (const id of filter?.ids ?? [...registered.keys()]) registered.delete(id);
      },
      registerContentScripts: async (scripts) => {
        for (const s of scripts) {
          if (registered.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
          registered.set(s.id, { id: s.id, matches: s.matches });
        }
      },
    },
  };
  return { apis, registered, granted };
}

describe('syncing the dynamic content scripts', () => {
  it('registers both scripts for the granted sites', async () => {
    const { apis, registered } = browserWith(['https://a.example.org/*']);
    expect(await syncMonitoredSites(apis)).toEqual(['https://a.example.org']);
    expect([...registered.keys()].sort()).toEqual(Object.values(MONITORED_SCRIPT_IDS).sort());
    expect(registered.get(MONITORED_SCRIPT_IDS.hook)?.matches).toEqual(['https://a.example.org/*']);
  });

  it('follows a later grant without a duplicate registration', async () => {
    const browser = browserWith(['https://a.example.org/*']);
    await syncMonitoredSites(browser.apis);
    browser.granted.push('https://b.example.org/*');
    await syncMonitoredSites(browser.apis);
    expect(browser.registered.get(MONITORED_SCRIPT_IDS.relay)?.matches).toEqual([
      'https://a.example.org/*',
      'https://b.example.org/*',
    ]);
  });

  it('removes the scripts when the last site is revoked', async () => {
    const browser = browserWith(['https://a.example.org/*']);
    await syncMonitoredSites(browser.apis);
    browser.granted.length = 0;
    expect(await syncMonitoredSites(browser.apis)).toEqual([]);
    expect(browser.registered.size).toBe(0);
  });
});

describe('reading a site the tutor typed', () => {
  it.each([
    ['lessons.example.org', 'https://lessons.example.org'],
    ['  https://lessons.example.org/room/5?x=1 ', 'https://lessons.example.org'],
    ['http://tutor.example.org:8080/', 'http://tutor.example.org:8080'],
    ['HTTPS://Lessons.Example.org', 'https://lessons.example.org'],
  ])('reads %j as %s', (text, origin) => {
    expect(siteFromInput(text)).toEqual({ origin });
  });

  it.each([
    ['', 'Enter the address'],
    ['ftp://files.example.org', 'Only web sites'],
    ['not a site', 'not a web address'],
    ['intranet', 'not a web address'],
  ])('refuses %j', (text, message) => {
    const result = siteFromInput(text);
    expect('error' in result && result.error).toContain(message);
  });
});

describe('tabs to start the relay in again after an update', () => {
  it('takes the open tabs of call sites and of sites the tutor added, nothing else', () => {
    const tabs = [
      { id: 1, url: 'https://meet.google.com/abc-defg-hij' },
      { id: 2, url: 'https://lessons.example.org/room/5' },
      { id: 3, url: 'https://news.example.com/' },
      { id: 4 }, // a tab Lifeline has no access to: the browser gives no address
      { url: 'https://us02web.zoom.us/wc/1' }, // no id: nothing to script
      { id: 6, url: 'not a url' },
      { id: 7, url: 'http://127.0.0.1:5757/' },
    ];
    expect(tabsToReattach(tabs, ['https://lessons.example.org'])).toEqual([1, 2, 7]);
    expect(tabsToReattach(tabs, [])).toEqual([1, 7]);
  });
});
