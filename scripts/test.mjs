// `npm test`: every check CI runs, in order, on a fresh clone. Formatting, lint and types first
// (fast, and a failure there makes the rest moot), then unit tests, a production build, the
// Firefox build through Mozilla's add-on linter, and the end-to-end tests against the Chromium
// build in real Chromium. Ends with one line "tests: N passed, N failed" for whoever reads the log.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const bin = (name) => path.resolve('node_modules/.bin', name);
const reports = mkdtempSync(path.join(tmpdir(), 'lifeline-test-'));
const only = process.argv[2]; // `npm test -- unit` or `npm test -- e2e` runs one suite

/**
 * End-to-end files that run beside the rest, in a second vitest process: pages, records and
 * walks with at most one demo call, whose waits are generous and whose measures are not WebRTC
 * timing. The suite is mostly waiting on WebRTC timers (measured over the SFU file, the whole
 * machine was 43 % busy, 0.86 of 2 cores), so these take about 4 minutes off CI's wall time (on
 * 2026-12-04 the main process ran 1,144 s of files, this one 89 s, before the last six moved
 * here). The link faults stay with the calls: run beside them, a 300 kbit limit froze the
 * picture before bandwidth pressure was confirmed, and opened a second incident.
 */
const E2E_ALONGSIDE = [
  'tests/e2e/records.test.ts',
  'tests/e2e/playbook.test.ts',
  'tests/e2e/respond.test.ts',
  'tests/e2e/welcome.test.ts',
  'tests/e2e/monitored-sites.test.ts',
  'tests/e2e/agreed-plan.test.ts',
  'tests/e2e/socket-hook.test.ts',
  'tests/e2e/store-package.test.ts',
  'tests/e2e/update.test.ts',
  'tests/e2e/storage-faults.test.ts',
  'tests/e2e/walk.test.ts',
  'tests/e2e/walk-restarts.test.ts',
  'tests/e2e/hostile-page.test.ts',
  'tests/e2e/zero-network.test.ts',
];

const steps = [
  ['format', [[bin('prettier'), ['--check', '.']]]],
  ['lint', [[bin('eslint'), ['.']]]],
  ['types', [[bin('tsc'), ['--noEmit']]]],
  ['unit', [[bin('vitest'), vitestArgs('unit', 'unit')]]],
  // The build is the Chrome Web Store package's (`wxt zip` builds, then zips); one e2e file loads
  // that zip itself (tests/e2e/store-package.test.ts).
  ['build', [[bin('wxt'), ['zip']]]],
  // Firefox: its own package, checked by Mozilla's add-on linter (errors fail, warnings listed).
  ['firefox', [[process.execPath, [path.resolve('scripts/lint-firefox.mjs')]]]],
  [
    'e2e',
    [
      [
        bin('vitest'),
        [...vitestArgs('e2e', 'e2e'), ...E2E_ALONGSIDE.flatMap((f) => ['--exclude', f])],
      ],
      [bin('vitest'), [...vitestArgs('e2e', 'e2e-alongside'), ...E2E_ALONGSIDE]],
    ],
  ],
  // The e2e suite loads both packages (tests/e2e/firefox.test.ts needs the Firefox build).
].filter(
  ([name]) => !only || name === only || (only === 'e2e' && ['build', 'firefox'].includes(name)),
);

function vitestArgs(project, report) {
  return [
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${path.join(reports, `${report}.json`)}`,
  ];
}

/**
 * Runs one command. The first of a step writes straight to the log; the others' output is held
 * and printed once they end, so two test runners never interleave their lines.
 */
function run([command, args], shown) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: shown ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    const held = [];
    child.stdout?.on('data', (chunk) => held.push(chunk));
    child.stderr?.on('data', (chunk) => held.push(chunk));
    child.on('error', (error) => held.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (status) => resolve({ status, held: Buffer.concat(held) }));
  });
}

function countReport(file) {
  try {
    const json = JSON.parse(readFileSync(path.join(reports, `${file}.json`), 'utf8'));
    passed += json.numPassedTests;
    failed += json.numFailedTests;
  } catch {
    // No report means the runner itself failed; the exit status below says so.
  }
}

let passed = 0;
let failed = 0;
let broken = [];
for (const [name, commands] of steps) {
  const started = Date.now();
  for (const [command, args] of commands) {
    console.log(`\n▶ ${name}: ${path.basename(command)} ${args.join(' ')}`);
  }
  const results = await Promise.all(commands.map((command, i) => run(command, i === 0)));
  for (const { held } of results) if (held.length) process.stdout.write(held);
  const ok = results.every((r) => r.status === 0);
  console.log(
    `◀ ${name}: ${ok ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (name === 'unit') countReport('unit');
  if (name === 'e2e') ['e2e', 'e2e-alongside'].forEach(countReport);
  if (!ok) {
    broken.push(name);
    // Without a build the end-to-end tests cannot run; everything else still reports.
    if (name === 'build') break;
  }
}

console.log(`\n${broken.length ? `failed steps: ${broken.join(', ')}` : 'all steps ok'}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(broken.length ? 1 : 0);
