import type { Outcome } from './incident';

/** Outcomes as a tutor says them (design.md §5 step 6). */
export const OUTCOME_WORDS: Record<Outcome['type'], string> = {
  continued: 'Continued',
  phone: 'Continued by phone',
  typing: 'Continued by typing',
  rescheduled: 'Rescheduled',
  abandoned: 'Abandoned',
};
