/** See chromium-flags.mjs. */
export const CHROMIUM_TEST_FLAGS: string[];
export const LOOPBACK_PEER_FLAGS: string[];
