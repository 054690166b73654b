import preact from '@preact/preset-vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'wxt';
import { CALL_SITE_MATCHES } from './lib/sites/call-sites';

// See design.md §2 (architecture) and README "Permissions" for why each entry is here.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
  }),
  hooks: {
    // Content scripts load on every call page and have a 12 KB gzipped budget (design.md §9);
    // the polyfill is 2.7 KB of it and does nothing there: in MV3 Chromium's `chrome.runtime`
    // already returns promises, and Firefox's content scripts have a native `browser` (which the
    // polyfill hands back unchanged). The background and pages keep it, for promise-returning
    // `onMessage` listeners in Chromium releases that predate native support.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (entrypoints.every((e) => e.type === 'content-script')) {
        config.plugins = [
          ...(config.plugins ?? []),
          nativeBrowserInContentScripts(),
          noMatchesInContentScripts(),
          noWxtLoggerInContentScripts(),
          bareMainWorldEntry(),
        ];
      }
    },
  },
  // `npm run zip`: the stores' packages, named from package.json's version. The sources zip is
  // what addons.mozilla.org's reviewers rebuild the Firefox package from (`npm ci`, then
  // `npm run build:firefox`): what the build reads, without tests, benches, the demo or pictures.
  zip: {
    excludeSources: ['tests/**', 'bench/**', 'demo/**', 'docs/images/**', 'docs/store/**'],
  },
  // Firefox too gets Manifest V3: MV2 has no MAIN-world content scripts, which the hook needs.
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: 'Lifeline',
    description:
      'Notices when a live lesson breaks, says whose side it is on, walks the fallback steps and drafts the incident email.',
    permissions: ['alarms', 'notifications', 'scripting', 'activeTab', 'storage'],
    host_permissions: CALL_SITE_MATCHES,
    // "Monitor this site" (design.md §8): asked for one origin at a time, never up front.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: {
      default_title: 'Lifeline',
    },
    ...(browser === 'firefox' && {
      // Firefox needs an id for MV3. MAIN-world content scripts need 128, the data-collection
      // declaration below 140 on desktop and 142 on Android (older ones ignore it): 140 is the
      // oldest Firefox ESR still supported. docs/firefox.md says what works there.
      browser_specific_settings: {
        gecko: {
          id: 'lifeline@lifeline.invalid',
          strict_min_version: '140.0',
          // Nothing leaves the tutor's machine (design.md §10).
          data_collection_permissions: { required: ['none'] },
        },
        gecko_android: { strict_min_version: '142.0' },
      },
    }),
  }),
});

/** Resolves `webextension-polyfill` to the browser's own extension API object. */
function nativeBrowserInContentScripts(): Plugin {
  const id = '\0lifeline:native-browser';
  return {
    name: 'lifeline:native-browser-in-content-scripts',
    enforce: 'pre',
    resolveId: (source) => (source === 'webextension-polyfill' ? id : undefined),
    load: (source) =>
      source === id ? 'export default globalThis.browser ?? globalThis.chrome;' : undefined,
  };
}

/**
 * The content scripts' `matches` are read when WXT writes the manifest, before bundling; at run
 * time nothing reads them, yet each script would carry the whole list (0.3 KB of the budget).
 */
function noMatchesInContentScripts(): Plugin {
  const id = '\0lifeline:no-matches';
  return {
    name: 'lifeline:no-matches-in-content-scripts',
    enforce: 'pre',
    resolveId: (source) => (source.endsWith('/lib/sites/call-sites') ? id : undefined),
    load: (source) => (source === id ? 'export const CALL_SITE_MATCHES = [];' : undefined),
  };
}

/**
 * WXT's content-script wrappers log a crash on startup and a context invalidated through a
 * logger that prints nothing in a production build; the calls still carry the logger's four
 * methods and the messages, 0.1 KB gzipped per script. A production build goes without them: a
 * crash is rethrown exactly as before.
 */
function noWxtLoggerInContentScripts(): Plugin {
  let production = false;
  return {
    name: 'lifeline:no-wxt-logger-in-content-scripts',
    configResolved: (config) => void (production = config.mode === 'production'),
    transform: (code, id) =>
      production &&
      /content-script-(main|isolated)-world-entrypoint|wxt\/dist\/utils\/content-script-context/.test(
        id,
      )
        ? code
            .replace(/logger\.(error|debug)\(`[^`]*`(, err)?\);/g, '')
            // What is left of the crash report, a catch that only rethrows, goes too.
            .replace(/try \{([\s\S]*?)\} catch \(err\) \{\s*throw err;\s*\}/, '$1')
        : undefined,
  };
}

/**
 * WXT wraps a MAIN-world script's `main()` in an async function whose catch only logs in
 * development, with a no-op logger and its message in every build (0.1 KB of the budget). The
 * hook's `main()` never throws (it catches everything itself), so it is called as it is: still
 * at once, before any page script.
 */
function bareMainWorldEntry(): Plugin {
  const prefix = '\0virtual:wxt-content-script-main-world-entrypoint?';
  return {
    name: 'lifeline:bare-main-world-entry',
    transform: (_code, id) =>
      id.startsWith(prefix)
        ? [
            `import definition from ${JSON.stringify(id.slice(prefix.length))};`,
            'import { initPlugins } from "virtual:wxt-plugins";',
            'initPlugins();',
            'definition.main();',
          ].join('\n')
        : undefined,
  };
}
