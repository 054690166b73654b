import { browser } from 'wxt/browser';
import type { BatteryFacts, ReadinessInputs } from '@/lib/prepare/readiness';

type PressureState = NonNullable<ReadinessInputs['pressure']>;
interface PressureObserverLike {
  observe(source: 'cpu'): Promise<void>;
  disconnect(): void;
}
type PressureObserverClass = new (
  callback: (records: { state: PressureState }[]) => void,
) => PressureObserverLike;

/** How long the check waits for the computer's first pressure reading before calling it unknown. */
const PRESSURE_WAIT_MS = 1_500;

/**
 * What this browser can tell about the tutor's computer for the readiness check, each read
 * without a permission prompt; an API the browser lacks reads as unknown (`null`), never as fine.
 */
export async function readComputerFacts(
  callTabId: number | null,
): Promise<Omit<ReadinessInputs, 'settings' | 'uploadKbps'>> {
  const [battery, pressure, devices, otherMediaTabs] = await Promise.all([
    readBattery(),
    readPressure(),
    readDevices(),
    browser.tabs
      .query({ audible: true })
      .then((tabs) => tabs.filter((t) => t.id !== callTabId).length),
  ]);
  const connection = (navigator as { connection?: { type?: string } }).connection;
  return { battery, pressure, devices, otherMediaTabs, networkType: connection?.type ?? null };
}

async function readBattery(): Promise<BatteryFacts | null> {
  const nav = navigator as { getBattery?: () => Promise<BatteryFacts> };
  if (!nav.getBattery) return null;
  try {
    const battery = await nav.getBattery();
    return { level: battery.level, charging: battery.charging };
  } catch {
    return null;
  }
}

function readPressure(): Promise<PressureState | null> {
  const Observer = (globalThis as { PressureObserver?: PressureObserverClass }).PressureObserver;
  if (!Observer) return Promise.resolve(null);
  return new Promise((resolve) => {
    const observer = new Observer((records) => {
      const state = records.at(-1)?.state;
      if (!state) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve(state);
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      resolve(null);
    }, PRESSURE_WAIT_MS);
    observer.observe('cpu').catch(() => {
      clearTimeout(timer);
      resolve(null);
    });
  });
}

/** Counted by kind only: without the camera permission the browser gives no names, and none are needed. */
async function readDevices(): Promise<ReadinessInputs['devices']> {
  if (!navigator.mediaDevices?.enumerateDevices) return null;
  try {
    const all = await navigator.mediaDevices.enumerateDevices();
    return {
      microphones: all.filter((d) => d.kind === 'audioinput').length,
      cameras: all.filter((d) => d.kind === 'videoinput').length,
    };
  } catch {
    return null;
  }
}
