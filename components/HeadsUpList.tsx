import type { HeadsUp } from '@/lib/prepare/heads-up';
import { clockTime } from '@/lib/shared/zoned-time';

const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The call's heads-ups so far, newest first: early warnings, not incidents (issue 14). */
export function HeadsUpList({ headsUps }: { headsUps: HeadsUp[] }) {
  return (
    <section class="heads-ups" aria-labelledby="heads-ups-title" data-testid="heads-ups">
      <h2 id="heads-ups-title">Heads-ups on this call</h2>
      <ul>
        {[...headsUps].reverse().map((h) => (
          <li key={`${h.kind}-${h.at}`}>
            <time dateTime={new Date(h.at).toISOString()}>{clockTime(h.at, timeZone)}</time>{' '}
            {h.words}
          </li>
        ))}
      </ul>
    </section>
  );
}
