import { useId } from "react";

export interface Bar {
  label: string;
  value: number;
}

/**
 * Horizontal bars as SVG, drawn on the server (no script), for one question's answers. The SVG is
 * an image with a title and a description that say what it shows; the same figures are in the
 * table beside it, which is what a screen reader reads.
 */
export function BarChart({ title, description, bars, valueLabel }: { title: string; description: string; bars: Bar[]; valueLabel: (value: number) => string }) {
  const id = useId();
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const rowHeight = 28;
  const labelWidth = 150;
  const barSpace = 260;
  const width = labelWidth + barSpace + 60;
  const height = bars.length * rowHeight + 8;
  const short = (label: string) => ([...label].length > 18 ? `${[...label].slice(0, 17).join("")}…` : label);
  return (
    <svg className="bar-chart" role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`} viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {bars.map((bar, index) => {
        const y = index * rowHeight + 4;
        const barWidth = Math.round((bar.value / max) * barSpace);
        return (
          <g key={index} data-bar={bar.label} data-value={bar.value}>
            <text x={labelWidth - 8} y={y + 17} textAnchor="end" fontSize="13" fill="#1f2937">
              {short(bar.label)}
            </text>
            <rect x={labelWidth} y={y + 2} width={Math.max(barWidth, bar.value > 0 ? 2 : 0)} height={rowHeight - 8} fill="#1d4ed8" />
            <text x={labelWidth + barWidth + 6} y={y + 17} fontSize="13" fill="#1f2937">
              {valueLabel(bar.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
