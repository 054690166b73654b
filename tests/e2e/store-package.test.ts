import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoLesson, startDemoServer, type DemoServer } from './support/demo-lesson';
import { launchWithExtension, waitFor, type LifelineBrowser } from './support/extension';

// The Chrome Web Store package as uploaded: `npm test` builds with `wxt zip` (as `npm run zip`
// does), and this unpacks that zip and runs the smoke path on what is inside it, not on the
// build folder next to it.
const ROOT = path.resolve(import.meta.dirname, '../..');
const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
};
const ZIP = path.join(ROOT, `.output/lifeline-${version}-chrome.zip`);

describe('the Chrome Web Store zip', () => {
  let unpacked: string;
  let lifeline: LifelineBrowser;
  let server: DemoServer;

  beforeAll(async () => {
    if (!existsSync(ZIP)) throw new Error(`No ${ZIP}: run "npm run zip" (npm test makes it).`);
    unpacked = mkdtempSync(path.join(tmpdir(), 'lifeline-zip-'));
    execFileSync('unzip', ['-q', ZIP, '-d', unpacked]);
    server = await startDemoServer();
    lifeline = await launchWithExtension({ extensionDir: unpacked });
  });
  afterAll(async () => {
    await lifeline?.close();
    await server?.close();
    if (unpacked) rmSync(unpacked, { recursive: true, force: true });
  });

  it('holds a manifest versioned from package.json, with the manifest at its root', () => {
    const manifest = JSON.parse(readFileSync(path.join(unpacked, 'manifest.json'), 'utf8')) as {
      version: string;
      manifest_version: number;
      name: string;
    };
    expect(manifest).toMatchObject({ name: 'Lifeline', version, manifest_version: 3 });
  });

  it('loads unpacked and catches a cut call: failed-connection, the badge and the prompt', async () => {
    const lesson = await openDemoLesson(lifeline, server);
    await new Promise((r) => setTimeout(r, 6_000));
    expect(await lifeline.incidents()).toEqual([]);
    await lesson.fault('connectionCut');
    const incident = await waitFor(async () => (await lifeline.incidents())[0], {
      timeoutMs: 30_000,
      what: 'an incident after the call was cut',
    });
    expect(incident).toMatchObject({ kind: 'failed-connection', endedAt: null });
    expect(await lesson.badge()).toMatchObject({ text: '!' });
    await lesson.page.waitForSelector('aria/Steps…[role="button"]', { timeout: 15_000 });
    await lesson.page.close();
  });
});
