// `npm test`'s Firefox step: builds the Firefox package and its sources zip (`wxt zip -b firefox`,
// as `npm run zip` does) and runs Mozilla's add-on linter on the build with `web-ext lint`, the
// check addons.mozilla.org runs on upload. Any error fails the step; warnings are listed
// (docs/firefox.md says which remain and why).
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(ROOT, 'node_modules/.bin', name);
const SOURCE = path.join(ROOT, '.output/firefox-mv3');

const build = spawnSync(bin('wxt'), ['zip', '-b', 'firefox'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

const lint = spawnSync(
  bin('web-ext'),
  ['lint', '--source-dir', SOURCE, '--output', 'json', '--no-config-discovery'],
  {
    cwd: ROOT,
    encoding: 'utf8',
    // web-ext would otherwise ask the npm registry for a newer web-ext in the background.
    env: { ...process.env, NO_UPDATE_NOTIFIER: '1' },
  },
);
let report;
try {
  report = JSON.parse(lint.stdout);
} catch {
  // Not JSON: handled below with what web-ext printed.
}
if (!report?.summary) {
  console.error(lint.stdout, lint.stderr, lint.error ?? '');
  console.error('web-ext lint gave no report (is web-ext installed? run npm ci).');
  process.exit(1);
}

for (const type of ['errors', 'warnings', 'notices']) {
  for (const m of report[type]) {
    const where = m.file ? ` ${m.file}${m.line ? `:${m.line}` : ''}` : '';
    console.log(`${type.slice(0, -1)}: ${m.code}${where}: ${m.message}`);
  }
}
const { errors, warnings, notices } = report.summary;
console.log(`web-ext lint: ${errors} errors, ${warnings} warnings, ${notices} notices`);
process.exit(errors === 0 ? 0 : 1);
