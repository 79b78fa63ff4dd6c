// Small SVG charts (no chart library: the chart screen stays light). Each has a text
// alternative; the numbers are also printed beside it.
export type Bar = { label: string; value: number; target?: number | null };

export function BarChart({ bars, title, unit }: { bars: Bar[]; title: string; unit: string }) {
  const max = Math.max(1, ...bars.flatMap((bar) => [bar.value, bar.target ?? 0]));
  const width = 60 * bars.length + 20;
  return (
    <svg
      role="img"
      aria-label={`${title}: ${bars.map((bar) => `${bar.label} ${bar.value} ${unit}${bar.target != null ? ` of ${bar.target}` : ''}`).join('; ')}`}
      width={width}
      height={140}
      viewBox={`0 0 ${width} 140`}
    >
      {bars.map((bar, index) => {
        const height = (bar.value / max) * 100;
        const x = 20 + index * 60;
        return (
          <g key={bar.label}>
            <rect
              x={x}
              y={110 - height}
              width={36}
              height={height}
              fill={bar.target != null && bar.value < bar.target ? '#c92a2a' : '#364fc7'}
            />
            {bar.target != null && (
              <line
                x1={x - 6}
                x2={x + 42}
                y1={110 - (bar.target / max) * 100}
                y2={110 - (bar.target / max) * 100}
                stroke="#212529"
                strokeDasharray="4 2"
              />
            )}
            <text x={x + 18} y={128} fontSize={11} textAnchor="middle" fill="#212529">
              {bar.label}
            </text>
            <text x={x + 18} y={Math.max(12, 104 - height)} fontSize={11} textAnchor="middle" fill="#212529">
              {bar.value}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export type Point = { label: string; value: number };

export function LineChart({ points, title, max }: { points: Point[]; title: string; max: number }) {
  const width = Math.max(200, 70 * points.length);
  const x = (index: number) => 20 + (points.length === 1 ? 0 : (index * (width - 40)) / (points.length - 1));
  const y = (value: number) => 100 - (value / max) * 90;
  return (
    <svg
      role="img"
      aria-label={`${title}: ${points.map((point) => `${point.label} ${point.value}`).join('; ')}`}
      width={width}
      height={130}
      viewBox={`0 0 ${width} 130`}
    >
      <polyline
        fill="none"
        stroke="#364fc7"
        strokeWidth={2}
        points={points.map((point, index) => `${x(index)},${y(point.value)}`).join(' ')}
      />
      {points.map((point, index) => (
        <g key={index}>
          <circle cx={x(index)} cy={y(point.value)} r={4} fill="#364fc7" />
          <text x={x(index)} y={y(point.value) - 8} fontSize={11} textAnchor="middle" fill="#212529">
            {point.value}
          </text>
          <text x={x(index)} y={122} fontSize={10} textAnchor="middle" fill="#212529">
            {point.label}
          </text>
        </g>
      ))}
    </svg>
  );
}
