import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { CALL_SITE_MATCHES } from './lib/call-sites';

// See design.md §2 (architecture) and README "Permissions" for why each entry is here.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: {
    name: 'Lifeline',
    description:
      'Notices when a live lesson breaks, says whose side it is on, walks the fallback steps and drafts the incident email.',
    permissions: ['alarms', 'scripting', 'activeTab'],
    host_permissions: CALL_SITE_MATCHES,
    // "Monitor this site" (design.md §8): asked for one origin at a time, never up front.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: {
      default_title: 'Lifeline',
    },
  },
});
