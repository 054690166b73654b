import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { CALL_SITE_MATCHES } from './lib/call-sites';

// See design.md §2 (architecture) and README "Permissions" for why each entry is here.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
  }),
  // Firefox too gets Manifest V3: MV2 has no MAIN-world content scripts, which the hook needs.
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: 'Lifeline',
    description:
      'Notices when a live lesson breaks, says whose side it is on, walks the fallback steps and drafts the incident email.',
    permissions: ['alarms'],
    host_permissions: CALL_SITE_MATCHES,
    action: {
      default_title: 'Lifeline',
    },
    ...(browser === 'firefox' && {
      // Firefox needs an id for MV3; 128 is the first release with MAIN-world content scripts.
      browser_specific_settings: {
        gecko: {
          id: 'lifeline@lifeline.invalid',
          strict_min_version: '128.0',
          // Nothing leaves the tutor's machine (design.md §10).
          data_collection_permissions: { required: ['none'] },
        },
      },
    }),
  }),
});
