import { linearScale, niceCeiling } from '@/lib/records/chart-scale';
import type { WeekSummary } from '@/lib/records/incident-summary';

const WIDTH = 420;
const HEIGHT = 150;
const LEFT = 48;
const BOTTOM = 20;

/** Most weeks shown; older ones are in the list and the export. */
export const WEEKS_SHOWN = 26;

const dayMonth = (ms: number) =>
  new Date(ms).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' });

/** A bar per week (the latest `WEEKS_SHOWN`) of one figure, as SVG. */
export function WeeklyBars({
  weeks,
  value,
  label,
  format,
}: {
  weeks: WeekSummary[];
  value: (w: WeekSummary) => number;
  label: string;
  format: (v: number) => string;
}) {
  const shown = weeks.slice(-WEEKS_SHOWN);
  const max = niceCeiling(Math.max(0, ...shown.map(value)));
  const y = linearScale([0, max], [HEIGHT - BOTTOM, 8]);
  const slot = (WIDTH - LEFT) / Math.max(shown.length, 1);
  return (
    <figure class="chart">
      <figcaption>{label}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        <line class="axis" x1={LEFT} x2={WIDTH} y1={HEIGHT - BOTTOM} y2={HEIGHT - BOTTOM} />
        <text class="axis-label" x={LEFT - 4} y={12} text-anchor="end">
          {format(max)}
        </text>
        <text class="axis-label" x={LEFT - 4} y={HEIGHT - BOTTOM} text-anchor="end">
          0
        </text>
        {shown.map((w, i) => (
          <rect
            key={w.weekStart}
            class="bar"
            x={LEFT + i * slot + slot * 0.15}
            width={slot * 0.7}
            y={y(value(w))}
            height={HEIGHT - BOTTOM - y(value(w))}
          >
            <title>
              Week of {dayMonth(w.weekStart)}: {format(value(w))}
            </title>
          </rect>
        ))}
        {shown.length > 0 && (
          <>
            <text class="axis-label" x={LEFT} y={HEIGHT - 4}>
              {dayMonth(shown[0]!.weekStart)}
            </text>
            <text class="axis-label" x={WIDTH} y={HEIGHT - 4} text-anchor="end">
              {dayMonth(shown.at(-1)!.weekStart)}
            </text>
          </>
        )}
      </svg>
    </figure>
  );
}
