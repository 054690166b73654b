import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Real link faults under the demo call, in a private network namespace where loopback is the only
// link (scripts/netns-lesson.mjs): a 300 kbit token-bucket limit, and the link taken down. Making
// a namespace needs root; elsewhere these are skipped, and say so.
const ROOT = path.resolve(import.meta.dirname, '../..');
const canUnshare = process.getuid?.() === 0 && spawnSync('unshare', ['-n', 'true']).status === 0;
if (!canUnshare) {
  console.warn('link-faults: SKIPPED, not root (or no unshare): cannot make a network namespace');
}

interface LinkRun {
  badgeMs: number | null;
  openBeforeFault: string[];
  incidents: { kind: string; side: string; cause: string }[];
}

function runInNamespace(fault: 'linkCapped' | 'linkDown'): LinkRun {
  const run = spawnSync('unshare', ['-n', 'node', 'scripts/netns-lesson.mjs', fault], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    timeout: 150_000,
  });
  if (run.status !== 0) throw new Error(`netns-lesson ${fault} failed:\n${run.stderr}`);
  const out = JSON.parse(run.stdout) as LinkRun;
  console.log(
    `${fault}: badge after ${out.badgeMs} ms; incidents ${JSON.stringify(out.incidents.map((i) => [i.kind, i.side, i.cause]))}`,
  );
  // The fault must land on a quiet call, or its incident merges into one still open.
  expect(out.openBeforeFault).toEqual([]);
  return out;
}

describe.skipIf(!canUnshare)('real link faults in a network namespace', () => {
  it('a 300 kbit link limit raises bandwidth-pressure on the tutor side, and nothing else', () => {
    const run = runInNamespace('linkCapped');
    expect(run.badgeMs).not.toBeNull();
    expect(run.incidents.map((i) => [i.kind, i.side])).toEqual([['bandwidth-pressure', 'local']]);
  });

  it('the link taken down raises failed-connection', () => {
    const run = runInNamespace('linkDown');
    expect(run.badgeMs).not.toBeNull();
    expect(run.incidents[0]).toMatchObject({ kind: 'failed-connection' });
    // The call's kinds stay quiet: it is the connection that failed, not sound or video.
    expect(run.incidents.map((i) => i.kind)).not.toContain('no-sound');
    expect(run.incidents.map((i) => i.kind)).not.toContain('no-video');
    expect(run.incidents.map((i) => i.kind)).not.toContain('bandwidth-pressure');
  });
});
