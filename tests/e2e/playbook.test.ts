import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_PLAYBOOKS } from '@/lib/respond/builtin-playbooks';
import type { PlaybookDocument } from '@/lib/respond/playbook-document';
import type { IncidentKind, Side } from '@/lib/shared/incident';
import { buildIncidentExport } from '@/lib/records/export-format';
import { anIncident } from '../support/incidents';
import { launchWithExtension, waitFor, type LifelineBrowser } from './support/extension';
import { openIncidents, openOptions } from './support/records-pages';
import { walkPage } from './support/respond-pages';

interface PlaybookAnswer {
  playbook: PlaybookDocument;
  custom: boolean;
  problems: string[];
}

/** One row of the preview as the tutor reads it. */
interface PreviewRow {
  id: string;
  count: string;
  title: string;
  line: string;
}

/**
 * The options page scrolled to "Your playbook", with downloads caught in a folder of its own, and
 * the background's own answer to `get-playbook` asked through the page's messaging.
 */
async function openPlaybook(lifeline: LifelineBrowser) {
  const options = await openOptions(lifeline);
  const { page } = options;
  const downloads = mkdtempSync(path.join(tmpdir(), 'lifeline-playbook-downloads-'));
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  await page.waitForSelector('[data-testid=playbook-step]');
  const row = (id: string) => `[data-testid=playbook-step][data-step-id="${id}"]`;
  const status = () => page.$eval('[data-testid=playbook-status]', (e) => e.textContent ?? '');
  const waitForStatus = (includes: string) =>
    page
      .waitForFunction(
        (text) =>
          document.querySelector('[data-testid=playbook-status]')?.textContent?.includes(text),
        { timeout: 10_000 },
        includes,
      )
      .then(status);
  const fill = async (selector: string, value: string) => {
    const input = (await page.$(selector)) as ElementHandle<HTMLInputElement>;
    await input.click({ count: 3 });
    await page.keyboard.press('Backspace');
    if (value) await input.type(value);
  };
  return {
    page,
    row,
    status,
    waitForStatus,
    fill,
    stepIds: () =>
      page.$$eval('[data-testid=playbook-step]', (rows) =>
        rows.map((r) => r.getAttribute('data-step-id')!),
      ),
    enabled: (id: string) =>
      page.$eval(`${row(id)} input[type=checkbox]`, (e) => (e as HTMLInputElement).checked),
    async openEdit(id: string) {
      await page.$eval(
        `${row(id)} details.step-edit`,
        (d) => ((d as HTMLDetailsElement).open = true),
      );
    },
    async preview(kind: IncidentKind, side: Side): Promise<PreviewRow[]> {
      await page.select('#preview-kind', kind);
      await page.select('#preview-side', side);
      return page.$$eval('[data-testid=preview-step]', (rows) =>
        rows.map((r) => ({
          id: r.getAttribute('data-step-id')!,
          count: r.querySelector('.preview-count')!.textContent!,
          title: r.querySelector('.preview-title')!.textContent!,
          line: r.querySelector('.preview-line')!.textContent!,
        })),
      );
    },
    answer: () =>
      page.evaluate(
        () => chrome.runtime.sendMessage({ type: 'get-playbook' }) as Promise<PlaybookAnswer>,
      ),
    async save() {
      await page.click('[data-testid=playbook-save]');
      // "Saved." only: a refusal still shown from before would end the wait too soon.
      return waitForStatus('Saved.');
    },
    async exportFile(): Promise<{ name: string; text: string }> {
      const before = new Set(readdirSync(downloads));
      await page.click('[data-testid=playbook-export]');
      const name = await waitFor(
        async () =>
          readdirSync(downloads).find((f) => !before.has(f) && !f.endsWith('.crdownload')),
        { what: 'the playbook download' },
      );
      return { name, text: readFileSync(path.join(downloads, name), 'utf8') };
    },
    /** Imports `text` as a file called `name` and returns the status once it names the file. */
    async importFile(name: string, text: string, expect: string) {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'lifeline-playbook-import-')), name);
      writeFileSync(file, text);
      const input = (await page.$(
        '[data-testid=playbook-import-file]',
      )) as ElementHandle<HTMLInputElement>;
      await input.uploadFile(file);
      return waitForStatus(expect);
    },
    reasons: () =>
      page.$$eval('[data-testid=playbook-reasons] li', (items) =>
        items.map((i) => i.textContent ?? ''),
      ),
  };
}
type PlaybookPage = Awaited<ReturnType<typeof openPlaybook>>;

