import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_VERSION } from '@/lib/records/store';
import { STORAGE_PROBLEM_WORDS } from '@/lib/records/storage-problem';
import { openDemoLesson, startDemoServer, type DemoServer } from './support/demo-lesson';
import {
  EXTENSION_DIR,
  launchWithExtension,
  waitFor,
  type LifelineBrowser,
  type StoredIncidentRow,
} from './support/extension';
import { waitForPrompt } from './support/respond-pages';

// An update in place, as the stores deliver one: the previous release (0.1.0, built here from its
// commit in a temporary worktree) records incidents, settings, a walk in progress and an incident
// still open in a live call; then the current build replaces its files in the same folder and the
// extension reloads, mid-lesson. Both builds carry the same fixed key, so the extension id, and
// with it every stored record, is the same one.
const ROOT = path.resolve(import.meta.dirname, '../..');
const PREVIOUS = { version: '0.1.0', commit: '7c096e634eafd0e9c63256befb693da035ed0872' };
/** A public key made for this test alone; the id follows from it. */
const KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA2E8FK8E/qA/L3F7GbGv9f3zKyMYeGWIvUIt4m2fm/W00U33T0KJTLbbQtPnAcKypTlVkzxBqSwjN1Jj9mYcdNmtHoeR26G9TNAeSNlFVFu6L7VbyLgp1HGOcgBYaWerwG4V4NjBUAGZ5o5ZK4s40qSBzUUos2FQnqHHAB1rYeAcwM29VoTfU6HfYNNqbQ9bbVzHKHrRph5MX6iD1hEOYdOh+HkrJ+zF5qLw7hgj5jseZMVTqODB4B2KjBkRXLf/mnAXmQNiXlc83xMTm3ZVZ9PQdt0x9vdnpNBL+U3BpBQ/2oQKL+fR362IuQ4Loqft49+TVysN37qbHdxr0V46coQIDAQAB';
const ID = 'fdceaicnjeiadaedclomjepemhnnbkpo';
const { version: CURRENT } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const byId = (rows: StoredIncidentRow[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));

