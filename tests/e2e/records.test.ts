import type { Page, Target } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { buildIncidentExport, incidentExportSchema } from '@/lib/records/export-format';
import type { Incident } from '@/lib/shared/incident';
import { INCIDENT_CSV_COLUMNS } from '@/lib/records/csv';
import { openDemoLesson, type DemoServer } from './support/demo-lesson';
import { useDemoLessonBrowser } from './support/suite';
import { launchWithExtension, waitFor, type LifelineBrowser } from './support/extension';
import { openIncidents, openOptions } from './support/records-pages';
import { walkPage } from './support/respond-pages';
import { anIncident } from '../support/incidents';

/** The stored settings record, read from the extension's own IndexedDB. */
async function storedSettings(lifeline: LifelineBrowser): Promise<Record<string, unknown>> {
  return lifeline.control.evaluate(
    () =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const open = indexedDB.open('lifeline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('settings').objectStore('settings').get('current');
          get.onsuccess = () => {
            open.result.close();
            resolve(get.result ?? {});
          };
        };
      }),
  );
}

type Row = { id: string } & Record<string, unknown>;
/** A stored record as the export shows it: without the store's own `schemaVersion`. */
const withoutVersion = ({ schemaVersion: _v, ...rest }: Row): Row => rest as Row;
const byId = <T extends { id: string }>(list: T[]) =>
  [...list].sort((a, b) => (a.id < b.id ? -1 : 1));

/**
 * Two known incidents of the last hour, brought in through the incidents page's Import as a tutor
 * restoring a file would, so each test has what it reads without relying on an earlier one.
 * Importing them again changes nothing ("already here").
 */
async function withKnownIncidents(lifeline: LifelineBrowser): Promise<Incident[]> {
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const known = [
    anIncident({ id: 'known-cut', startedAt: at(50), detectedAt: at(50), endedAt: at(48) }),
    anIncident({
      id: 'known-sound',
      kind: 'no-sound',
      side: 'remote',
      cause: 'media-stopped',
      startedAt: at(20),
      detectedAt: at(20),
      endedAt: at(19),
      outcome: { type: 'phone', at: at(19) },
    }),
  ];
  const incidents = await openIncidents(lifeline);
  await incidents.importFile('known.json', JSON.stringify(buildIncidentExport(known, new Date())));
  await incidents.complete();
  await incidents.page.close();
  return known;
}

/** The profile's Export JSON, with the known incidents in it whatever ran before. */
async function exportedJson(lifeline: LifelineBrowser): Promise<{ name: string; text: string }> {
  await withKnownIncidents(lifeline);
  const incidents = await openIncidents(lifeline);
  const file = await incidents.download('Export JSON');
  await incidents.page.close();
  return file;
}

