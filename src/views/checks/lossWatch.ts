/**
 * The loss watch's judgement: has the loss risen well above its best and stayed there? (A loss that
 * is no longer finite is the worker's `diverged`, not this.)
 */

export interface LossRise {
  bestStep: number;
  bestLoss: number;
  currentLoss: number;
  /** Steps the loss has stayed up (from the first point of the raised window). */
  sinceStep: number;
}

/**
 * A sustained rise of the loss well above the best so far: the last `window` points are all above
 * max(factor × best, best + margin) and span at least `minSteps` steps. Null when the loss is fine.
 */
export function detectLossRise(
  steps: ArrayLike<number>,
  losses: ArrayLike<number>,
  {
    window = 5,
    factor = 3,
    margin = 0.3,
    minSteps = 20,
  }: { window?: number; factor?: number; margin?: number; minSteps?: number } = {},
): LossRise | null {
  const count = Math.min(steps.length, losses.length);
  if (count <= window) return null;
  let best = Infinity;
  let bestStep = 0;
  for (let i = 0; i < count - window; i++) {
    const v = losses[i];
    if (Number.isFinite(v) && v < best) {
      best = v;
      bestStep = steps[i];
    }
  }
  if (!Number.isFinite(best)) return null;
  const threshold = Math.max(factor * best, best + margin);
  for (let i = count - window; i < count; i++) {
    const v = losses[i];
    if (!(v > threshold)) return null; // NaN counts as raised only through `diverged`, not here
  }
  const sinceStep = steps[count - window];
  if (steps[count - 1] - sinceStep < minSteps) return null;
  return { bestStep, bestLoss: best, currentLoss: losses[count - 1], sinceStep };
}
