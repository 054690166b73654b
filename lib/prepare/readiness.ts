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
