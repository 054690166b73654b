import { browser } from 'wxt/browser';
import type { WatchMessage } from '@/lib/shared/messages';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';

interface BatteryLike extends EventTarget {
  level: number;
  charging: boolean;
}
type PressureState = Extract<WatchMessage, { type: 'pressure' }>['state'];
interface PressureObserverLike {
  observe(source: 'cpu', options?: { sampleInterval?: number }): Promise<void>;
}
type PressureObserverClass = new (
  callback: (records: { state: PressureState }[]) => void,
) => PressureObserverLike;

/** While the computer is under pressure the state is sent again this often (see below). */
const REPEAT_MS = 5_000;

// The call tab's battery and computer load, for the heads-ups (issue 14, lib/prepare). Injected
// by the background once a call starts, so pages without a call load none of it (content-script
// budget, design.md §9). Both APIs are read here rather than in the worker, which has neither:
// Compute Pressure reports to a page that is capturing the camera or microphone even when the
// tutor is looking at another window, and the Battery Status API exists only in windows.
// Where an API is missing (Firefox has neither) nothing is sent and the heads-up stays silent.
export default defineUnlistedScript(() => {
  const installed = Symbol.for('lifeline.watch');
  const scope = globalThis as { [installed]?: true };
  if (scope[installed]) return;
  scope[installed] = true;

  const send = (message: WatchMessage) =>
    browser.runtime.sendMessage(message).catch(() => {
      // The worker restarts on the next sample; the next reading carries the same facts.
    });

  const nav = navigator as { getBattery?: () => Promise<BatteryLike> };
  void nav.getBattery?.().then(
    (battery) => {
      const report = () =>
        send({ type: 'battery', level: battery.level, charging: battery.charging, t: Date.now() });
      report();
      // Levels move in 1 % steps; a reading a minute lets the trend see a plateau for what it is.
      setInterval(report, 60_000);
      battery.addEventListener('levelchange', report);
      battery.addEventListener('chargingchange', report);
    },
    () => undefined,
  );

  const Observer = (globalThis as { PressureObserver?: PressureObserverClass }).PressureObserver;
  if (!Observer) return;
  let state: PressureState | undefined;
  const report = () => state && send({ type: 'pressure', state, t: Date.now() });
  // The observer speaks only when the state changes; the 20 s rule needs to hear that serious
  // pressure lasted, so it is repeated while it does.
  setInterval(() => (state === 'serious' || state === 'critical') && report(), REPEAT_MS);
  new Observer((records) => {
    const latest = records.at(-1)?.state;
    if (!latest || latest === state) return;
    state = latest;
    report();
  })
    .observe('cpu', { sampleInterval: 1_000 })
    .catch(() => undefined);
});
