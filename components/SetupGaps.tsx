import { browser } from 'wxt/browser';
import type { SetupGap } from '@/lib/prepare/setup-gaps';

/**
 * What setup still lacks, in the popup (issue 14): monitoring already runs, so this only says
 * what a failure would be missing, with the way to the welcome page that sets it.
 */
export function SetupGaps({ gaps }: { gaps: SetupGap[] }) {
  if (gaps.length === 0) return null;
  return (
    <aside class="setup-gaps" aria-label="Setup not finished" data-testid="setup-gaps">
      <ul>
        {gaps.map((gap) => (
          <li key={gap.key}>{gap.words}</li>
        ))}
      </ul>
      <a
        href="/welcome.html"
        onClick={(e) => {
          e.preventDefault();
          void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
        }}
      >
        Finish setup
      </a>
    </aside>
  );
}
