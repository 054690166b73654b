import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkPlaybook,
  LINE_NEEDS,
  PLACEHOLDERS,
  STEP_SECTIONS,
} from '@/lib/respond/playbook-document';

const doc = readFileSync(path.resolve(import.meta.dirname, '../../docs/playbook.md'), 'utf8');

// docs/playbook.md is what an organisation writes a playbook from: its example must be a
// playbook this Lifeline accepts, and it must name everything the format allows.
describe('docs/playbook.md', () => {
  it('shows an example playbook that is accepted as it is', () => {
    const example = /```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const check = checkPlaybook(JSON.parse(example!));
    expect(check.ok ? [] : check.reasons).toEqual([]);
  });

  it('names every placeholder, line condition, section and action type', () => {
    const actions = ['other-media-tabs', 'reload-call-tab', 'check-device', 'pick-replacement'];
    for (const name of PLACEHOLDERS) expect(doc).toContain(`\`{${name}}\``);
    for (const word of [...LINE_NEEDS, ...STEP_SECTIONS, ...actions]) {
      expect(doc).toContain(`\`${word}\``);
    }
  });
});
