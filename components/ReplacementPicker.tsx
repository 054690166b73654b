import { useState } from 'preact/hooks';
import { replacementEventIcs } from '@/lib/ics';
import type { Incident } from '@/lib/incident';
import { whenInWords } from '@/lib/report-email';
import { checkReplacementTime, lastAllowedReplacementDate } from '@/lib/replacement-window';
import type { Settings } from '@/lib/settings';
import { isoDate, isoWallTime, longDate, wallTimeAt } from '@/lib/zoned-time';
import { downloadText } from './download';

const LENGTHS = [30, 45, 60, 90];

/**
 * The replacement time: a date/time picker that refuses anything outside the window (seeds/004:
 * within 7 days, Thursday → Wednesday), then the agreed time as an `.ics` file.
 */
export function ReplacementPicker({
  incident,
  settings,
  timeZone,
  now,
  onAgree,
}: {
  incident: Incident;
  settings: Settings;
  timeZone: string;
  now: number;
  onAgree(replacementAt: number): Promise<void>;
}) {
  const lessonAt = Date.parse(incident.startedAt);
  const window = lastAllowedReplacementDate(lessonAt, settings.replacementWindowDays, timeZone);
  const [value, setValue] = useState('');
  const [minutes, setMinutes] = useState(60);
  const check = value
    ? checkReplacementTime(value, {
        lessonAt,
        windowDays: settings.replacementWindowDays,
        timeZone,
        now,
      })
    : null;
  const agreed =
    incident.outcome?.type === 'rescheduled' && incident.outcome.replacementAt
      ? Date.parse(incident.outcome.replacementAt)
      : null;
  const noun = settings.playbook === 'counselling' ? 'session' : 'lesson';

  const downloadIcs = (start: number) => {
    const ref = incident.lessonRef ? ` (${incident.lessonRef})` : '';
    const ics = replacementEventIcs({
      uid: `${incident.id}-replacement@lifeline.invalid`,
      start,
      durationMinutes: minutes,
      summary: `Replacement ${noun}${ref}`,
      description: `Replaces the ${noun} of ${longDate(window.lessonDate)}. This once only: not a permanent change of day or time.`,
      now: Date.now(),
    });
    const w = wallTimeAt(start, timeZone);
    downloadText(`replacement-${isoWallTime(w).replace(':', '')}.ics`, 'text/calendar', ics);
  };

  return (
    <div class="replacement" data-testid="replacement-picker">
      <p class="window-note">
        Last allowed day:{' '}
        <strong data-testid="last-allowed-day">{longDate(window.lastDate)}</strong>
      </p>
      <label>
        Date and time agreed
        <input
          type="datetime-local"
          data-testid="replacement-time"
          min={isoWallTime(wallTimeAt(Math.max(now, lessonAt), timeZone))}
          max={`${isoDate(window.lastDate)}T23:59`}
          value={value}
          aria-invalid={check !== null && !check.ok}
          aria-describedby="replacement-error"
          onInput={(e) => setValue(e.currentTarget.value)}
        />
      </label>
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
      <p id="replacement-error" class="error" role="alert">
        {check && !check.ok ? check.message : ''}
      </p>
      <button
        type="button"
        disabled={!check?.ok}
        onClick={() => check?.ok && void onAgree(check.at)}
      >
        Agree this time
      </button>
      {agreed !== null && (
        <p class="agreed" data-testid="replacement-agreed">
          Agreed: {whenInWords(agreed, timeZone)}.{' '}
          <button type="button" onClick={() => downloadIcs(agreed)}>
            Download .ics
          </button>
        </p>
      )}
    </div>
  );
}
