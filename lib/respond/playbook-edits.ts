import { INCIDENT_KINDS, type IncidentKind, type Side } from '@/lib/shared/incident';
import { BUILT_IN_PLAYBOOKS } from './builtin-playbooks';
import type {
  PlaybookDocument,
  PlaybookStepDefinition,
  StepLine,
  StepSection,
} from './playbook-document';

/**
 * The options page's edits to a playbook (issue #11, point 5), as pure functions from one
 * document to the next. None of them validates: the editor checks the whole document with
 * `checkPlaybook` before saving, so every reason is shown in one place.
 */

import { SIDES } from '@/lib/shared/incident-kinds';

/** Every side, for a new step that applies everywhere. */
export const ALL_SIDES: readonly Side[] = SIDES;

/** The outcomes a step's "yes" may record; a replacement goes through its picker instead. */
export const YES_OUTCOMES = ['continued', 'phone', 'typing', 'abandoned'] as const;
export type YesOutcome = (typeof YES_OUTCOMES)[number];

const mapStep = (
  doc: PlaybookDocument,
  id: string,
  change: (step: PlaybookStepDefinition) => PlaybookStepDefinition,
): PlaybookDocument => ({
  ...doc,
  steps: doc.steps.map((s) => (s.id === id ? change(s) : s)),
});

/** Turns a step on or off; a step turned off stays in the document. */
export function setEnabled(doc: PlaybookDocument, id: string, enabled: boolean): PlaybookDocument {
  return mapStep(doc, id, (s) => ({ ...s, enabled }));
}

/** Moves a step one place earlier (-1) or later (+1) in the walk; at either end nothing moves. */
export function moveStep(doc: PlaybookDocument, id: string, by: -1 | 1): PlaybookDocument {
  const from = doc.steps.findIndex((s) => s.id === id);
  const to = from + by;
  if (from === -1 || to < 0 || to >= doc.steps.length) return doc;
  const steps = [...doc.steps];
  [steps[from], steps[to]] = [steps[to]!, steps[from]!];
  return { ...doc, steps };
}

/** The words of a step the editor shows as fields. */
export interface StepWords {
  title: string;
  /** The lines without conditions, one entry each. */
  lines: string[];
  /** The words of the lines with conditions, by their place among those lines. */
  conditionalLines: string[];
  say: string;
  question: string;
  yesLabel: string;
  noLabel: string;
}

export function wordsOf(step: PlaybookStepDefinition): StepWords {
  return {
    title: step.title,
    lines: step.text.filter((l) => typeof l === 'string'),
    conditionalLines: step.text.flatMap((l) => (typeof l === 'string' ? [] : [l.text])),
    say: step.say ?? '',
    question: step.question ?? '',
    yesLabel: step.yes?.label ?? '',
    noLabel: step.no?.label ?? '',
  };
}

