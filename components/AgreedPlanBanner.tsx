import { useState } from 'preact/hooks';
import { planInWords, type ClientPlan } from '@/lib/prepare/client-plan';
import type { WayOn } from '@/lib/respond/walk';

/**
 * The plan agreed with this client, first in the walk (seeds 000 and 002): what was agreed, in
 * order, and a button to the first agreed way. Without a lesson reference yet, it asks which
 * lesson this is, from the references that have a plan.
 */
export function AgreedPlanBanner({
  plan,
  plans,
  lessonRef,
  ways,
  onLessonRef,
  onWay,
}: {
  plan: ClientPlan | undefined;
  plans: ClientPlan[];
  lessonRef: string | undefined;
  ways: WayOn[];
  onLessonRef(ref: string): void;
  onWay(way: WayOn): void;
}) {
  const [picked, setPicked] = useState('');
  if (plan) {
    const first = ways.find((w) => w.agreed);
    const lines = planInWords(plan);
    return (
      <section class="agreed-plan" aria-labelledby="agreed-plan-title" data-testid="agreed-plan">
        <h3 id="agreed-plan-title">Agreed with {plan.lessonRef}</h3>
        <ol>
          {lines.slice(0, plan.ways.length).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ol>
        <p>{lines.slice(plan.ways.length).join(' ')}</p>
        {first && (
          <button type="button" class="primary" onClick={() => onWay(first)}>
            {first.label} now
          </button>
        )}
      </section>
    );
  }
  if (lessonRef || plans.length === 0) return null;
  return (
    <form
      class="which-lesson"
      data-testid="which-lesson"
      onSubmit={(e) => {
        e.preventDefault();
        if (picked) onLessonRef(picked);
      }}
    >
      <label for="which-lesson">Which lesson is this?</label>
      <select id="which-lesson" value={picked} onChange={(e) => setPicked(e.currentTarget.value)}>
        <option value="">Choose…</option>
        {plans.map((p) => (
          <option key={p.lessonRef} value={p.lessonRef}>
            {p.lessonRef}
          </option>
        ))}
      </select>
      <button type="submit" disabled={!picked}>
        Show its plan
      </button>
    </form>
  );
}
