/**
 * The flags every automated Chromium here starts with (tests, benchmarks, screenshots): root needs
 * --no-sandbox, the call uses Chromium's fake camera and microphone without a permission prompt,
 * the demo's sound may play without a click, and Chromium's own background traffic is off.
 */
export const CHROMIUM_TEST_FLAGS = [
  '--no-sandbox',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
];

/**
 * For calls between two Chromiums on one machine (or in a private network namespace, where
 * loopback is the only interface): WebRTC skips loopback candidates unless told, and hides local
 * addresses behind mDNS names that only the machine's resolver could answer.
 */
export const LOOPBACK_PEER_FLAGS = [
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];