// Issue #5 end to end: the options page, the incidents page fed by a real demo fault, and the
// export/import round trip between two fresh Chromium profiles.
describe('records and settings, end to end', () => {
  let lifeline: LifelineBrowser;
  let server: DemoServer;
  useDemoLessonBrowser((l, s) => ([lifeline, server] = [l, s]));

  it('refuses an invalid incident address with a message beside the field, saving nothing', async () => {
    const options = await openOptions(lifeline);
    await options.fill('incidentEmail', 'office at tutors');
    expect(await options.save()).toContain('Not saved');
    expect(await options.errorFor('incidentEmail')).toContain('Enter an email address');
    expect(await storedSettings(lifeline)).not.toHaveProperty('incidentEmail', 'office at tutors');
    await options.page.close();
  });

  it('saves valid settings where the extension reads them, and shows them again', async () => {
    const options = await openOptions(lifeline);
    await options.fill('organisationName', 'West Country Tutors');
    await options.fill('incidentEmail', 'incidents@westcountry.example.org');
    await options.fill('withholdPrefix', '#31#');
    await options.fill('retentionDays', '30');
    expect(await options.save()).toBe('Saved.');
    expect(await storedSettings(lifeline)).toMatchObject({
      organisationName: 'West Country Tutors',
      incidentEmail: 'incidents@westcountry.example.org',
      withholdPrefix: '#31#',
      retentionDays: 30,
    });
    await options.page.reload();
    await options.page.waitForSelector('#incidentEmail');
    expect(await options.value('incidentEmail')).toBe('incidents@westcountry.example.org');
    await options.page.close();
  });

  it('restores the defaults in one click', async () => {
    const options = await openOptions(lifeline);
    await options.page.click('xpath/.//button[normalize-space()="Restore defaults"]');
    await options.page.waitForSelector('[data-testid=save-status]');
    expect(await storedSettings(lifeline)).toMatchObject({ incidentEmail: '', retentionDays: 90 });
    expect(await options.value('retentionDays')).toBe('90');
    await options.page.close();
  });

  it('shows an incident from a demo fault on the incidents page, with its call chart', async () => {
    const lesson = await openDemoLesson(lifeline, server);
    // A few healthy seconds give the chart its "before" part.
    await new Promise((r) => setTimeout(r, 4000));
    await lesson.fault('connectionCut');
    const incident = await waitFor(async () => (await lifeline.incidents())[0], {
      what: 'the failed-connection incident',
    });
    await new Promise((r) => setTimeout(r, 3000));
    await lesson.restore();

    const incidents = await openIncidents(lifeline);
    expect(await incidents.total()).toBe(1);
    await incidents.page.click('[data-testid=incident-row] a');
    await incidents.page.waitForSelector('[data-testid=incident-detail]');
    expect(await incidents.page.$eval('[data-testid=detail-side]', (e) => e.textContent)).toBe(
      'Not known yet',
    );
    const chart = await incidents.page.waitForSelector('[data-testid=incident-timeline]');
    const receiving = await chart!.$eval('path[data-series=inKbps]', (p) => p.getAttribute('d'));
    // At least a few seconds drawn: one segment with several points.
    expect(receiving?.split('L').length).toBeGreaterThan(4);
    expect(
      await incidents.page.$eval('[data-testid=report-link]', (a) => a.getAttribute('href')),
    ).toBe(`/popup.html?incident=${encodeURIComponent(incident.id)}&screen=report`);
    await incidents.page.close();
    await lesson.page.close();
  });

  it('drafts the incident email with the settings saved in the options page', async () => {
    await withKnownIncidents(lifeline);
    const options = await openOptions(lifeline);
    await options.fill('incidentEmail', 'office@brightstart.example');
    await options.fill('tutorName', 'Alex Morgan');
    await options.page.select('[id="playbook"]', 'counselling');
    expect(await options.save()).toBe('Saved.');
    await options.page.close();

    // From the incidents page, as the tutor reaches it: the incident's "Report email" link.
    const incidents = await openIncidents(lifeline);
    await incidents.page.click('[data-testid=incident-row] a');
    const link = await incidents.page.waitForSelector('[data-testid=report-link]');
    const opened = new Promise<Page | null>((resolve) =>
      lifeline.browser.once('targetcreated', (t: Target) => resolve(t.page())),
    );
    await link!.click();
    const popup = (await opened)!;
    await popup.waitForSelector('[data-testid="email-body"]');
    const email = await walkPage(popup).email();
    expect(email.to).toBe('office@brightstart.example');
    expect(email.subject).toMatch(/^Session incident \d{1,2} \w{3} \d{4} \d{2}:\d{2}: /);
    expect(email.body).toContain('A session of mine was disrupted by a technical failure.');
    expect(email.body).toMatch(/Thank you,\nAlex Morgan$/);
    await popup.close();
    await incidents.page.close();
  });

  it('exports exactly the version 1 format of design §7, and the same incidents as CSV', async () => {
    const exported = await exportedJson(lifeline);
    const incidents = await openIncidents(lifeline);
    expect(exported.name).toMatch(/^lifeline-incidents-\d{4}-\d{2}-\d{2}\.json$/);
    const file = incidentExportSchema.strict().parse(JSON.parse(exported.text));
    const stored = (await lifeline.incidents()) as unknown as Row[];
    expect(byId(file.incidents)).toEqual(byId(stored.map(withoutVersion)));
    for (const incident of JSON.parse(exported.text).incidents) {
      expect(incident).not.toHaveProperty('schemaVersion');
    }

    const csv = await incidents.download('Export CSV');
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(INCIDENT_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(stored.length + 1);
    await incidents.page.close();
  });

  it('restores the same incidents into a fresh profile, and keeps them through a corrupt import', async () => {
    const exported = await exportedJson(lifeline);
    const fresh = await launchWithExtension();
    try {
      const incidents = await openIncidents(fresh);
      expect(await incidents.total()).toBe(0);
      const report = await incidents.importFile(exported.name, exported.text);
      const original = incidentExportSchema.parse(JSON.parse(exported.text)).incidents;
      expect(report).toMatchObject({ id: 'import-report' });
      expect(report.text).toContain(`Imported: ${original.length} new, 0 updated, 0 already here.`);
      await incidents.complete();
      expect(await incidents.total()).toBe(original.length);
      const restored = (await fresh.incidents()) as unknown as Row[];
      expect(byId(restored.map(withoutVersion))).toEqual(byId(original));

      // Not JSON at all: refused whole, nothing changes.
      const broken = await incidents.importFile('broken.json', '{"format": "lifeline.inc');
      expect(broken).toMatchObject({ id: 'import-error' });
      expect(broken.text).toContain('not valid JSON');

      // One bad record among good ones: that record is reported with why, the rest merge.
      const corrupt = JSON.parse(exported.text);
      corrupt.incidents.push(
        { ...original[0], id: 'bad-one', side: 'theirs', startedAt: 'last Tuesday' },
        { ...original[0], id: 'good-new' },
      );
      const partial = await incidents.importFile('corrupt.json', JSON.stringify(corrupt));
      expect(partial.text).toContain(
        `Imported: 1 new, 0 updated, ${original.length} already here.`,
      );
      expect(partial.text).toContain('1 not imported');
      expect(partial.text).toMatch(/Record \d+ \(id bad-one\): side: .*; startedAt: /);
      const after = (await fresh.incidents()).map((i) => i.id).sort();
      expect(after).toEqual([...original.map((i) => i.id), 'good-new'].sort());
      await incidents.page.close();
    } finally {
      await fresh.close();
    }
  });
  it('narrows the list with each filter, and says so when none match', async () => {
    const fresh = await launchWithExtension();
    try {
      const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
      /** A failed connection on the tutor's side `d` days ago, unless `change` says otherwise. */
      const made = (id: string, d: number, change: Partial<Incident>) =>
        anIncident({
          id,
          startedAt: daysAgo(d),
          detectedAt: daysAgo(d),
          endedAt: daysAgo(d),
          ...change,
        });
      const list = [
        // Seven seconds lost: under a minute, which the chart's axis must still say.
        made('cut-recent', 1, { endedAt: new Date(Date.parse(daysAgo(1)) + 7000).toISOString() }),
        made('cut-old', 40, { side: 'unknown' }),
        made('their-sound', 2, {
          kind: 'no-sound',
          side: 'remote',
          cause: 'media-stopped',
          outcome: { type: 'phone', at: daysAgo(2) },
        }),
        made('camera-off', 3, { kind: 'no-video', side: 'remote', dismissed: true }),
        made('upload-low', 12, {
          kind: 'bandwidth-pressure',
          severity: 'warning',
          outcome: { type: 'abandoned', at: daysAgo(12) },
        }),
      ];
      const incidents = await openIncidents(fresh);
      await incidents.importFile(
        'five.json',
        JSON.stringify(buildIncidentExport(list, new Date())),
      );
      await incidents.complete();
      const { page } = incidents;
      const choose = async (name: string, value: string) => {
        await page.select(`select[name="${name}"]`, value);
      };
      const setDay = (name: 'from' | 'to', value: string) =>
        page.$eval(
          `input[name="${name}"]`,
          (input, v) => {
            (input as HTMLInputElement).value = v;
            input.dispatchEvent(new Event('input', { bubbles: true }));
          },
          value,
        );
      const expectRows = (n: number, what: string) =>
        waitFor(async () => (await incidents.rows()) === n, { what });

      await expectRows(5, 'all five incidents');
      await choose('kind', 'failed-connection');
      await expectRows(2, 'the two failed connections');
      await choose('side', 'local');
      await expectRows(1, 'the failed connection on the tutor side');
      expect(await page.$eval('[data-testid=summary]', (e) => e.textContent)).toContain(
        '1 incident of 5, 7 s of lessons lost',
      );
      // The axis top is the next round figure above 7 s (0.2 min), in words a tutor reads.
      expect(
        await page.$eval(
          'svg[aria-label="Minutes lost per week"] .axis-label',
          (e) => e.textContent,
        ),
      ).toBe('12 s');
      await choose('kind', 'any');
      await expectRows(2, 'everything on the tutor side');
      await choose('side', 'remote');
      await choose('dismissed', 'yes');
      await expectRows(1, 'the dismissed camera');
      await choose('dismissed', 'no');
      await choose('outcome', 'phone');
      await expectRows(1, 'the lesson carried on by phone');
      await choose('side', 'any');
      await choose('dismissed', 'any');
      await choose('outcome', 'none');
      await expectRows(3, 'those with no outcome recorded');
      await choose('outcome', 'any');

      // The date range counts whole local days.
      const day = (d: number) => daysAgo(d).slice(0, 10);
      await setDay('from', day(14));
      await expectRows(4, 'the last fortnight');
      await setDay('to', day(5));
      await expectRows(1, 'between two weeks and five days ago');
      await choose('kind', 'no-sound');
      await expectRows(0, 'no match');
      expect(await page.$eval('[data-testid=no-incidents]', (e) => e.textContent)).toContain(
        'No incidents match.',
      );
      // Export CSV saves exactly those shown.
      await choose('kind', 'any');
      await expectRows(1, 'the bandwidth warning again');
      const csv = await incidents.download('Export CSV');
      const lines = csv.text.trimEnd().split('\r\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain('upload-low');
      await page.close();
    } finally {
      await fresh.close();
    }
  });
});
