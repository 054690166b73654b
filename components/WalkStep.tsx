import type { ComponentChildren } from 'preact';
import type { PlaybookStep } from '@/lib/respond/playbook';
import type { Answer } from '@/lib/respond/walk';

/**
 * One step of the walk: what to do, the words to say, the step's action, and its question with
 * its answers. Nothing else: the next thing to do is the whole screen.
 */
export function WalkStep({
  step,
  action,
  onAnswer,
}: {
  step: PlaybookStep;
  action: ComponentChildren;
  onAnswer(answer: Answer): void;
}) {
  return (
    <div class="walk-step" data-step={step.id}>
      <ul class="guidance">
        {step.guidance.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {step.say && <blockquote>“{step.say}”</blockquote>}
      {action && <div class="step-action">{action}</div>}
      {step.question && <p class="question">{step.question}</p>}
      <div class="answers">
        {step.yes && (
          <button type="button" class="primary" data-answer="yes" onClick={() => onAnswer('yes')}>
            {step.yes.label}
          </button>
        )}
        {step.no && (
          <button type="button" data-answer="no" onClick={() => onAnswer('no')}>
            {step.no.label}
          </button>
        )}
      </div>
    </div>
  );
}
