/**
 * Gradient checking, the seed article's first practical check: nudge each
 * parameter by ±ε, measure the loss, and compare the central difference
 * (L(w+ε) − L(w−ε)) / 2ε with what backprop says. Per layer, the verdict
 * number is the relative error ‖num − ana‖ / (‖num‖ + ‖ana‖).
 */
import { createRng, shuffleInPlace } from './random';
import type { GradientCheckEntry, GradientCheckOptions, GradientCheckResult, MLP } from './types';

/** Verdict thresholds on the relative error, as the UI reports them. */
export const GRADIENT_CHECK_GOOD = 1e-7;
export const GRADIENT_CHECK_SUSPICIOUS = 1e-4;

export function gradientCheckVerdict(relativeError: number): 'good' | 'suspicious' | 'wrong' {
  if (!(relativeError < GRADIENT_CHECK_SUSPICIOUS)) return 'wrong'; // NaN lands here too
  return relativeError < GRADIENT_CHECK_GOOD ? 'good' : 'suspicious';
}

function relativeError(entries: GradientCheckEntry[]): number {
  let diff = 0;
  let num = 0;
  let ana = 0;
  for (const e of entries) {
    diff += (e.numeric - e.analytic) ** 2;
    num += e.numeric ** 2;
    ana += e.analytic ** 2;
  }
  const denominator = Math.sqrt(num) + Math.sqrt(ana);
  return denominator === 0 ? 0 : Math.sqrt(diff) / denominator;
}

/** Which entries of a parameter of `size` values to check: all, or a seeded sample. */
function sampleIndices(size: number, max: number, rng: ReturnType<typeof createRng>): number[] {
  const all = Array.from({ length: size }, (_, i) => i);
  if (size <= max) return all;
  shuffleInPlace(all, rng);
  return all.slice(0, max).sort((a, b) => a - b);
}

export function gradientCheck(
  mlp: MLP,
  X: Float64Array,
  Y: Float64Array,
  n: number,
  options: GradientCheckOptions = {},
): GradientCheckResult {
  const epsilon = options.epsilon ?? 1e-5;
  const maxPer = options.maxPerParameter ?? Infinity;
  if (!(epsilon > 0 && Number.isFinite(epsilon)))
    throw new Error(`gradientCheck: epsilon must be > 0, got ${epsilon}`);
  if (!(maxPer >= 1)) throw new Error(`gradientCheck: maxPerParameter must be ≥ 1, got ${maxPer}`);
  const rng = createRng(options.seed ?? 0);

  // Backprop's answer, copied: the finite-difference passes below reuse the same buffers.
  const grads = mlp.backward(mlp.forward(X, n), Y, options.faults);
  const analyticW = grads.dW.map((g) => g.slice());
  const analyticB = grads.db.map((g) => g.slice());

  const entries: GradientCheckEntry[] = [];
  const layers = mlp.layers.map((layer, l) => {
    const perKind = (['W', 'b'] as const).map((kind) => {
      const param = kind === 'W' ? layer.W : layer.b;
      const analytic = kind === 'W' ? analyticW[l] : analyticB[l];
      const checked: GradientCheckEntry[] = [];
      for (const index of sampleIndices(param.length, maxPer, rng)) {
        const saved = param[index];
        param[index] = saved + epsilon;
        const lossPlus = mlp.computeLoss(X, Y, n);
        param[index] = saved - epsilon;
        const lossMinus = mlp.computeLoss(X, Y, n);
        param[index] = saved; // restore exactly: the check must not change the model
        checked.push({
          layer: l,
          kind,
          index,
          numeric: (lossPlus - lossMinus) / (2 * epsilon),
          analytic: analytic[index],
        });
      }
      entries.push(...checked);
      return checked;
    });
    return {
      W: relativeError(perKind[0]),
      b: relativeError(perKind[1]),
      checkedW: perKind[0].length,
      checkedB: perKind[1].length,
    };
  });
  const worst = layers.reduce((w, layer) => Math.max(w, layer.W, layer.b), 0);
  return { layers, worst: layers.some((layer) => Number.isNaN(layer.W + layer.b)) ? NaN : worst, entries };
}
