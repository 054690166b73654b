import { useState } from 'preact/hooks';
import { replacementEventIcs } from '@/lib/respond/ics';
import type { Incident } from '@/lib/shared/incident';
import type { Settings } from '@/lib/settings/settings';
import { dateInWords, isoWallTime, wallTimeAt } from '@/lib/shared/zoned-time';
import { downloadText } from './download';

const LENGTHS = [30, 45, 60, 90];

/** The agreed replacement as an `.ics` file for the tutor's own calendar, with its length. */
export function ReplacementIcs({
  incident,
  replacementAt,
  settings,
  timeZone,
}: {
  incident: Incident;
  replacementAt: number;
  settings: Settings;
  timeZone: string;
}) {
  const [minutes, setMinutes] = useState(60);
  const noun = settings.playbook === 'counselling' ? 'session' : 'lesson';
  const download = () => {
    const ref = incident.lessonRef ? ` (${incident.lessonRef})` : '';
    const ics = replacementEventIcs({
      uid: `${incident.id}-replacement@lifeline.invalid`,
      start: replacementAt,
      durationMinutes: minutes,
      summary: `Replacement ${noun}${ref}`,
      description: `Replaces the ${noun} of ${dateInWords(Date.parse(incident.startedAt), timeZone)}. This once only: not a permanent change of day or time.`,
      now: Date.now(),
    });
    const name = isoWallTime(wallTimeAt(replacementAt, timeZone)).replace(':', '');
    downloadText(`replacement-${name}.ics`, 'text/calendar', ics);
  };
  return (
    <div class="replacement-ics" data-testid="replacement-ics">
      <label>
        Length
        <select value={minutes} onChange={(e) => setMinutes(Number(e.currentTarget.value))}>
          {LENGTHS.map((m) => (
            <option key={m} value={m}>
              {m} min
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={download}>
        Download .ics
      </button>
    </div>
  );
}