describe(`an update from ${PREVIOUS.version} to ${CURRENT} in place`, () => {
  const work = mkdtempSync(path.join(tmpdir(), 'lifeline-update-'));
  const tree = path.join(work, 'previous');
  const installed = path.join(work, 'installed');
  let lifeline: LifelineBrowser;
  let server: DemoServer;

  /** Puts a build into the installed folder, with the fixed key in its manifest. */
  const install = (build: string) => {
    rmSync(installed, { recursive: true, force: true });
    cpSync(build, installed, { recursive: true });
    const manifestPath = path.join(installed, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, key: KEY }));
  };
  const send = (message: unknown) =>
    lifeline.control.evaluate((m) => chrome.runtime.sendMessage(m), message as object);

  beforeAll(async () => {
    try {
      execFileSync('git', ['cat-file', '-e', `${PREVIOUS.commit}^{commit}`], { cwd: ROOT });
    } catch {
      throw new Error(`The update test builds ${PREVIOUS.version} from commit ${PREVIOUS.commit}, which
this clone lacks: clone with the full history (not --depth).`);
    }
    execFileSync('git', ['worktree', 'add', '--detach', tree, PREVIOUS.commit], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    // Its dependencies are a subset of today's, at the same versions.
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(tree, 'node_modules'));
    execFileSync(path.join(tree, 'node_modules/.bin/wxt'), ['build'], { cwd: tree, stdio: 'pipe' });
    install(path.join(tree, '.output/chrome-mv3'));
    server = await startDemoServer();
    lifeline = await launchWithExtension({ extensionDir: installed, welcomes: false });
  }, 120_000);
  afterAll(async () => {
    await lifeline?.close();
    await server?.close();
    execFileSync('git', ['worktree', 'remove', '--force', tree], { cwd: ROOT, stdio: 'pipe' });
    rmSync(work, { recursive: true, force: true });
  });

  it('keeps incidents, settings and a walk, and the open incident carries on', async () => {
    expect(lifeline.extensionId).toBe(ID);
    expect(await lifeline.control.evaluate(() => chrome.runtime.getManifest().version)).toBe(
      PREVIOUS.version,
    );

    // What the previous release records: settings, an incident that ended, and one still open
    // with a step of its walk done.
    const settings = (await send({ type: 'get-settings' })) as Record<string, unknown>;
    await send({
      type: 'save-settings',
      settings: {
        ...settings,
        organisationName: 'Westcountry SEN',
        incidentEmail: 'incidents@tutoring.example',
      },
    });
    const lesson = await openDemoLesson(lifeline, server);
    await sleep(6_000);
    await lesson.fault('theirVideoDrops');
    const ended = await waitFor(async () => (await lifeline.incidents())[0], {
      timeoutMs: 30_000,
      what: 'the first incident',
    });
    await lesson.restore();
    await waitFor(async () => (await lifeline.incidents())[0]?.endedAt, {
      timeoutMs: 30_000,
      what: 'the first incident to end',
    });
    await sleep(3_000);
    await lesson.fault('theirSoundDrops');
    const open = await waitFor(
      async () => (await lifeline.incidents()).find((i) => i.id !== ended.id),
      { timeoutMs: 30_000, what: 'the incident left open' },
    );
    expect(open).toMatchObject({ kind: 'no-sound', endedAt: null });
    await send({
      type: 'record-step',
      incidentId: open.id,
      stepId: 'wait-for-rejoin',
      result: 'done',
    });
    const before = byId(await lifeline.incidents());
    expect(before).toHaveLength(2);
    // The previous release's prompt for it, in the page.
    await waitForPrompt(lesson.page, 20_000);
    const oldPrompt = (await lesson.page.$('lifeline-prompt'))!;

    // The update, mid-lesson: the new files in the same folder, and the extension loaded again.
    install(EXTENSION_DIR);
    // Loading the same folder again is how Chromium updates an unpacked extension in place.
    expect(await lifeline.browser.installExtension(installed)).toBe(ID);
    expect(await lifeline.reopenControl()).toBe(ID);
    expect(await lifeline.control.evaluate(() => chrome.runtime.getManifest().version)).toBe(
      CURRENT,
    );

    // The lesson is still watched: the new version shows the open incident on the tab's badge.
    await waitFor(async () => (await lesson.badge()).text === '!', {
      timeoutMs: 20_000,
      what: 'the badge of the open incident after the update',
    });
    const after = byId(await lifeline.incidents());
    expect(after.map((i) => i.id)).toEqual(before.map((i) => i.id));
    expect(after.find((i) => i.id === ended.id)).toMatchObject({
      kind: ended.kind,
      startedAt: ended.startedAt,
      endedAt: before.find((i) => i.id === ended.id)!.endedAt,
    });
    const carried = after.find((i) => i.id === open.id)!;
    expect(carried).toMatchObject({ kind: 'no-sound', endedAt: null, startedAt: open.startedAt });
    const steps = (row: StoredIncidentRow | undefined) =>
      (row as unknown as { steps: { id: string }[] }).steps;
    expect(steps(carried).map((s) => s.id)).toEqual(['wait-for-rejoin']);
    expect(steps(carried)).toEqual(steps(before.find((i) => i.id === open.id)));
    expect(await send({ type: 'get-settings' })).toMatchObject({
      organisationName: 'Westcountry SEN',
      incidentEmail: 'incidents@tutoring.example',
    });

    // The old prompt went dead with the old version: this one takes its place, and works.
    await waitFor(() => oldPrompt.evaluate((host) => !host.isConnected), {
      timeoutMs: 20_000,
      what: 'the previous release’s prompt to be replaced',
    });
    await waitFor(async () => (await lesson.page.$$('lifeline-prompt')).length === 1, {
      what: 'one prompt in the page, the new version’s',
    });
    // The page's accessibility tree is read whole: after the update, puppeteer's ARIA queries
    // on this page never answer (its query binding does not survive the extension reloading).
    type Node = { role?: string; name?: string; children?: Node[] };
    const promptNames = async () => {
      const find = (node: Node | null | undefined): Node | undefined =>
        node?.role === 'region' && node.name === 'Lifeline'
          ? node
          : node?.children?.map(find).find(Boolean);
      const names = (node: Node | undefined): string[] =>
        node ? [node.name ?? '', ...(node.children ?? []).flatMap(names)] : [];
      return names(find(await lesson.page.accessibility.snapshot())).join(' | ');
    };
    expect(await promptNames()).toMatch(/Dismiss.*No sound from the other side/);

    // The call recovers, and the same incident closes: nothing duplicated, nothing new.
    await lesson.restore();
    await waitFor(async () => (await lifeline.incidents()).find((i) => i.id === open.id)?.endedAt, {
      timeoutMs: 40_000,
      what: 'the carried incident to close once the call recovered',
    });
    // Only a live prompt hears of it: the old one could not.
    await waitFor(async () => (await promptNames()).includes('Their sound is back'), {
      what: 'the new prompt to say the call recovered',
    });
    expect((await lifeline.incidents()).map((i) => i.id).sort()).toEqual(before.map((i) => i.id));
  });

  it('an older build than the records refuses them in plain words, and changes nothing', async () => {
    // As if a newer Lifeline had saved them: the database one version on.
    await lifeline.control.evaluate(
      (version) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('lifeline', version);
          open.onsuccess = () => {
            open.result.close();
            resolve();
          };
          open.onerror = () => reject(open.error);
        }),
      DB_VERSION + 1,
    );
    const kept = byId(await lifeline.incidents());
    expect(kept.length).toBeGreaterThan(0);

    // This build starts again on them (as a browser keeping an older copy would).
    expect(await lifeline.browser.installExtension(installed)).toBe(ID);
    await lifeline.reopenControl();
    const lesson = await openDemoLesson(lifeline, server);
    const popup = await lifeline.browser.newPage();
    await popup.goto(`chrome-extension://${ID}/popup.html?tabId=${lesson.tabId}`);
    const notice = await popup.waitForSelector('[data-testid=storage-problem]', {
      timeout: 15_000,
    });
    expect(await notice!.evaluate((e) => e.textContent)).toBe(STORAGE_PROBLEM_WORDS['newer-data']);
    // Said once, in those words only: nothing else on the popup speaks of an error.
    expect(await popup.$$eval('[role=alert]', (all) => all.map((e) => e.textContent))).toEqual([
      STORAGE_PROBLEM_WORDS['newer-data'],
    ]);
    // A fault in the call now: detected or not, nothing may be written over the records.
    await lesson.fault('theirSoundDrops');
    await sleep(8_000);
    expect(byId(await lifeline.incidents())).toEqual(kept);
    await popup.close();
    await lesson.page.close();
  });
});
