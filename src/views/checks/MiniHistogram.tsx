/**
 * A small histogram of one layer's Z or A over the current batch, for the saturation table.
 *
 * The bars are one path, not a rect each: the table holds two per layer and re-renders while
 * training plays, and on 8 layers of 32 the 640 attribute changes of 320 rects took the page
 * 18–33 ms each time (style, paint), a dropped frame every half second.
 */
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
      <path d={barsPath(hist.counts, max, w, h)} fill="var(--accent)" />
      <text x={0} y={h + 10} fontSize={9} fill="var(--muted)">
        {formatValue(lo, 2)}
      </text>
      <text x={w} y={h + 10} fontSize={9} fill="var(--muted)" textAnchor="end">
        {formatValue(hi, 2)}
      </text>
    </svg>
  );
}

/** A number for path data: at most 2 decimals, no trailing zeros. */
const num = (v: number): number => +v.toFixed(2);

/** The bars as one path: bar b spans x from b·w/bins to one pixel short of the next bar, up from y = h. */
export function barsPath(counts: ArrayLike<number>, max: number, w: number, h: number): string {
  const bins = counts.length;
  const barWidth = num(w / bins - 1);
  let d = '';
  for (let b = 0; b < bins; b++) {
    const bh = max > 0 ? (counts[b] / max) * h : 0;
    if (bh > 0) d += `M${num((b * w) / bins)},${num(h - bh)}h${barWidth}v${num(bh)}h${-barWidth}z`;
  }
  return d;
}
