import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MONITORED_SCRIPT_IDS, monitoredScriptRegistrations } from '@/lib/sites/site-permissions';
import { launchWithExtension, type LifelineBrowser } from './support/extension';
import { openOptions } from './support/records-pages';

// Chromium's permission prompt for `permissions.request` cannot be answered from automation
// (puppeteer#5054), so granting a site is not driven here. What is: that the registrations the
// background makes for a granted site are ones Chromium accepts, pointing at the built scripts,
// and that the settings page refuses what is not a site or is watched already.
describe('monitored sites', () => {
  let lifeline: LifelineBrowser;

  beforeAll(async () => {
    lifeline = await launchWithExtension();
  });
  afterAll(async () => {
    await lifeline?.close();
  });

  it('builds registrations Chromium accepts, for the scripts the build contains', async () => {
    const registrations = monitoredScriptRegistrations(['https://lessons.example.org']);
    const registered = await lifeline.control.evaluate(async (scripts) => {
      await chrome.scripting.registerContentScripts(scripts as never);
      const back = await chrome.scripting.getRegisteredContentScripts();
      await chrome.scripting.unregisterContentScripts({ ids: back.map((s) => s.id) });
      return back;
    }, registrations);
    expect(registered).toEqual([
      expect.objectContaining({
        id: MONITORED_SCRIPT_IDS.hook,
        js: ['content-scripts/rtc-hook.js'],
        world: 'MAIN',
        runAt: 'document_start',
        matches: ['https://lessons.example.org/*'],
      }),
      expect.objectContaining({
        id: MONITORED_SCRIPT_IDS.relay,
        js: ['content-scripts/relay.js'],
        world: 'ISOLATED',
        runAt: 'document_start',
      }),
    ]);
  });

  it('registers nothing while no site has been granted', async () => {
    expect(
      await lifeline.control.evaluate(() => chrome.scripting.getRegisteredContentScripts()),
    ).toEqual([]);
  });

  it.each([
    ['not a site', 'not a web address'],
    ['meet.google.com', 'Lifeline already watches https://meet.google.com.'],
  ])('answers "%s" in the settings page without asking the browser', async (typed, answer) => {
    const options = await openOptions(lifeline);
    await options.page.type('#add-site', typed);
    await options.page.click('.add-site button');
    const message = await options.page.waitForSelector('[data-testid=sites-message]');
    expect(await message!.evaluate((e) => e.textContent)).toContain(answer);
    await options.page.close();
  });
});
