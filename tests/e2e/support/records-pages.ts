import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { waitFor, type LifelineBrowser } from './extension';

/** Page object for the options page. */
export async function openOptions(lifeline: LifelineBrowser) {
  const page = await lifeline.browser.newPage();
  await page.goto(`chrome-extension://${lifeline.extensionId}/options.html`);
  await page.waitForSelector('#incidentEmail');
  const field = (name: string) =>
    page.$(`[id="${name}"]`) as Promise<ElementHandle<HTMLInputElement>>;
  return {
    page,
    /** Replaces a text field's value as the tutor would, by selecting it and typing. */
    async fill(name: string, value: string) {
      const input = await field(name);
      await input.click({ count: 3 });
      await page.keyboard.press('Backspace');
      if (value) await input.type(value);
    },
    value: (name: string) => page.$eval(`[id="${name}"]`, (e) => (e as HTMLInputElement).value),
    async save() {
      await page.click('button[type=submit]');
      return page
        .waitForSelector('[data-testid=save-status]')
        .then((e) => e!.evaluate((n) => n.textContent ?? ''));
    },
    errorFor: (name: string) =>
      page
        .$(`[data-testid="error-${name}"]`)
        .then((e) => (e ? e.evaluate((n) => n.textContent ?? '') : null)),
  };
}

/** Page object for the incidents page; downloads land in a fresh folder of their own. */
export async function openIncidents(lifeline: LifelineBrowser, hash = '') {
  const page = await lifeline.browser.newPage();
  const downloads = mkdtempSync(path.join(tmpdir(), 'lifeline-downloads-'));
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  await page.goto(`chrome-extension://${lifeline.extensionId}/incidents.html${hash}`);
  const complete = () => page.waitForSelector('[data-testid=summary][data-complete=true]');
  if (!hash) await complete();
  let imports = 0;
  return {
    page,
    rows: () => page.$$eval('[data-testid=incident-row]', (rows) => rows.length),
    total: () => page.$eval('[data-testid=total]', (e) => Number(e.textContent)),
    /** Clicks a button by its label and returns the text of the file it downloads. */
    async download(label: 'Export JSON' | 'Export CSV'): Promise<{ name: string; text: string }> {
      const before = new Set(readdirSync(downloads));
      const [button] = await page.$$(`xpath/.//button[normalize-space()="${label}"]`);
      await (button as ElementHandle<HTMLButtonElement>).click();
      const name = await waitFor(
        async () =>
          readdirSync(downloads).find((f) => !before.has(f) && !f.endsWith('.crdownload')),
        { what: `the ${label} download` },
      );
      return { name, text: readFileSync(path.join(downloads, name), 'utf8') };
    },
    /** Imports `text` as a file called `name` through the page's file input. */
    async importFile(name: string, text: string) {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'lifeline-import-')), name);
      writeFileSync(file, text);
      const input = (await page.$('[data-testid=import-file]')) as ElementHandle<HTMLInputElement>;
      await input.uploadFile(file);
      const shown = `[data-import="${++imports}"]`;
      return page
        .waitForSelector(
          `${shown} [data-testid=import-report], ${shown} [data-testid=import-error]`,
        )
        .then((e) =>
          e!.evaluate((n) => ({ id: n.getAttribute('data-testid'), text: n.textContent ?? '' })),
        );
    },
    complete,
  };
}

export type IncidentsPage = Awaited<ReturnType<typeof openIncidents>>;
export type OptionsPage = Awaited<ReturnType<typeof openOptions>>;
export type { Page };
