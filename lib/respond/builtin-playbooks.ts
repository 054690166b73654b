import counsellingDocument from './playbooks/counselling.json';
import tutoringDocument from './playbooks/tutoring.json';
import { playbookDocumentSchema, type PlaybookDocument } from './playbook-document';

/**
 * The playbooks Lifeline ships, as the same documents an organisation edits and sends: tutoring
 * encodes seeds/004 ("Online Failure Guidelines"), counselling seeds/000 (who contacts whom
 * depends on whose side failed) and seeds/002 (an agreed plan, continuing by phone if
 * appropriate). Parsed here so a mistake in them fails every test rather than one lesson.
 */
export const BUILT_IN_PLAYBOOKS = {
  tutoring: playbookDocumentSchema.parse(tutoringDocument),
  counselling: playbookDocumentSchema.parse(counsellingDocument),
} as const satisfies Record<string, PlaybookDocument>;

export type BuiltInPlaybookName = keyof typeof BUILT_IN_PLAYBOOKS;
