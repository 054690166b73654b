import { browser } from 'wxt/browser';

/** The way from the popup to the records: the incidents page and the settings. */
export function PopupLinks() {
  return (
    <nav class="popup-links" aria-label="Lifeline pages">
      <a
        href="/incidents.html"
        onClick={(e) => {
          e.preventDefault();
          void browser.tabs.create({ url: browser.runtime.getURL('/incidents.html') });
        }}
      >
        Incidents
      </a>
      <a
        href="/options.html"
        onClick={(e) => {
          e.preventDefault();
          void browser.runtime.openOptionsPage();
        }}
      >
        Settings
      </a>
    </nav>
  );
}
