import { useState } from 'preact/hooks';
import { clientMessage } from '@/lib/respond/client-message';
import { emlMessage } from '@/lib/respond/eml';
import type { Incident } from '@/lib/shared/incident';
import { draftAsText, incidentEmail, mailtoUrl } from '@/lib/respond/report-email';
import type { Settings } from '@/lib/settings/settings';
import { isoWallTime, wallTimeAt } from '@/lib/shared/zoned-time';
import { downloadText } from './download';

/**
 * The incident email in one click (design.md §6): open it in the mail app (copied instead when
 * too long for a link), copy it, or download it as `.eml`; and a short message for the client.
 */
export function EmailDraft({
  incident,
  settings,
  timeZone,
  now,
}: {
  incident: Incident;
  settings: Settings;
  timeZone: string;
  now: number;
}) {
  const [said, setSaid] = useState('');
  const draft = incidentEmail(incident, { settings, timeZone, now });
  const url = mailtoUrl(draft);
  const toClient = clientMessage(incident, settings, timeZone);

  const copy = async (text: string, done: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setSaid(done);
    } catch {
      setSaid('The browser would not copy. Select the text below and copy it by hand.');
    }
  };
  const fileName = `lifeline-incident-${isoWallTime(
    wallTimeAt(Date.parse(incident.startedAt), timeZone),
  ).replace(':', '')}.eml`;

  return (
    <section class="email" aria-labelledby="email-title" data-testid="email-draft">
      <h3 id="email-title">Incident email</h3>
      {!draft.to && (
        <p class="warning" data-testid="no-address">
          No incident address is set yet: add it in Lifeline’s options, or type it in your mail app.
        </p>
      )}
      <dl>
        <dt>To</dt>
        <dd data-testid="email-to">{draft.to || '—'}</dd>
        <dt>Subject</dt>
        <dd data-testid="email-subject">{draft.subject}</dd>
      </dl>
      <div class="actions">
        {url ? (
          <a class="button primary" href={url} data-testid="open-mail-app">
            Open in mail app
          </a>
        ) : (
          <button
            type="button"
            class="primary"
            onClick={() =>
              void copy(
                draftAsText(draft),
                'Too long for a mail link, so it was copied: paste it into a new email.',
              )
            }
          >
            Open in mail app
          </button>
        )}
        <button type="button" onClick={() => void copy(draftAsText(draft), 'Email copied.')}>
          Copy
        </button>
        <button
          type="button"
          onClick={() => downloadText(fileName, 'message/rfc822', emlMessage(draft, Date.now()))}
        >
          Download .eml
        </button>
      </div>
      {/* Folded: the buttons are what a tutor needs; the words are there to check. */}
      <details class="read-more">
        <summary>Read the email</summary>
        <pre class="email-body" data-testid="email-body" tabIndex={0}>
          {draft.body}
        </pre>
      </details>
      <h3>Message to the client</h3>
      <div class="actions">
        <button type="button" onClick={() => void copy(toClient, 'Message copied.')}>
          Copy the message to the client
        </button>
      </div>
      <details class="read-more">
        <summary>Read the message</summary>
        <pre class="email-body" data-testid="client-message" tabIndex={0}>
          {toClient}
        </pre>
      </details>
      <p class="muted" role="status" aria-live="polite">
        {said}
      </p>
    </section>
  );
}
