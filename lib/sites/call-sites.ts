/**
 * Pages the content scripts run on without asking: the usual call and whiteboard platforms, plus
 * the local demo lesson. Anything else is added by the tutor through "Monitor this site"
 * (design.md §8), never through `<all_urls>`.
 */
export const CALL_SITE_MATCHES: string[] = [
  'http://localhost/*',
  'http://127.0.0.1/*',
  'https://meet.google.com/*',
  'https://*.zoom.us/*',
  'https://teams.microsoft.com/*',
  'https://teams.live.com/*',
  'https://*.whereby.com/*',
  'https://meet.jit.si/*',
  'https://*.bitpaper.io/*',
  'https://*.lessonspace.com/*',
  'https://*.skype.com/*',
];
