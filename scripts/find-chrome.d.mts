/** See find-chrome.mjs. */
export function findChrome(): string;