const PAIRS: [IncidentKind, Side][] = [
  ['no-sound', 'remote'],
  ['no-sound', 'local'],
  ['failed-connection', 'local'],
  ['failed-connection', 'remote'],
  ['bandwidth-pressure', 'unknown'],
  ['no-video', 'remote'],
];

async function previews(editor: PlaybookPage) {
  const all: Record<string, PreviewRow[]> = {};
  for (const [kind, side] of PAIRS) all[`${kind}/${side}`] = await editor.preview(kind, side);
  return all;
}

const focusedMove = (page: Page) =>
  page.evaluate(() => ({
    step: document.activeElement?.closest('[data-step-id]')?.getAttribute('data-step-id'),
    move: document.activeElement?.getAttribute('data-move'),
  }));

// Issue #11 point 5 end to end: the organisation's playbook edited, previewed, saved, sent as a
// file to a fresh profile, and bad files refused without changing anything.
describe('the playbook editor, end to end', () => {
  let lifeline: LifelineBrowser;
  beforeAll(async () => {
    lifeline = await launchWithExtension();
  });
  afterAll(() => lifeline?.close());

  it('keeps steps turned off, renamed, moved and added, by keyboard, after saving and reopening', async () => {
    const editor = await openPlaybook(lifeline);
    const { page, row } = editor;
    expect(await editor.stepIds()).toEqual(BUILT_IN_PLAYBOOKS.tutoring.steps.map((s) => s.id));
    expect(await page.$eval('[data-testid=playbook-source]', (e) => e.textContent)).toContain(
      'built-in playbook "Tutoring (Online Failure Guidelines)"',
    );
    expect((await editor.answer()).custom).toBe(false);

    const before = await editor.preview('no-sound', 'local');
    expect(before.map((r) => r.id)).toContain('check-microphone');
    expect(before[0]!.count).toBe(`1 of ${before.length}`);

    // Off: the tick box, by Space.
    await page.focus(`${row('check-microphone')} input[type=checkbox]`);
    await page.keyboard.press('Space');
    expect(await editor.enabled('check-microphone')).toBe(false);
    expect(await page.$eval(`${row('check-microphone')} label`, (e) => e.textContent)).toContain(
      '(turned off)',
    );

    // Renamed through its Edit disclosure, opened by keyboard.
    await page.focus(`${row('close-other-media')} summary`);
    await page.keyboard.press('Enter');
    await editor.fill('#step-close-other-media-title', 'Mute the other tabs');

    // Up by one, by Enter on the button; the focus stays on it after the row moved.
    await page.focus(`${row('continue-by-typing')} [data-move=up]`);
    await page.keyboard.press('Enter');
    await waitFor(async () => (await focusedMove(page)).step === 'continue-by-typing', {
      what: 'the focus to follow the moved step',
    });
    expect(await focusedMove(page)).toEqual({ step: 'continue-by-typing', move: 'up' });
    const ids = await editor.stepIds();
    expect(ids.indexOf('continue-by-typing')).toBe(ids.indexOf('continue-by-phone') - 1);
    expect(await editor.status()).toBe(
      `"Carry on by typing" is now step ${ids.indexOf('continue-by-typing') + 1} of ${ids.length}. Save to keep it.`,
    );

    // Added: for lost sound only, and "yes" records that the lesson went on by phone.
    await page.click('[data-testid=add-step] summary');
    await editor.fill('#new-step-title', 'Ring the office line');
    await editor.fill(
      '#new-step-lines',
      'Call the office on 0100 000 000.\nThey dial the {person}.',
    );
    for (const kind of ['failed-connection', 'unstable-connection', 'no-video']) {
      await page.click(`input[name=new-step-kind][value="${kind}"]`);
    }
    await page.click('input[name=new-step-kind][value="bandwidth-pressure"]');
    await page.click('input[name=new-step-kind][value="whiteboard-disconnected"]');
    await editor.fill('#new-step-yes', 'Yes, the office rang them');
    await page.select('#new-step-outcome', 'phone');
    await page.click('xpath/.//button[normalize-space()="Add this step"]');
    await editor.waitForStatus('Added "Ring the office line"');
    const added = await editor.stepIds();
    expect(added).toContain('ring-the-office-line');
    expect(added.length).toBe(ids.length + 1);

    // The preview follows the edits before they are saved.
    const edited = await editor.preview('no-sound', 'local');
    const editedIds = edited.map((r) => r.id);
    expect(editedIds).not.toContain('check-microphone');
    expect(edited.find((r) => r.id === 'close-other-media')!.title).toBe('Mute the other tabs');
    expect(editedIds.indexOf('continue-by-typing')).toBeLessThan(
      editedIds.indexOf('continue-by-phone'),
    );
    const office = edited.find((r) => r.id === 'ring-the-office-line')!;
    expect(office.line).toBe('Call the office on 0100 000 000.');
    expect(edited.map((r) => r.count)).toEqual(
      edited.map((_, i) => `${i + 1} of ${edited.length}`),
    );
    expect((await editor.preview('no-video', 'local')).map((r) => r.id)).not.toContain(
      'ring-the-office-line',
    );

    expect(await editor.save()).toContain('Saved.');
    const stored = await editor.answer();
    expect(stored.custom).toBe(true);
    expect(stored.playbook.steps.map((s) => s.id)).toEqual(added);
    expect(stored.playbook.steps.find((s) => s.id === 'ring-the-office-line')).toEqual({
      id: 'ring-the-office-line',
      enabled: true,
      section: 'continue',
      title: 'Ring the office line',
      text: ['Call the office on 0100 000 000.', 'They dial the {person}.'],
      kinds: ['no-sound'],
      yes: { label: 'Yes, the office rang them', outcome: 'phone' },
    });
    expect(Date.parse(stored.playbook.updatedAt)).toBeGreaterThan(Date.now() - 60_000);
    await page.close();

    const again = await openPlaybook(lifeline);
    expect(await again.stepIds()).toEqual(added);
    expect(await again.enabled('check-microphone')).toBe(false);
    expect(await again.preview('no-sound', 'local')).toEqual(edited);
    expect(await again.page.$eval('[data-testid=playbook-source]', (e) => e.textContent)).toMatch(
      /organisation's playbook "Tutoring \(Online Failure Guidelines\)", last edited/,
    );
    await again.page.close();
  });

  it('gives the same walk in a fresh profile that imports the exported file', async () => {
    const editor = await openPlaybook(lifeline);
    await editor.fill('#playbook-name', 'Bright Tutors playbook');
    await editor.page.click(`${editor.row('wait-for-rejoin')} input[type=checkbox]`);
    await editor.page.click(`${editor.row('offer-replacement')} [data-move=up]`);
    expect(await editor.save()).toContain('Saved.');
    const saved = (await editor.answer()).playbook;
    const file = await editor.exportFile();
    expect(file.name).toBe('lifeline-playbook.json');
    expect(JSON.parse(file.text)).toEqual(saved);
    const walks = await previews(editor);
    expect(walks['failed-connection/remote']!.map((r) => r.id)).not.toContain('wait-for-rejoin');
    await editor.page.close();

    const fresh = await launchWithExtension();
    try {
      const other = await openPlaybook(fresh);
      expect((await other.answer()).custom).toBe(false);
      expect(await previews(other)).not.toEqual(walks);
      const status = await other.importFile(file.name, file.text, 'Imported');
      expect(status).toContain(
        `Imported and saved "Bright Tutors playbook": ${saved.steps.length} steps, last edited`,
      );
      const answer = await other.answer();
      expect(answer.custom).toBe(true);
      expect(answer.playbook).toEqual(saved);
      expect(await other.stepIds()).toEqual(saved.steps.map((s) => s.id));
      expect(await previews(other)).toEqual(walks);
      // The import is stored, not only shown: a page opened afterwards walks the same.
      await other.page.close();
      expect(await previews(await openPlaybook(fresh))).toEqual(walks);

      // And the popup's walk for a real incident record follows the imported playbook too.
      const startedAt = new Date(Date.now() - 2 * 60_000).toISOString();
      const pairs = [
        ['no-sound', 'remote'],
        ['failed-connection', 'remote'],
      ] as const;
      const cases = pairs.map(([kind, side]) =>
        anIncident({
          id: `pb-${kind}-${side}`,
          kind,
          side,
          startedAt,
          detectedAt: startedAt,
          endedAt: null,
        }),
      );
      const incidents = await openIncidents(fresh);
      await incidents.importFile(
        'walks.json',
        JSON.stringify(buildIncidentExport(cases, new Date())),
      );
      await incidents.page.close();
      const popup = await fresh.browser.newPage();
      for (const incident of cases) {
        const preview = walks[`${incident.kind}/${incident.side}`]!;
        await popup.goto(
          `chrome-extension://${fresh.extensionId}/popup.html?incident=${incident.id}`,
        );
        await popup.waitForSelector('[data-testid="walk"][data-screen="step-0"]');
        const walk = walkPage(popup);
        expect(await walk.allStepIds()).toEqual(preview.map((r) => r.id));
        expect(await walk.title()).toBe(preview[0]!.title);
        expect(await walk.progress()).toBe(`Step 1 of ${preview.length}`);
      }
      await popup.close();
    } finally {
      await fresh.close();
    }
  });

  it('refuses a bad file or a bad edit with every reason, changing nothing', async () => {
    const editor = await openPlaybook(lifeline);
    const before = await editor.answer();
    const rows = await editor.stepIds();
    const good = before.playbook;
    const withSteps = (change: (steps: PlaybookDocument['steps']) => void) => {
      const copy = structuredClone(good);
      change(copy.steps);
      return JSON.stringify(copy);
    };
    const third = good.steps[2]!.id;
    const first = good.steps[0]!.id;
    const cases: { name: string; text: string; reasons: (string | RegExp)[] }[] = [
      {
        name: 'not-json.json',
        text: '{"format": "lifeline.playbook",',
        reasons: [/^The file is not JSON: /],
      },
      {
        name: 'version-2.json',
        text: JSON.stringify({ ...good, version: 2 }),
        reasons: [
          'version: This playbook is a version this Lifeline does not know (it reads version 1).',
        ],
      },
      {
        name: 'no-words.json',
        text: withSteps((steps) => {
          steps[2]!.title = ' ';
          steps[2]!.text = [];
        }),
        reasons: [
          `step 3 (${third}), title: This needs some words.`,
          `step 3 (${third}), text: A step needs at least one line of words.`,
        ],
      },
      {
        name: 'same-ids.json',
        text: withSteps((steps) => {
          steps[1]!.id = first;
        }),
        reasons: [
          `step 2 (${first}), id: Two steps have the id "${first}": each step needs its own.`,
        ],
      },
    ];
    for (const c of cases) {
      const status = await editor.importFile(c.name, c.text, `${c.name} was refused`);
      expect(status).toContain('nothing was changed');
      const shown = await editor.reasons();
      expect(shown).toHaveLength(c.reasons.length);
      c.reasons.forEach((reason, i) =>
        typeof reason === 'string'
          ? expect(shown[i]).toBe(reason)
          : expect(shown[i]).toMatch(reason),
      );
      expect(await editor.answer()).toEqual(before);
      expect(await editor.stepIds()).toEqual(rows);
    }

    // An edit that empties a step's words is refused at Save, the reason beside that step.
    await editor.openEdit(third);
    await editor.fill(`#step-${third}-title`, '');
    await editor.page.click('[data-testid=playbook-save]');
    expect(await editor.waitForStatus('Not saved')).toContain(
      `step 3 (${third}), title: This needs some words.`,
    );
    expect(
      await editor.page.$eval(
        `${editor.row(third)} [data-testid=step-reasons]`,
        (e) => e.textContent,
      ),
    ).toBe(`step 3 (${third}), title: This needs some words.`);
    // The focus goes to the field to correct.
    expect(await editor.page.evaluate(() => document.activeElement?.id)).toBe(
      `step-${third}-title`,
    );
    expect(await editor.answer()).toEqual(before);

    // Corrected, the step's words stay open under the typing, and it saves.
    await editor.page.keyboard.type('Mute the tabs playing sound');
    expect(
      await editor.page.$eval(
        `${editor.row(third)} details`,
        (d) => (d as HTMLDetailsElement).open,
      ),
    ).toBe(true);
    expect(await editor.save()).toContain('Saved.');
    expect((await editor.answer()).playbook.steps[2]!.title).toBe('Mute the tabs playing sound');
    await editor.page.close();
  });

  it('removes a step the organisation added, the focus going on to the next step', async () => {
    const editor = await openPlaybook(lifeline);
    const { page } = editor;
    const before = await editor.stepIds();
    expect(await page.$(`${editor.row('continue-by-phone')} details button`)).toBeNull();
    const at = before.indexOf('ring-the-office-line');
    expect(at).toBeGreaterThan(-1);
    await editor.openEdit('ring-the-office-line');
    await page.click('xpath/.//button[normalize-space()="Remove this step"]');
    await editor.waitForStatus('Removed "Ring the office line"');
    expect(await editor.stepIds()).toEqual(before.filter((id) => id !== 'ring-the-office-line'));
    expect(
      await page.evaluate(() =>
        document.activeElement?.closest('[data-step-id]')?.getAttribute('data-step-id'),
      ),
    ).toBe(before[at + 1]);
    expect(await editor.save()).toContain('Saved.');
    expect((await editor.answer()).playbook.steps.map((s) => s.id)).not.toContain(
      'ring-the-office-line',
    );
    await page.close();
  });

  it('goes back to the built-in playbook only once the tutor confirms', async () => {
    const editor = await openPlaybook(lifeline);
    expect((await editor.answer()).custom).toBe(true);
    await editor.page.click('[data-testid=playbook-restore]');
    expect(await editor.page.$('[data-testid=playbook-restore-yes]')).not.toBeNull();
    expect((await editor.answer()).custom).toBe(true);
    await editor.page.click('[data-testid=playbook-restore-yes]');
    expect(await editor.waitForStatus('Back to the built-in playbook')).toContain(
      BUILT_IN_PLAYBOOKS.tutoring.name,
    );
    const answer = await editor.answer();
    expect(answer.custom).toBe(false);
    expect(answer.playbook).toEqual(BUILT_IN_PLAYBOOKS.tutoring);
    expect(await editor.stepIds()).toEqual(BUILT_IN_PLAYBOOKS.tutoring.steps.map((s) => s.id));
    await editor.page.close();
  });

  it('follows the settings: the built-in playbook they name, and their words in the preview', async () => {
    const editor = await openPlaybook(lifeline);
    expect((await editor.answer()).custom).toBe(false);
    await editor.page.select('#playbook', 'counselling');
    await editor.fill('[id="organisationPhone.label"]', 'The Bright Minds phone');
    await editor.page.click('button[type=submit]');
    await editor.page.waitForSelector('[data-testid=save-status]');
    await waitFor(
      async () =>
        JSON.stringify(await editor.stepIds()) ===
        JSON.stringify(BUILT_IN_PLAYBOOKS.counselling.steps.map((s) => s.id)),
      { what: 'the editor to show the counselling playbook' },
    );
    expect(
      await editor.page.$eval('[data-testid=playbook-source]', (e) => e.textContent),
    ).toContain(BUILT_IN_PLAYBOOKS.counselling.name);
    const walk = await editor.preview('no-sound', 'remote');
    expect(walk.map((r) => r.id)).toContain('who-contacts-whom');
    expect(walk.find((r) => r.id === 'continue-by-phone')!.line).toMatch(
      /^The Bright Minds phone\. /,
    );
    await editor.page.select('#playbook', 'tutoring');
    await editor.page.click('button[type=submit]');
    await editor.page.close();
  });

  it('leaves the step titles an incident recorded as they were when the playbook changes', async () => {
    const at = new Date(Date.now() - 60_000).toISOString();
    const incident = anIncident({
      id: 'pb-titles',
      kind: 'no-sound',
      side: 'remote',
      startedAt: at,
      detectedAt: at,
      endedAt: null,
    });
    const incidents = await openIncidents(lifeline);
    await incidents.importFile(
      'one.json',
      JSON.stringify(buildIncidentExport([incident], new Date())),
    );
    await incidents.page.close();
    const record = () =>
      lifeline.control.evaluate(
        (id) =>
          chrome.runtime.sendMessage({
            type: 'record-step',
            incidentId: id,
            stepId: 'continue-by-phone',
            result: 'done',
          }),
        incident.id,
      );
    const titles = async () =>
      (
        (await lifeline.incidents()).find((i) => i.id === incident.id) as unknown as {
          steps: { title?: string }[];
        }
      ).steps.map((s) => s.title);

    await record();
    const editor = await openPlaybook(lifeline);
    await editor.openEdit('continue-by-phone');
    await editor.fill('#step-continue-by-phone-title', 'Phone them');
    expect(await editor.save()).toContain('Saved.');
    await editor.page.close();
    await record();
    expect(await titles()).toEqual(['Carry on with sound over the phone', 'Phone them']);
  });

  it('fits 200 % zoom without scrolling sideways, with a step and the new step open', async () => {
    const editor = await openPlaybook(lifeline);
    // 200 % of a 1280 px wide window leaves 640 CSS pixels.
    await editor.page.setViewport({ width: 640, height: 800 });
    await editor.openEdit('close-other-media');
    await editor.page.click('[data-testid=add-step] summary');
    const width = await editor.page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(width.scroll).toBeLessThanOrEqual(width.client);
    await editor.page.close();
  });
});