/** Lines typed one a line: blank lines and the spaces around each are dropped. */
export function linesFromText(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/**
 * Replaces a step's words. Lines with conditions keep their conditions and their places; the
 * plain lines fill the plain lines' places in order, any extra coming last. An empty "say" or
 * question is taken out (both are optional); an empty answer label stays, to be refused.
 */
export function updateWords(
  doc: PlaybookDocument,
  id: string,
  words: Partial<StepWords>,
): PlaybookDocument {
  return mapStep(doc, id, (step) => {
    const next: PlaybookStepDefinition = { ...step };
    if (words.title !== undefined) next.title = words.title;
    if (words.lines !== undefined || words.conditionalLines !== undefined) {
      next.text = mergeLines(step.text, words.lines, words.conditionalLines);
    }
    if (words.say !== undefined) {
      if (words.say.trim()) next.say = words.say;
      else delete next.say;
    }
    if (words.question !== undefined) {
      if (words.question.trim()) next.question = words.question;
      else delete next.question;
    }
    if (words.yesLabel !== undefined && step.yes) next.yes = { ...step.yes, label: words.yesLabel };
    if (words.noLabel !== undefined && step.no) next.no = { label: words.noLabel };
    return next;
  });
}

function mergeLines(
  text: readonly StepLine[],
  plain: string[] | undefined,
  conditional: string[] | undefined,
): StepLine[] {
  const plainLeft = plain ? [...plain] : undefined;
  let c = 0;
  const merged = text.flatMap((line): StepLine[] => {
    if (typeof line === 'string') {
      if (!plainLeft) return [line];
      const next = plainLeft.shift();
      return next === undefined ? [] : [next];
    }
    const words = conditional?.[c++];
    return [words === undefined ? line : { ...line, text: words }];
  });
  return [...merged, ...(plainLeft ?? [])];
}

/** A step the tutor adds, as the "Add a step" form holds it. */
export interface NewStep {
  title: string;
  lines: string[];
  section: StepSection;
  kinds: IncidentKind[];
  sides: Side[];
  question: string;
  yesLabel: string;
  /** What "yes" records; `null`: it only moves on to the next step. */
  outcome: YesOutcome | null;
  noLabel: string;
}

/** What is missing from a new step, in words; empty when it can be added. */
export function newStepProblems(step: NewStep): string[] {
  const problems: string[] = [];
  if (!step.title.trim()) problems.push('Give the step a title.');
  if (step.lines.length === 0) problems.push('Write what the tutor should do, at least one line.');
  if (step.kinds.length === 0) problems.push('Tick at least one kind of failure.');
  if (step.sides.length === 0) problems.push('Tick at least one side.');
  if (!step.yesLabel.trim()) problems.push('Give the "yes" answer some words.');
  return problems;
}

/** "Call the office!" → "call-the-office": a step id from its title, within the id's rules. */
export function idFromTitle(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug || 'step';
}

/** An id made from the title, with "-2", "-3"… when a step already has it. */
export function uniqueId(doc: PlaybookDocument, title: string): string {
  const base = idFromTitle(title);
  const taken = new Set(doc.steps.map((s) => s.id));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/**
 * Adds a step after the last one of its section (sections run in the walk's order), or last.
 * Every kind or every side ticked is written as none named, which the format reads as all.
 */
export function addStep(
  doc: PlaybookDocument,
  draft: NewStep,
): { playbook: PlaybookDocument; id: string } {
  const id = uniqueId(doc, draft.title);
  const step: PlaybookStepDefinition = {
    id,
    enabled: true,
    section: draft.section,
    title: draft.title.trim(),
    text: draft.lines,
    yes: draft.outcome
      ? { label: draft.yesLabel.trim(), outcome: draft.outcome }
      : { label: draft.yesLabel.trim() },
  };
  if (!coversAll(draft.kinds, INCIDENT_KINDS)) step.kinds = [...draft.kinds];
  if (!coversAll(draft.sides, ALL_SIDES)) step.sides = [...draft.sides];
  if (draft.question.trim()) step.question = draft.question.trim();
  if (draft.noLabel.trim()) step.no = { label: draft.noLabel.trim() };
  const lastOfSection = doc.steps.findLastIndex((s) => s.section === draft.section);
  const at = lastOfSection === -1 ? doc.steps.length : lastOfSection + 1;
  const steps = [...doc.steps.slice(0, at), step, ...doc.steps.slice(at)];
  return { playbook: { ...doc, steps }, id };
}

const coversAll = <T>(chosen: readonly T[], all: readonly T[]) =>
  all.every((item) => chosen.includes(item));

const BUILT_IN_IDS = new Set(
  Object.values(BUILT_IN_PLAYBOOKS).flatMap((p) => p.steps.map((s) => s.id)),
);

/**
 * A step the organisation added rather than one Lifeline ships. Only those can be removed: a
 * shipped step is turned off instead, so it can be turned on again.
 */
export function isAddedStep(id: string): boolean {
  return !BUILT_IN_IDS.has(id);
}

export function removeStep(doc: PlaybookDocument, id: string): PlaybookDocument {
  if (!isAddedStep(id)) return doc;
  return { ...doc, steps: doc.steps.filter((s) => s.id !== id) };
}

/** The playbook's name, as a tutor who imports it sees it. */
export function rename(doc: PlaybookDocument, name: string): PlaybookDocument {
  return { ...doc, name };
}

/** The document as saved: edited now. */
export function stamped(doc: PlaybookDocument, now: Date): PlaybookDocument {
  return { ...doc, updatedAt: now.toISOString() };
}
