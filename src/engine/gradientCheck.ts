/**
 * Gradient checking, the seed article's first practical check: nudge each
 * parameter by ±ε, measure the loss, and compare the central difference
 * (L(w+ε) − L(w−ε)) / 2ε with what backprop says. Per layer, the verdict
 * number is the relative error ‖num − ana‖ / (‖num‖ + ‖ana‖).
 *
 * Kinks: ReLU and leaky ReLU are not differentiable at 0. When a probe moves
 * some example's pre-activation Z across 0, the central difference averages
 * the two slopes while backprop uses one, and a correct backprop reads
 * "wrong" (the seed network at init "small" gives up to 9e-3). So each probe
 * compares the sign of every ReLU-like Z it can move (layer l and later, every
 * example) at θ ± ε with the sign at θ; on a crossing it retries with ε/10 and
 * ε/100, and if the crossing persists the parameter is left out of the
 * relative error. The result counts both, per layer.
 */
import { lossFns } from './losses';
import { createRng, shuffleInPlace } from './random';
import type {
  GradientCheckEntry,
  GradientCheckLayer,
  GradientCheckOptions,
  GradientCheckResult,
  MLP,
} from './types';

/** Verdict thresholds on the relative error, as the UI reports them. */
export const GRADIENT_CHECK_GOOD = 1e-7;
export const GRADIENT_CHECK_SUSPICIOUS = 1e-4;

/** How many times ε is divided by 10 to step off a kink before the parameter is left out. */
export const KINK_RETRIES = 2;

/** One sentence for the UI next to the kink counts. */
export const KINK_EXPLANATION =
  'Central differences are unreliable where a ReLU input is within ε of 0 (the nudge crosses the kink and averages two slopes), so those parameters were re-checked with a smaller ε or, if still crossing, left out of the relative error.';

export function gradientCheckVerdict(relativeError: number): 'good' | 'suspicious' | 'wrong' {
  if (!(relativeError < GRADIENT_CHECK_SUSPICIOUS)) return 'wrong'; // NaN lands here too
  return relativeError < GRADIENT_CHECK_GOOD ? 'good' : 'suspicious';
}

/** ‖num − ana‖ / (‖num‖ + ‖ana‖) over the entries not left out at a kink (0 when both are 0). */
function relativeError(entries: GradientCheckEntry[]): number {
  let diff = 0;
  let num = 0;
  let ana = 0;
  for (const e of entries) {
    if (e.kink === 'excluded') continue;
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

const hasKink = (activation: string): boolean => activation === 'relu' || activation === 'leaky-relu';

export function gradientCheck(
  mlp: MLP,
  X: Float64Array,
  Y: Float64Array,
  n: number,
  options: GradientCheckOptions = {},
): GradientCheckResult {
  const epsilon = options.epsilon ?? 1e-5;
  const maxPer = options.maxPerParameter ?? Infinity;
  if (typeof epsilon !== 'number' || !(epsilon > 0 && epsilon <= 0.1)) {
    throw new Error(`gradientCheck: epsilon must be in (0, 0.1], got ${String(epsilon)}`);
  }
  if (!(maxPer >= 1)) throw new Error(`gradientCheck: maxPerParameter must be ≥ 1, got ${maxPer}`);
  const rng = createRng(options.seed ?? 0);
  const L = mlp.layers.length;
  const loss = lossFns(mlp.loss);
  const outUnits = mlp.layers[L - 1].units;

  // Backprop's answer, copied: the finite-difference passes below reuse the same buffers.
  const basePass = mlp.forward(X, n);
  // Which side of the kink each ReLU-like pre-activation is on at θ (null for smooth layers).
  const baseSides = mlp.layers.map((layer, l) =>
    hasKink(layer.activation) ? Uint8Array.from(basePass.Z[l], (z) => (z > 0 ? 1 : 0)) : null,
  );
  const grads = mlp.backward(basePass, Y, options.faults);
  const analyticW = grads.dW.map((g) => g.slice());
  const analyticB = grads.db.map((g) => g.slice());

  /** The loss at the current parameters, and whether a ReLU-like Z of layer `from` or later changed side. */
  function probe(from: number): { loss: number; crossed: boolean } {
    const pass = mlp.forward(X, n);
    let crossed = false;
    for (let l = from; l < L && !crossed; l++) {
      const sides = baseSides[l];
      if (!sides) continue;
      const Z = pass.Z[l];
      for (let i = 0; i < sides.length; i++) {
        if ((Z[i] > 0 ? 1 : 0) !== sides[i]) {
          crossed = true;
          break;
        }
      }
    }
    return { loss: loss.loss(pass.Z[L - 1], pass.A[L - 1], Y, n, outUnits), crossed };
  }

  // A parameter of layer l moves Z[l] and everything after it, never the layers before.
  const kinkFrom = (l: number): boolean => baseSides.slice(l).some((sides) => sides !== null);

  /** The central difference of one parameter, stepping ε down off a kink when needed. */
  function centralDifference(
    param: Float64Array,
    index: number,
    l: number,
  ): Pick<GradientCheckEntry, 'numeric' | 'epsilon' | 'kink'> {
    const saved = param[index];
    const watch = kinkFrom(l);
    let numeric = NaN;
    let eps = epsilon;
    for (let attempt = 0; attempt <= KINK_RETRIES; attempt++, eps /= 10) {
      param[index] = saved + eps;
      const plus = probe(l);
      param[index] = saved - eps;
      const minus = probe(l);
      param[index] = saved; // restore exactly: the check must not change the model
      numeric = (plus.loss - minus.loss) / (2 * eps);
      if (!watch || !(plus.crossed || minus.crossed)) {
        return attempt === 0 ? { numeric, epsilon: eps } : { numeric, epsilon: eps, kink: 'reduced' };
      }
    }
    return { numeric, epsilon: eps * 10, kink: 'excluded' };
  }

  const entries: GradientCheckEntry[] = [];
  const layers = mlp.layers.map((layer, l): GradientCheckLayer => {
    const [W, b] = (['W', 'b'] as const).map((kind) => {
      const param = kind === 'W' ? layer.W : layer.b;
      const analytic = kind === 'W' ? analyticW[l] : analyticB[l];
      const checked: GradientCheckEntry[] = sampleIndices(param.length, maxPer, rng).map((index) => ({
        layer: l,
        kind,
        index,
        analytic: analytic[index],
        ...centralDifference(param, index, l),
      }));
      entries.push(...checked);
      return {
        error: relativeError(checked),
        used: checked.filter((e) => e.kink !== 'excluded').length,
        reduced: checked.filter((e) => e.kink === 'reduced').length,
        excluded: checked.filter((e) => e.kink === 'excluded').length,
      };
    });
    return {
      W: W.error,
      b: b.error,
      checkedW: W.used,
      checkedB: b.used,
      kinks: { reducedW: W.reduced, reducedB: b.reduced, excludedW: W.excluded, excludedB: b.excluded },
    };
  });
  const worst = layers.reduce((w, layer) => Math.max(w, layer.W, layer.b), 0);
  return {
    layers,
    worst: layers.some((layer) => Number.isNaN(layer.W + layer.b)) ? NaN : worst,
    entries,
    kinkReduced: entries.filter((e) => e.kink === 'reduced').length,
    kinkExcluded: entries.filter((e) => e.kink === 'excluded').length,
  };
}
