/**
 * Installing Lifeline opens its welcome page (issue 14), and every automated Chromium here is a
 * fresh profile, so a fresh install. Benchmarks and screenshots close it first: it would take the
 * focus from the lesson tab they open next.
 */
export async function closeWelcomeTab(browser, extensionId) {
  const target = await browser.waitForTarget(
    (t) => t.type() === 'page' && t.url() === `chrome-extension://${extensionId}/welcome.html`,
    { timeout: 10_000 },
  );
  await (await target.page()).close();
}
