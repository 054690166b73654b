import counsellingDocument from './playbooks/counselling.json';
import tutoringDocument from './playbooks/tutoring.json';
import type { PlaybookDocument } from './playbook-document';

/**
 * The playbooks Lifeline ships, as the same documents an organisation edits and sends: tutoring
 * encodes seeds/004 ("Online Failure Guidelines"), counselling seeds/000 (who contacts whom
 * depends on whose side failed) and seeds/002 (an agreed plan, continuing by phone if
 * appropriate). Not parsed here: every page would pay for it at start-up (zod cannot compile its
 * checks under an extension's CSP), so tests/unit/playbook-document.test.ts checks both files
 * against the schema instead, and a build with a broken one fails `npm test`.
 */
export const BUILT_IN_PLAYBOOKS = {
  tutoring: tutoringDocument as unknown as PlaybookDocument,
  counselling: counsellingDocument as unknown as PlaybookDocument,
} as const;

export type BuiltInPlaybookName = keyof typeof BUILT_IN_PLAYBOOKS;
