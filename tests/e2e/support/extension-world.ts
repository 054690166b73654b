import type { Page } from 'puppeteer-core';

/**
 * Runs code in the extension's isolated world of `page`, where the relay and the injected watcher
 * live (and where `chrome.runtime.sendMessage` speaks as that tab). Found through DevTools'
 * execution contexts, which list every world of the page with its origin.
 */
export async function inExtensionWorld<T>(page: Page, extensionId: string, source: string) {
  const cdp = await page.createCDPSession();
  const contexts: { id: number; origin: string; frameId?: string; isDefault?: boolean }[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) =>
    contexts.push({
      id: context.id,
      origin: context.origin,
      frameId: (context.auxData as { frameId?: string } | undefined)?.frameId,
      isDefault: (context.auxData as { isDefault?: boolean } | undefined)?.isDefault,
    }),
  );
  await cdp.send('Runtime.enable');
  const mainFrame = (await cdp.send('Page.getFrameTree')).frameTree.frame.id;
  const world = contexts.findLast(
    (c) =>
      c.origin === `chrome-extension://${extensionId}` && !c.isDefault && c.frameId === mainFrame,
  );
  if (!world) throw new Error('The extension has no isolated world in this page');
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    expression: source,
    contextId: world.id,
    awaitPromise: true,
    returnByValue: true,
  });
  await cdp.detach();
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? 'threw');
  return result.value as T;
}
