/** A small histogram of one layer's Z or A over the current batch, for the saturation table. */
import { formatValue } from '../../model/format';
import { histogram } from './histogram';

export function MiniHistogram({
  values,
  label,
  range,
  width = 120,
}: {
  values: ArrayLike<number>;
  label: string;
  range?: [number, number];
  /** In CSS px. */
  width?: number;
}) {
  const bins = 20;
  const w = width;
  const h = 36;
  const hist = histogram(values, bins, range);
  let max = 0;
  for (const c of hist.counts) max = Math.max(max, c);
  const lo = hist.edges[0];
  const hi = hist.edges[bins];
  return (
    <svg
      width={w}
      height={h + 12}
      // Its own size, always (a panel's `svg { max-width: 100% }` would let a table squeeze it to nothing).
      style={{ maxWidth: 'none', flex: 'none' }}
      role="img"
      aria-label={`Histogram of ${label}, from ${formatValue(lo, 3)} to ${formatValue(hi, 3)}, ${hist.total} values`}
    >
      {Array.from(hist.counts, (c, b) => {
        const bh = max > 0 ? (c / max) * h : 0;
        return (
          <rect key={b} x={(b * w) / bins} y={h - bh} width={w / bins - 1} height={bh} fill="var(--accent)" />
        );
      })}
      <text x={0} y={h + 10} fontSize={9} fill="var(--muted)">
        {formatValue(lo, 2)}
      </text>
      <text x={w} y={h + 10} fontSize={9} fill="var(--muted)" textAnchor="end">
        {formatValue(hi, 2)}
      </text>
    </svg>
  );
}
