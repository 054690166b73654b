// Writes a recorded call to tests/fixtures/, for scripts/record-fixtures.mjs and
// scripts/record-sfu-fixtures.mjs.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../bench/lesson-browser.mjs';

/** Saves `recording` as tests/fixtures/NAME.json, its metadata first, then one event a line. */
export function saveFixture(name, recording) {
  const { events, ...meta } = recording;
  // One event a line: small diffs when a fixture is re-recorded, and still plain JSON.
  const body = `{\n${Object.entries(meta)
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`)
    .join(
      '\n',
    )}\n  "events": [\n${events.map((e) => `    ${JSON.stringify(e)}`).join(',\n')}\n  ]\n}\n`;
  writeFileSync(path.join(ROOT, 'tests/fixtures', `${name}.json`), body);
  console.log(`tests/fixtures/${name}.json: ${events.length} events, ${body.length} bytes`);
}
