// `npm test`: every check CI runs, in order, on a fresh clone. Formatting, lint and types first
// (fast, and a failure there makes the rest moot), then unit tests, a production build, the
// Firefox build through Mozilla's add-on linter, and the end-to-end tests against the Chromium
// build in real Chromium. Ends with one line "tests: N passed, N failed" for whoever reads the log.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const bin = (name) => path.resolve('node_modules/.bin', name);
const reports = mkdtempSync(path.join(tmpdir(), 'lifeline-test-'));
const only = process.argv[2]; // `npm test -- unit` or `npm test -- e2e` runs one suite

const steps = [
  ['format', bin('prettier'), ['--check', '.']],
  ['lint', bin('eslint'), ['.']],
  ['types', bin('tsc'), ['--noEmit']],
  ['unit', bin('vitest'), vitestArgs('unit')],
  ['build', bin('wxt'), ['build']],
  // Firefox: its own build, checked by Mozilla's add-on linter (errors fail, warnings listed).
  ['firefox', process.execPath, [path.resolve('scripts/lint-firefox.mjs')]],
  ['e2e', bin('vitest'), vitestArgs('e2e')],
].filter(([name]) => !only || name === only || (only === 'e2e' && name === 'build'));

function vitestArgs(project) {
  return [
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${path.join(reports, `${project}.json`)}`,
  ];
}

let passed = 0;
let failed = 0;
let broken = [];
for (const [name, command, args] of steps) {
  const started = Date.now();
  console.log(`\n▶ ${name}: ${path.basename(command)} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  console.log(
    `◀ ${name}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (name === 'unit' || name === 'e2e') {
    try {
      const json = JSON.parse(readFileSync(path.join(reports, `${name}.json`), 'utf8'));
      passed += json.numPassedTests;
      failed += json.numFailedTests;
    } catch {
      // No report means the runner itself failed; the exit status below says so.
    }
  }
  if (result.status !== 0) {
    broken.push(name);
    // Without a build the end-to-end tests cannot run; everything else still reports.
    if (name === 'build') break;
  }
}

console.log(`\n${broken.length ? `failed steps: ${broken.join(', ')}` : 'all steps ok'}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(broken.length ? 1 : 0);
