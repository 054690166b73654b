import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIncidentExport, incidentExportSchema } from '@/lib/records/export-format';
import {
  extensionPage,
  launchFirefox,
  serveCallPage,
  walkToReport,
} from '../../scripts/firefox-call.mjs';
import { anIncident } from '../support/incidents';
import { waitFor } from './support/extension';

// The Firefox build in Debian's Firefox ESR, driven over WebDriver BiDi: a loopback call cut on a
// 127.0.0.1 page, the in-page prompt, the walk (a step saved to Firefox's IndexedDB), the email
// draft, and the incidents page's export and import. `npm test` builds the package first (its
// Firefox step). Which e2e files do not run in Firefox, and why: docs/firefox.md.
describe('Lifeline in Firefox', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveCallPage>>;
  const downloads = mkdtempSync(path.join(tmpdir(), 'lifeline-firefox-downloads-'));
  let call: Page;
  let walk: Page;

  beforeAll(async () => {
    server = await serveCallPage();
    ({ browser } = await launchFirefox({ downloads }));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('shows the prompt when the call is cut', async () => {
    call = await browser.newPage();
    await call.goto(server.url);
    await call.evaluate(() => (window as unknown as { call: Promise<void> }).call);
    // Past the quality rules' warm-up, so a wrong one would have fired on the healthy call.
    await new Promise((r) => setTimeout(r, 12_000));
    expect(await call.evaluate(() => document.querySelector('lifeline-prompt'))).toBeNull();
    await call.evaluate(() => (window as unknown as { cutStudent(): void }).cutStudent());
    await waitFor(() => call.evaluate(() => document.querySelector('lifeline-prompt') !== null), {
      timeoutMs: 20_000,
      what: 'the prompt after the call was cut',
    });
  });

  it('walks a step, saves it, and drafts the email', async () => {
    const report = await walkToReport(browser, call);
    walk = report.walk;
    expect(report.firstStep).toMatch(/\S/);
    expect(report.subject).toMatch(/incident \d{1,2} \w{3} \d{4} \d{2}:\d{2}: /);
  });

  it('exports the incident in the version 1 format, and imports one', async () => {
    // BiDi will not navigate to moz-extension: addresses; the popup's own link opens the page.
    await walk.click('.popup-links a[href="/incidents.html"]');
    const incidents = await extensionPage(browser, '/incidents.html');
    await incidents.waitForSelector('[data-testid=summary][data-complete=true]');
    const rows = () => incidents.$$eval('[data-testid=incident-row]', (r) => r.length);
    expect(await rows()).toBe(1);

    const [button] = await incidents.$$('xpath/.//button[normalize-space()="Export JSON"]');
    await (button as ElementHandle<HTMLButtonElement>).click();
    // Firefox makes the file empty at once and writes it from a `.part` file: wait for it whole.
    const exported = await waitFor(
      async () => {
        const name = readdirSync(downloads).find((f) => f.endsWith('.json'));
        if (!name) return undefined;
        return incidentExportSchema.parse(
          JSON.parse(readFileSync(path.join(downloads, name), 'utf8')),
        );
      },
      { what: 'the JSON export in the downloads folder' },
    );
    expect(exported.incidents).toHaveLength(1);
    expect(exported.incidents[0]).toMatchObject({ kind: 'failed-connection' });
    expect(exported.incidents[0]!.steps.length).toBeGreaterThan(0);

    const file = path.join(mkdtempSync(path.join(tmpdir(), 'lifeline-firefox-import-')), 'a.json');
    const known = anIncident({ id: 'firefox-imported' });
    writeFileSync(file, JSON.stringify(buildIncidentExport([known], new Date())));
    const input = (await incidents.$(
      '[data-testid=import-file]',
    )) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(file);
    await incidents.waitForSelector('[data-testid=import-report]');
    await waitFor(async () => (await rows()) === 2, { what: 'the imported incident listed' });
  });
});
