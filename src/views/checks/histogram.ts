/**
 * Histograms for the saturation watch (activations, pre-activations, gradients per layer). One tight
 * pass, no sorting; NaN and ±∞ are counted apart rather than dropped silently or binned.
 */

export interface Histogram {
  /** counts[b] = values in [edges[b], edges[b+1]); the last bin also holds values equal to its upper edge. */
  counts: Uint32Array;
  /** bins + 1 ascending edges. */
  edges: Float64Array;
  /** NaN and ±∞ values. */
  nonFinite: number;
  /** Finite values below range[0] / above range[1] (only possible with an explicit range). */
  underflow: number;
  overflow: number;
  /** All values seen: sum(counts) + nonFinite + underflow + overflow. */
  total: number;
}

/**
 * Counts `values` into `bins` equal-width bins over `range` (default: the finite values' extent,
 * widened to ±0.5 around a single value, [0, 1] when there are none). Pass `into` (a histogram with the
 * same number of bins) to reuse its arrays.
 */
export function histogram(
  values: ArrayLike<number>,
  bins: number,
  range?: readonly [number, number],
  into?: Histogram,
): Histogram {
  const k = Math.max(1, Number.isFinite(bins) ? Math.floor(bins) : 1);
  let lo: number;
  let hi: number;
  if (range && Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[1] > range[0]) {
    [lo, hi] = range;
  } else {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v - v === 0) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (lo > hi) {
      lo = 0;
      hi = 1;
    } else if (lo === hi) {
      lo -= 0.5;
      hi += 0.5;
    }
  }

  const reuse = into && into.counts.length === k;
  const counts = reuse ? into.counts.fill(0) : new Uint32Array(k);
  const edges = reuse ? into.edges : new Float64Array(k + 1);
  const width = (hi - lo) / k;
  for (let b = 0; b <= k; b++) edges[b] = lo + b * width;
  edges[k] = hi;

  let nonFinite = 0;
  let underflow = 0;
  let overflow = 0;
  const scale = k / (hi - lo);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v - v !== 0) nonFinite++;
    else if (v < lo) underflow++;
    else if (v > hi) overflow++;
    else {
      let b = ((v - lo) * scale) | 0;
      if (b >= k) b = k - 1;
      counts[b]++;
    }
  }
  const out = reuse ? into : ({} as Histogram);
  out.counts = counts;
  out.edges = edges;
  out.nonFinite = nonFinite;
  out.underflow = underflow;
  out.overflow = overflow;
  out.total = values.length;
  return out;
}
