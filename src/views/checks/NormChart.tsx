/** The gradient norm ‖dW‖ of each layer over recent frames, on a log scale, one line per layer. */
import { line as d3line, scaleLinear, scaleLog } from 'd3';
import { formatValue } from '../../model/format';
import { layerColor, muted } from './CheckParts';
import { isPlottableNorm, normDomain, type NormPoint } from './normHistory';

export function NormChart({ points, layers }: { points: NormPoint[]; layers: number }) {
  const w = 300;
  const h = 120;
  const pad = { l: 40, r: 8, t: 6, b: 16 };
  const domain = normDomain(points);
  if (!domain) {
    return <p style={muted}>The gradient norms appear here once the run has taken a few steps.</p>;
  }
  const x = scaleLinear()
    .domain([points[0].step, points[points.length - 1].step])
    .range([pad.l, w - pad.r]);
  const y = scaleLog()
    .domain(domain)
    .range([h - pad.b, pad.t])
    .clamp(true);
  const ticks = y.ticks(3).filter((_, i, all) => all.length <= 4 || i % Math.ceil(all.length / 4) === 0);
  return (
    <svg
      width={w}
      height={h}
      role="img"
      aria-label={`Gradient norm per layer over the last ${points.length} frames, log scale`}
    >
      {ticks.map((t) => (
        <g key={t}>
          <line x1={pad.l} x2={w - pad.r} y1={y(t)} y2={y(t)} stroke="var(--border)" />
          <text x={pad.l - 3} y={y(t) + 3} fontSize={9} textAnchor="end" fill="var(--muted)">
            {formatValue(t, 1)}
          </text>
        </g>
      ))}
      {Array.from({ length: layers }, (_, l) => {
        const path = d3line<NormPoint>()
          .defined((p) => isPlottableNorm(p.norms[l]))
          .x((p) => x(p.step))
          .y((p) => y(p.norms[l] as number))(points);
        return <path key={l} d={path ?? ''} fill="none" stroke={layerColor(l)} strokeWidth={1.5} />;
      })}
      <text x={w - pad.r} y={h - 3} fontSize={9} textAnchor="end" fill="var(--muted)">
        step {points[points.length - 1].step}
      </text>
    </svg>
  );
}
