import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import {
  monitoredOriginsFrom,
  originMatchPattern,
  siteFromInput,
  watchedByDefault,
} from '@/lib/sites/site-permissions';

/**
 * The sites the tutor added (design.md §8). Adding asks the browser for that one site; the
 * background then registers the scripts. The list is read from the granted permissions, so a
 * site revoked in the browser's own settings disappears here too.
 */
export function MonitoredSites() {
  const [origins, setOrigins] = useState<string[]>([]);
  const [input, setInput] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  useEffect(() => {
    const refresh = async () => {
      const { origins: granted = [] } = await browser.permissions.getAll();
      setOrigins(monitoredOriginsFrom(granted));
    };
    void refresh();
    const onChange = () => void refresh();
    browser.permissions.onAdded.addListener(onChange);
    browser.permissions.onRemoved.addListener(onChange);
    return () => {
      browser.permissions.onAdded.removeListener(onChange);
      browser.permissions.onRemoved.removeListener(onChange);
    };
  }, []);

  const add = async (e: Event) => {
    e.preventDefault();
    const site = siteFromInput(input);
    if ('error' in site) return setMessage({ text: site.error, error: true });
    if (watchedByDefault(site.origin)) {
      return setMessage({ text: `Lifeline already watches ${site.origin}.`, error: false });
    }
    // Must run straight from the click: the browser only asks inside a user gesture.
    const granted = await browser.permissions.request({
      origins: [originMatchPattern(site.origin)],
    });
    if (!granted) {
      return setMessage({
        text: `Not added: the browser did not allow ${site.origin}.`,
        error: true,
      });
    }
    setInput('');
    setMessage({
      text: `Added ${site.origin}. Reload any lesson already open there to start watching it.`,
      error: false,
    });
  };

  const remove = async (origin: string) => {
    await browser.permissions.remove({ origins: [originMatchPattern(origin)] });
    setMessage({ text: `Lifeline no longer watches ${origin}.`, error: false });
  };

  return (
    <div class="monitored-sites">
      {origins.length === 0 ? (
        <p class="hint">No sites added. Lifeline watches the usual call platforms already.</p>
      ) : (
        <ul data-testid="monitored-sites">
          {origins.map((origin) => (
            <li key={origin}>
              <span>{origin}</span>
              <button type="button" class="link-button" onClick={() => void remove(origin)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="add-site" onSubmit={(e) => void add(e)}>
        <label for="add-site">Add a site</label>
        <input
          id="add-site"
          value={input}
          placeholder="lessons.example.org"
          onInput={(e) => setInput(e.currentTarget.value)}
        />
        <button type="submit">Monitor this site</button>
      </form>
      {message && (
        <p class={message.error ? 'field-error' : 'hint'} role="status" data-testid="sites-message">
          {message.text}
        </p>
      )}
    </div>
  );
}
