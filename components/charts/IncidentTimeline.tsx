import { linearScale, linePath, niceCeiling } from '@/lib/records/chart-scale';
import type { TimelinePoint } from '@/lib/health/call-timeline';
import type { Incident } from '@/lib/shared/incident';
import { localClock } from '@/lib/shared/plain-words';

const WIDTH = 880;
const LEFT = 56;
const RIGHT = 16;
const PANEL = 84;
const GAP = 34;
const TOP = 40;

interface Panel {
  title: string;
  unit: string;
  lines: { key: keyof TimelinePoint; label: string; color: string }[];
  /** A fixed axis top (the quality score is 1–5); otherwise it follows the data. */
  max?: number;
  min?: number;
}

const PANELS: Panel[] = [
  {
    title: 'Bitrate',
    unit: 'kbps',
    lines: [
      { key: 'inKbps', label: 'Receiving', color: '#1a73e8' },
      { key: 'outKbps', label: 'Sending', color: '#e37400' },
    ],
  },
  {
    title: 'Packets lost',
    unit: '%',
    lines: [{ key: 'lossPct', label: 'Loss', color: '#d93025' }],
  },
  { title: 'Round trip', unit: 'ms', lines: [{ key: 'rttMs', label: 'RTT', color: '#9334e6' }] },
  {
    title: 'Quality score',
    unit: '',
    min: 1,
    max: 5,
    lines: [{ key: 'mos', label: 'Score', color: '#1a7f64' }],
  },
];

/**
 * The call around one incident, drawn as SVG: bitrate in and out, loss, round-trip time and the
 * quality score, one panel each on a shared time axis, with the incident's span shaded and a
 * marker for detection, every step taken and the end.
 */
export function IncidentTimeline({
  incident,
  points,
}: {
  incident: Incident;
  points: TimelinePoint[];
}) {
  if (points.length < 2) {
    return (
      <p class="hint" data-testid="timeline-empty">
        No call figures were kept for this incident. Lifeline keeps them for incidents it detects
        itself; imported incidents carry none.
      </p>
    );
  }
  const started = Date.parse(incident.startedAt);
  const ended = incident.endedAt ? Date.parse(incident.endedAt) : points.at(-1)!.t;
  const t0 = Math.min(points[0]!.t, started);
  const t1 = Math.max(points.at(-1)!.t, ended);
  const x = linearScale([t0, t1], [LEFT, WIDTH - RIGHT]);
  const height = TOP + PANELS.length * (PANEL + GAP);
  const bottom = height - GAP + 4;

  const markers = [
    {
      at: Date.parse(incident.detectedAt),
      tag: 'Detected',
      label: 'Detected',
      cls: 'marker-detected',
    },
    // Numbered as in the "Steps taken" list above the chart.
    ...incident.steps.map((s, i) => ({
      at: Date.parse(s.at),
      tag: String(i + 1),
      label: `Step ${i + 1}: ${s.id} (${s.result})`,
      cls: 'marker-step',
    })),
    ...(incident.endedAt ? [{ at: ended, tag: 'Ended', label: 'Ended', cls: 'marker-ended' }] : []),
  ].filter((m) => m.at >= t0 && m.at <= t1);

  const ticks = Array.from({ length: 5 }, (_, i) => t0 + ((t1 - t0) * i) / 4);

  return (
    <svg
      class="timeline-chart"
      viewBox={`0 0 ${WIDTH} ${height + 14}`}
      role="img"
      aria-label={`Call figures from ${localClock(new Date(t0).toISOString())} to ${localClock(new Date(t1).toISOString())}`}
      data-testid="incident-timeline"
    >
      <rect
        class="incident-span"
        x={x(started)}
        y={TOP - 6}
        width={Math.max(1, x(ended) - x(started))}
        height={bottom - TOP + 6}
      />
      {PANELS.map((panel, i) => {
        const top = TOP + i * (PANEL + GAP);
        const values = points.flatMap((p) =>
          panel.lines.map((l) => p[l.key]).filter((v): v is number => v !== undefined),
        );
        const min = panel.min ?? 0;
        const max = panel.max ?? niceCeiling(Math.max(0, ...values));
        const y = linearScale([min, max], [top + PANEL, top]);
        return (
          <g key={panel.title}>
            <text class="panel-title" x={LEFT} y={top - 6}>
              {panel.title}
              {panel.unit && ` (${panel.unit})`}
              {panel.lines.length > 1 &&
                panel.lines.map((l) => (
                  <tspan key={l.key} fill={l.color} dx={10}>
                    ■ {l.label}
                  </tspan>
                ))}
            </text>
            <line class="axis" x1={LEFT} x2={WIDTH - RIGHT} y1={top + PANEL} y2={top + PANEL} />
            <text class="axis-label" x={LEFT - 6} y={top + 4} text-anchor="end">
              {max.toLocaleString('en-GB')}
            </text>
            <text class="axis-label" x={LEFT - 6} y={top + PANEL} text-anchor="end">
              {min}
            </text>
            {values.length === 0 && (
              <text
                class="axis-label"
                x={(LEFT + WIDTH) / 2}
                y={top + PANEL / 2}
                text-anchor="middle"
              >
                not reported by the browser
              </text>
            )}
            {panel.lines.map((l) => (
              <path
                key={l.key}
                d={linePath(
                  points,
                  (p) => p[l.key],
                  (p) => x(p.t),
                  y,
                )}
                stroke={l.color}
                class="series"
                data-series={l.key}
              />
            ))}
          </g>
        );
      })}
      {markers.map((m) => (
        <g key={`${m.cls}-${m.at}-${m.label}`} class={`marker ${m.cls}`}>
          <line x1={x(m.at)} x2={x(m.at)} y1={TOP - 22} y2={bottom} />
          <text class="marker-tag" x={x(m.at) + 3} y={TOP - 26}>
            {m.tag}
          </text>
          <title>
            {m.label} at {localClock(new Date(m.at).toISOString())}
          </title>
        </g>
      ))}
      {ticks.map((t, i) => (
        <text
          key={t}
          class="axis-label"
          x={x(t)}
          y={height + 10}
          text-anchor={i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle'}
        >
          {localClock(new Date(t).toISOString())}
        </text>
      ))}
    </svg>
  );
}
