// `npm run bench`: measures the budgets of design.md §9 on this machine and writes them to
// docs/benchmarks.md. Each section is a module in bench/ exporting { name, title, run(ctx) };
// `npm run bench -- detection` runs one. A section's text sits between markers in the document,
// so running one section leaves the others' last results in place. Exits 1 if a budget is missed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startDemoServer } from '../demo/server.mjs';
import * as contentScripts from '../bench/content-scripts.mjs';
import * as detection from '../bench/detection.mjs';
import * as groupCall from '../bench/group-call.mjs';
import * as healthyCall from '../bench/healthy-call.mjs';
import * as longCall from '../bench/long-call.mjs';
import * as render from '../bench/render.mjs';
import * as sfu from '../bench/sfu.mjs';
import * as statsParity from '../bench/stats-parity.mjs';
import * as walk from '../bench/walk.mjs';
import { EXTENSION_DIR, ROOT } from '../bench/lesson-browser.mjs';

const SECTIONS = [
  contentScripts,
  render,
  walk,
  statsParity,
  healthyCall,
  groupCall,
  detection,
  sfu,
  longCall,
];
const DOC = path.join(ROOT, 'docs/benchmarks.md');
const only = process.argv.slice(2);

if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json')) || process.env.BENCH_BUILD !== '0') {
  const build = spawnSync(path.join(ROOT, 'node_modules/.bin/wxt'), ['build'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(1);
}

const demo = await startDemoServer();
let doc = existsSync(DOC)
  ? readFileSync(DOC, 'utf8')
  : '# Benchmarks\n\nWritten by `npm run bench` (scripts/bench.mjs); budgets from design.md §9.\n';
let allOk = true;
try {
  for (const section of SECTIONS.filter((s) => only.length === 0 || only.includes(s.name))) {
    console.log(`▶ ${section.title}`);
    const started = Date.now();
    const result = await section.run({ demoUrl: demo.url });
    allOk &&= result.ok;
    const body = [
      `## ${section.title}`,
      '',
      `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC in ${Math.round((Date.now() - started) / 1000)} s.`,
      '',
      result.markdown,
    ].join('\n');
    const begin = `<!-- bench:${section.name} -->`;
    const end = `<!-- /bench:${section.name} -->`;
    const block = `${begin}\n${body}\n${end}`;
    const at = doc.indexOf(begin);
    doc =
      at >= 0
        ? doc.slice(0, at) + block + doc.slice(doc.indexOf(end) + end.length)
        : `${doc.trimEnd()}\n\n${block}\n`;
    writeFileSync(DOC, doc);
    // The document is checked by `npm test` like every other file.
    spawnSync(path.join(ROOT, 'node_modules/.bin/prettier'), ['--write', DOC], { cwd: ROOT });
    doc = readFileSync(DOC, 'utf8');
    console.log(result.markdown);
    console.log(`◀ ${section.title}: ${result.ok ? 'within budget' : 'BUDGET MISSED'}`);
  }
} finally {
  await demo.close();
}
process.exit(allOk ? 0 : 1);
