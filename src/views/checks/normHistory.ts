/**
 * The gradient norms of recent frames, for the gradient-norm chart: a bounded buffer that every frame
 * is recorded into (not only the throttled ones React renders), and the chart's log-scale extent.
 */
import type { Frame } from '../../worker/protocol';

/** Frames kept for the chart. */
export const NORM_HISTORY = 300;

export interface NormPoint {
  step: number;
  /** ‖dW‖ per layer; null where the frame has none. */
  norms: (number | null)[];
}

/** A norm a log scale can place. */
export function isPlottableNorm(v: number | null | undefined): v is number {
  return v !== null && v !== undefined && v > 0 && Number.isFinite(v);
}

/**
 * Adds a frame's norms to `buffer` (in place): a step earlier than the last one (rewind, seek or
 * restart) starts the history afresh, a repeated step is kept once, and only the last `capacity`
 * points stay.
 */
export function recordNorms(
  buffer: NormPoint[],
  frame: Pick<Frame, 'step' | 'health'> | null,
  capacity = NORM_HISTORY,
): void {
  if (!frame || frame.health.length === 0) return;
  const lastPoint = buffer[buffer.length - 1];
  if (lastPoint && frame.step < lastPoint.step) buffer.length = 0;
  else if (lastPoint && lastPoint.step === frame.step) return;
  buffer.push({ step: frame.step, norms: frame.health.map((h) => h.gradientNorm) });
  if (buffer.length > capacity) buffer.splice(0, buffer.length - capacity);
}

/**
 * The chart's y domain over every plottable norm, widened tenfold each way when all are equal (a log
 * scale needs an extent); null when there is nothing to draw yet (fewer than 2 points, or no norm).
 */
export function normDomain(points: readonly NormPoint[]): [number, number] | null {
  if (points.length < 2) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of points) {
    for (const v of p.norms) {
      if (!isPlottableNorm(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (hi < lo) return null;
  lo = Math.max(1e-30, lo);
  return lo === hi ? [lo / 10, hi * 10] : [lo, hi];
}
