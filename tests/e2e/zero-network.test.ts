import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDemoLesson, startDemoServer } from './support/demo-lesson';
import { launchWithExtension, waitFor } from './support/extension';
import { requestsByExtension } from './support/net-log';

const netLogArgs = () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'lifeline-netlog-')), 'net.json');
  return { file, args: [`--log-net-log=${file}`, '--net-log-capture-mode=Default'] };
};

// design.md §10: no network requests from the extension, ever. Chromium's net log records every
// request below all contexts; we run a whole lesson with faults and read it afterwards.
describe('zero network', () => {
  it('sees a request an extension page makes (the check can fail)', async () => {
    const log = netLogArgs();
    const lifeline = await launchWithExtension({ extraArgs: log.args });
    await lifeline.control.evaluate(() => fetch('http://127.0.0.1:9/deliberate').catch(() => null));
    const id = lifeline.extensionId;
    await lifeline.close();
    expect(requestsByExtension(log.file, id)).toEqual(['http://127.0.0.1:9/deliberate']);
  });

  it('makes no request of its own through a lesson with faults, incidents and the popup', async () => {
    const log = netLogArgs();
    const server = await startDemoServer();
    const lifeline = await launchWithExtension({ extraArgs: log.args });
    const id = lifeline.extensionId;
    try {
      const lesson = await openDemoLesson(lifeline, server);
      await lesson.page.setOfflineMode(true);
      await waitFor(async () => (await lesson.badge()).text === '!', {
        what: 'the offline incident',
      });
      await lesson.page.setOfflineMode(false);
      // The cut lands while the offline incident is still clearing, so it is merged into it.
      await lesson.fault('connectionCut');
      await new Promise((r) => setTimeout(r, 4000));
      expect(await lesson.badge()).toMatchObject({ text: '!' });
      const popup = await lifeline.browser.newPage();
      await popup.goto(`chrome-extension://${id}/popup.html?tabId=${lesson.tabId}`);
      await popup.waitForSelector('[data-testid="walk-banner"]');
      await lesson.restore();
      await lifeline.stopWorker();
      await new Promise((r) => setTimeout(r, 2000));
    } finally {
      await lifeline.close();
      await server.close();
    }
    expect(requestsByExtension(log.file, id)).toEqual([]);
  });
});
