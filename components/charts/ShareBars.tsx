/** One horizontal bar per category, with its count and share of the total, as SVG. */
export function ShareBars({
  label,
  items,
}: {
  label: string;
  items: { key: string; label: string; count: number; color: string }[];
}) {
  const total = items.reduce((sum, i) => sum + i.count, 0);
  const ROW = 22;
  const WIDTH = 420;
  const LABEL = 170;
  const BAR = WIDTH - LABEL - 80;
  return (
    <figure class="chart">
      <figcaption>{label}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${items.length * ROW + 4}`} role="img" aria-label={label}>
        {items.map((item, i) => {
          const share = total ? item.count / total : 0;
          return (
            <g key={item.key} transform={`translate(0 ${i * ROW})`} data-share={item.key}>
              <text class="axis-label" x={0} y={15}>
                {item.label}
              </text>
              <rect x={LABEL} y={4} width={BAR} height={14} class="bar-track" />
              <rect x={LABEL} y={4} width={BAR * share} height={14} fill={item.color} />
              <text class="axis-label" x={LABEL + BAR + 6} y={15}>
                {item.count} ({Math.round(share * 100)} %)
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
