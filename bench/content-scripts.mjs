// `npm run bench` section: the size of what every call page loads (design.md §9: ≤ 12 KB
// gzipped together). The prompt is left out: it is injected only when an incident opens.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { EXTENSION_DIR } from './lesson-browser.mjs';

export const name = 'content-scripts';
export const title = 'Content scripts';
const BUDGET_BYTES = 12 * 1024;

export async function run() {
  const dir = path.join(EXTENSION_DIR, 'content-scripts');
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  const sizes = files.map((file) => {
    const code = readFileSync(path.join(dir, file));
    return { file, raw: code.length, gzip: gzipSync(code, { level: 9 }).length };
  });
  const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const markdown = [
    'Gzipped (level 9) sizes of the scripts every call page loads, from the production build.',
    '',
    '| script | raw | gzipped |',
    '| --- | --- | --- |',
    ...sizes.map((s) => `| ${s.file} | ${kb(s.raw)} | ${kb(s.gzip)} |`),
    `| **together** | | **${kb(total)}** (budget ${kb(BUDGET_BYTES)}: ${total <= BUDGET_BYTES ? 'ok' : 'MISSED'}) |`,
    '',
    'What fills it: WXT’s content-script runtime is most of the relay, which bounds page ' +
      'events and passes their text on unparsed: the background parses them with zod, so the ' +
      'call page carries no schema (docs/architecture.md, "Messages and their directions"). The ' +
      'webextension-polyfill (2.7 KB) is left out of content scripts, where it does nothing ' +
      '(wxt.config.ts), and the prompt UI is injected only when an incident needs it.',
  ].join('\n');
  return { ok: total <= BUDGET_BYTES, markdown };
}
