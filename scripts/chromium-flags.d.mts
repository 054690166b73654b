/** See chromium-flags.mjs. */
export const CHROMIUM_TEST_FLAGS: string[];
