import { useState } from 'preact/hooks';
import type { Incident } from '@/lib/shared/incident';
import { checkReplacementTime, lastAllowedReplacementDate } from '@/lib/respond/replacement-window';
import type { Settings } from '@/lib/settings/settings';
import { isoDate, isoWallTime, wallTimeAt } from '@/lib/shared/zoned-time';

/**
 * The replacement time: a date/time picker that refuses anything outside the window (seeds/004:
 * within 7 days, Thursday → Wednesday). The step above it names the last allowed day; the
 * agreed time's `.ics` is offered with the outcome.
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
  const check = value
    ? checkReplacementTime(value, {
        lessonAt,
        windowDays: settings.replacementWindowDays,
        timeZone,
        now,
      })
    : null;

  return (
    <div class="replacement" data-testid="replacement-picker">
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
    </div>
  );
}
