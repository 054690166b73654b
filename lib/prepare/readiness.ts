import type { Settings } from '@/lib/settings/settings';
import type { READINESS_IDS } from '@/lib/shared/incident-kinds';
import { setupGaps } from './setup-gaps';

/** Green, amber or red, always shown with words so colour is never the only signal. */
export type Level = 'green' | 'amber' | 'red';

export interface Verdict {
  level: Level;
  words: string;
  fix: string;
}

/** Battery facts as navigator.getBattery reports them; null where the browser has no such API. */
export interface BatteryFacts {
  level: number;
  charging: boolean;
}

export function judgeBattery(battery: BatteryFacts | null): Verdict {
  if (battery === null) {
    return { level: 'amber', words: 'Battery: unknown', fix: 'Plug the computer in to be safe.' };
  }
  const percent = Math.round(battery.level * 100);
  if (battery.charging) return { level: 'green', words: `Battery: ${percent}%, charging`, fix: '' };
  if (percent < 20) {
    return {
      level: 'red',
      words: `Battery: ${percent}%`,
      fix: 'Plug the computer in before the lesson.',
    };
  }
  if (percent < 50) {
    return {
      level: 'amber',
      words: `Battery: ${percent}%`,
      fix: 'Plug the computer in if the lesson is long.',
    };
  }
  return { level: 'green', words: `Battery: ${percent}%`, fix: '' };
}

/** Seed 002: "a broadband speed above 2 Mbps is essential for webcam sessions". */
export const ESSENTIAL_UPLOAD_KBPS = 2_000;
/** Below this even sound alone struggles (Opus and a small video need a few hundred kbps). */
const POOR_UPLOAD_KBPS = 500;

export type PressureReading = 'nominal' | 'fair' | 'serious' | 'critical';

/** Everything the readiness check reads; `null` wherever the browser could not say. */
export interface ReadinessInputs {
  /** null: the browser has no Battery Status API. */
  battery: BatteryFacts | null;
  /** null: no Compute Pressure, or no reading came. */
  pressure: PressureReading | null;
  /** Other tabs playing sound now. */
  otherMediaTabs: number;
  /** null: the browser would not list devices. */
  devices: { microphones: number; cameras: number } | null;
  /** Network Information `type`, where the browser reports it. */
  networkType: string | null;
  settings: Settings;
  /** The call's best upload estimate in its first 20 s; null while no call has run. */
  uploadKbps: number | null;
}

export type ReadinessId = (typeof READINESS_IDS)[number];

export interface ReadinessItem extends Verdict {
  id: ReadinessId;
}

/** The readiness check, one line per thing that can spoil a lesson, in the order to fix them. */
export function readinessReport(inputs: ReadinessInputs): ReadinessItem[] {
  return [
    { id: 'battery', ...judgeBattery(inputs.battery) },
    { id: 'computer', ...judgeComputer(inputs.pressure) },
    { id: 'media-tabs', ...judgeMediaTabs(inputs.otherMediaTabs) },
    { id: 'devices', ...judgeDevices(inputs.devices) },
    { id: 'upload', ...judgeUpload(inputs.uploadKbps) },
    { id: 'network', ...judgeNetwork(inputs.networkType) },
    { id: 'settings', ...judgeSettings(inputs.settings) },
  ];
}

export function judgeComputer(pressure: PressureReading | null): Verdict {
  switch (pressure) {
    case null:
      return {
        level: 'amber',
        words: 'Computer load: unknown',
        fix: 'Close programs you will not need in the lesson.',
      };
    case 'nominal':
    case 'fair':
      return { level: 'green', words: `Computer load: ${pressure}`, fix: '' };
    case 'serious':
      return {
        level: 'amber',
        words: 'Computer load: serious',
        fix: 'Close programs you do not need; check no system update is running.',
      };
    case 'critical':
      return {
        level: 'red',
        words: 'Computer load: critical',
        fix: 'Close other programs and let any system update finish before the lesson.',
      };
  }
}

export function judgeMediaTabs(count: number): Verdict {
  if (count === 0) return { level: 'green', words: 'No other tab is playing sound', fix: '' };
  return {
    level: 'amber',
    words: `${count} other tab${count === 1 ? ' is' : 's are'} playing sound`,
    fix: 'Mute or close it: it takes bandwidth from the call.',
  };
}

export function judgeDevices(devices: ReadinessInputs['devices']): Verdict {
  if (devices === null) {
    return {
      level: 'amber',
      words: 'Microphone and camera: unknown',
      fix: 'Check they are plugged in and chosen in the call page.',
    };
  }
  const missing = [
    ...(devices.microphones === 0 ? ['microphone'] : []),
    ...(devices.cameras === 0 ? ['camera'] : []),
  ];
  if (missing.length === 0)
    return { level: 'green', words: 'Microphone and camera found', fix: '' };
  return {
    level: devices.microphones === 0 ? 'red' : 'amber',
    words: `No ${missing.join(' and no ')} found`,
    fix: 'Plug it in, or check the browser may use it.',
  };
}

export function judgeUpload(kbps: number | null): Verdict {
  if (kbps === null) {
    return {
      level: 'amber',
      words: 'Upload: measured once a call starts',
      fix: 'Run the check again in the first minute of the call.',
    };
  }
  const words = `Upload: about ${kbps >= 1000 ? `${(kbps / 1000).toFixed(1)} Mbps` : `${Math.round(kbps)} kbps`}`;
  if (kbps >= ESSENTIAL_UPLOAD_KBPS) return { level: 'green', words, fix: '' };
  return {
    level: kbps < POOR_UPLOAD_KBPS ? 'red' : 'amber',
    words: `${words}, under the 2 Mbps a webcam lesson needs`,
    fix: 'Pause other uploads and video on this network, move closer to the router or use a cable, or turn your camera off.',
  };
}

export function judgeNetwork(type: string | null): Verdict {
  if (type === null)
    return { level: 'green', words: 'Network type: not reported by this browser', fix: '' };
  if (type === 'cellular') {
    return {
      level: 'amber',
      words: 'Network: mobile data',
      fix: 'Use Wi-Fi or a cable if you can: mobile data can drop and has limits.',
    };
  }
  if (type === 'none') {
    return { level: 'red', words: 'Network: none', fix: 'Connect to the internet.' };
  }
  return { level: 'green', words: `Network: ${type}`, fix: '' };
}

export function judgeSettings(settings: Settings): Verdict {
  const gaps = setupGaps(settings);
  if (gaps.length === 0)
    return { level: 'green', words: 'Settings: incident address and phone set', fix: '' };
  return {
    level: 'amber',
    words: gaps.map((g) => g.words).join(' '),
    fix: 'Set them in Lifeline’s settings.',
  };
}

/** The check as an incident email quotes it: "Battery: 64%, charging (ok)". */
export function readinessInWords(
  items: readonly Pick<ReadinessItem, 'level' | 'words'>[],
): string[] {
  const said = { green: 'ok', amber: 'check', red: 'fix first' } as const;
  return items.map((item) => `${item.words} (${said[item.level]})`);
}
