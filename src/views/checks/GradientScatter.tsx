/** The gradient check's scatter: each checked entry's numerical derivative against backprop's. */
import { scaleLinear } from 'd3';
import type { GradientCheckResult } from '../../engine';
import { formatValue } from '../../model/format';
import { layerColor } from './CheckParts';
import { entriesOnDiagonal, plottableEntries, scatterExtent } from './verdict';

const SIZE = 220;
const PAD = 36;

export function GradientScatter({ result }: { result: GradientCheckResult }) {
  const entries = plottableEntries(result);
  const m = scatterExtent(entries);
  const x = scaleLinear()
    .domain([-m, m])
    .range([PAD, SIZE - 8]);
  const y = scaleLinear()
    .domain([-m, m])
    .range([SIZE - PAD, 8]);
  const onDiagonal = entriesOnDiagonal(entries);
  const ticks = x.ticks(3);
  return (
    <svg
      width={SIZE}
      height={SIZE}
      viewBox={`0 0 ${SIZE} ${SIZE}`}
      role="img"
      aria-label={`Scatter of ${entries.length} gradient entries, numerical against analytic: ${onDiagonal} lie on the diagonal where the two agree.`}
    >
      <line x1={x(-m)} y1={y(-m)} x2={x(m)} y2={y(m)} stroke="var(--muted)" strokeDasharray="4 3" />
      <line x1={PAD} y1={SIZE - PAD} x2={SIZE - 8} y2={SIZE - PAD} stroke="var(--border)" />
      <line x1={PAD} y1={8} x2={PAD} y2={SIZE - PAD} stroke="var(--border)" />
      {ticks.map((t) => (
        <g key={t}>
          <text x={x(t)} y={SIZE - PAD + 12} fontSize={9} textAnchor="middle" fill="var(--muted)">
            {formatValue(t, 2)}
          </text>
          <text x={PAD - 3} y={y(t) + 3} fontSize={9} textAnchor="end" fill="var(--muted)">
            {formatValue(t, 2)}
          </text>
        </g>
      ))}
      <text x={(PAD + SIZE) / 2} y={SIZE - 4} fontSize={10} textAnchor="middle" fill="currentColor">
        numerical (finite differences)
      </text>
      <text
        x={10}
        y={(SIZE - PAD) / 2}
        fontSize={10}
        textAnchor="middle"
        fill="currentColor"
        transform={`rotate(-90 10 ${(SIZE - PAD) / 2})`}
      >
        analytic (backprop)
      </text>
      {entries.map((e, i) => (
        <circle
          key={i}
          cx={x(e.numeric)}
          cy={y(e.analytic)}
          r={e.kind === 'W' ? 2.5 : 3.5}
          // Left out at a ReLU kink: greyed, as it does not count in the relative error.
          fill={e.kink === 'excluded' ? 'var(--muted)' : layerColor(e.layer)}
          fillOpacity={e.kink === 'excluded' ? 0.35 : 0.75}
        >
          <title>{`${e.kind}${e.layer + 1}[${e.index}]: numerical ${formatValue(e.numeric)}, analytic ${formatValue(e.analytic)}${e.kink === 'excluded' ? ' (left out: at a ReLU kink)' : e.kink === 'reduced' ? ' (re-measured with a smaller ε)' : ''}`}</title>
        </circle>
      ))}
    </svg>
  );
}
