// The e2e suite's own pages (tests/e2e/pages) served on 127.0.0.1 for the benches and fixture
// recorders that drive them outside vitest (tests/e2e/support/static-server.ts serves them there).
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { ROOT } from './lesson-browser.mjs';

/** Serves tests/e2e/pages on 127.0.0.1 (an origin the content scripts run on). */
export async function serveTestPages() {
  const root = path.join(ROOT, 'tests/e2e/pages');
  const server = createServer(async (req, res) => {
    const name = path.basename(new URL(req.url ?? '/', 'http://x').pathname);
    try {
      const body = await readFile(path.join(root, name));
      const type = name.endsWith('.html') ? 'text/html' : 'text/javascript';
      res.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
