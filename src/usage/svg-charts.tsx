import type { FC } from 'hono/jsx';

export type Bar = { label: string; value: number };

const niceMax = (max: number) => {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((v) => v >= max)!;
};

const fmt = (n: number) => n.toLocaleString('zh-CN');

/**
 * Vertical bars with a y axis, drawn on the server so the printed report needs no JavaScript. The chart is
 * an image with a title and description for screen readers; the report prints the same figures as a table.
 */
export const ColumnChart: FC<{ title: string; desc: string; bars: Bar[]; width?: number; height?: number; every?: number }> = ({ title, desc, bars, width = 720, height = 220, every = 1 }) => {
  const pad = { left: 56, right: 8, top: 12, bottom: 28 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const max = niceMax(Math.max(0, ...bars.map((b) => b.value)));
  const step = plotW / Math.max(1, bars.length);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${width} ${height}`} width="100%" role="img" class="chart">
      <title>{title}</title>
      <desc>{desc}</desc>
      {ticks.map((t) => {
        const y = pad.top + plotH - (t / max) * plotH;
        return (
          <g>
            <line x1={pad.left} x2={width - pad.right} y1={y} y2={y} stroke="#d5dde6" stroke-width="1" />
            <text x={pad.left - 6} y={y + 4} text-anchor="end" font-size="11" fill="#333">{fmt(Math.round(t))}</text>
          </g>
        );
      })}
      {bars.map((b, i) => {
        const h = (b.value / max) * plotH;
        const x = pad.left + i * step;
        return (
          <g>
            <rect x={x + step * 0.12} y={pad.top + plotH - h} width={Math.max(1, step * 0.76)} height={h} fill="#0b57a4">
              <title>{`${b.label}: ${fmt(b.value)}`}</title>
            </rect>
            {i % every === 0 ? <text x={x + step / 2} y={height - 10} text-anchor="middle" font-size="10" fill="#333">{b.label}</text> : null}
          </g>
        );
      })}
    </svg>
  );
};

/** Horizontal bars with the value at the end of each bar (rankings read better this way). */
export const BarChart: FC<{ title: string; desc: string; bars: Bar[]; width?: number; max?: number; unit?: string }> = ({ title, desc, bars, width = 720, max, unit = '' }) => {
  const rowH = 22;
  const labelW = 190;
  const height = bars.length * rowH + 8;
  const top = max ?? niceMax(Math.max(0, ...bars.map((b) => b.value)));
  const plotW = width - labelW - 70;
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${width} ${height}`} width="100%" role="img" class="chart">
      <title>{title}</title>
      <desc>{desc}</desc>
      {bars.map((b, i) => {
        const y = 4 + i * rowH;
        const w = top > 0 ? (b.value / top) * plotW : 0;
        return (
          <g>
            <text x={labelW - 8} y={y + 15} text-anchor="end" font-size="12" fill="#1b2733">{b.label}</text>
            <rect x={labelW} y={y + 3} width={Math.max(0, w)} height={rowH - 7} fill="#a3211b" />
            <text x={labelW + w + 6} y={y + 15} font-size="11" fill="#1b2733">{`${fmt(b.value)}${unit}`}</text>
          </g>
        );
      })}
    </svg>
  );
};
