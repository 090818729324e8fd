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
 *
 * Rounding: the loss is computed to about machine ε × |L|, and the central difference divides that
 * error by ε. Where a layer's gradient is tiny next to the loss (six sigmoid layers: layer 1's is
 * 1e-10 beside a loss of 0.69) or the loss is huge (a run about to overflow), that noise is the
 * whole difference, and a correct backprop would read "wrong". So each entry carries its noise
 * bound, and a layer whose ‖num − ana‖ is within its entries' noise reads "suspicious", not "wrong".
 *
 * A planted fault (options.faults) is judged like any bug, and the result also says how many
 * checked gradients it changed: forgetting f′ changes nothing where f′ = 1 (a linear layer, or a
 * ReLU layer whose inputs are all positive), and the learner should be told so rather than puzzle
 * over a "good".
 */
import { lossFns } from './losses';
import { createRng, shuffleInPlace } from './random';
import type {
  GradientCheckEntry,
  GradientCheckFault,
  GradientCheckLayer,
  GradientCheckOptions,
  GradientCheckResult,
  MLP,
} from './types';

/** Verdict thresholds on the relative error, as the UI reports them. */
export const GRADIENT_CHECK_GOOD = 1e-7;
export const GRADIENT_CHECK_SUSPICIOUS = 1e-4;

/**
 * The rounding noise of one central difference is taken as this × machine ε × max |L(θ ± ε)| / ε.
 * Measured on every preset at steps 0 to 500: where a correct backprop read "wrong" without it
 * (the vanishing preset's layers 1 to 5, the exploding preset once its loss is 1e6 and more), each
 * entry's |num − ana| stayed below 1.1 × machine ε × |L| / ε. A real bug's error is a share of the
 * gradient itself, far above this wherever the gradient is measurable at all.
 */
export const ROUNDING_NOISE_FACTOR = 4;

/** How many times ε is divided by 10 to step off a kink before the parameter is left out. */
export const KINK_RETRIES = 2;

/** One sentence for the UI next to the kink counts. */
export const KINK_EXPLANATION =
  'Central differences are unreliable where a ReLU input is within ε of 0 (the nudge crosses the kink and averages two slopes), so those parameters were re-checked with a smaller ε or, if still crossing, left out of the relative error.';

/** One sentence for the UI next to a layer whose disagreement is within rounding noise. */
export const ROUNDING_EXPLANATION =
  'Rounding in the loss, divided by ε, is as large as the difference between the two gradients: the gradient is too small next to the loss for finite differences to measure, so the relative error says nothing about backprop.';

export type GradientCheckVerdict = 'good' | 'suspicious' | 'wrong';

/**
 * The verdict on a relative error; `withinNoise` (the disagreement is within the finite
 * differences' rounding noise) turns a "wrong" into "suspicious": the check could not tell.
 */
export function gradientCheckVerdict(relativeError: number, withinNoise = false): GradientCheckVerdict {
  if (Number.isNaN(relativeError)) return 'wrong';
  if (relativeError < GRADIENT_CHECK_GOOD) return 'good';
  return relativeError < GRADIENT_CHECK_SUSPICIOUS || withinNoise ? 'suspicious' : 'wrong';
}

/** The verdict on one layer's W or b, rounding noise considered. */
export function layerVerdict(layer: GradientCheckLayer, kind: 'W' | 'b'): GradientCheckVerdict {
  return kind === 'W'
    ? gradientCheckVerdict(layer.W, layer.withinNoiseW)
    : gradientCheckVerdict(layer.b, layer.withinNoiseB);
}

const VERDICT_ORDER: readonly GradientCheckVerdict[] = ['good', 'suspicious', 'wrong'];

/** The whole check's verdict: its worst layer's. */
export function resultVerdict(result: GradientCheckResult): GradientCheckVerdict {
  let worst = 0;
  for (const layer of result.layers)
    for (const kind of ['W', 'b'] as const)
      worst = Math.max(worst, VERDICT_ORDER.indexOf(layerVerdict(layer, kind)));
  return VERDICT_ORDER[worst];
}

/**
 * Over the entries not left out at a kink: ‖num − ana‖ / (‖num‖ + ‖ana‖) (0 when both are 0), and
 * whether ‖num − ana‖ is within the entries' rounding noise ‖noise‖.
 */
function compare(entries: GradientCheckEntry[]): { error: number; withinNoise: boolean } {
  let diff = 0;
  let num = 0;
  let ana = 0;
  let noise = 0;
  for (const e of entries) {
    if (e.kink === 'excluded') continue;
    diff += (e.numeric - e.analytic) ** 2;
    num += e.numeric ** 2;
    ana += e.analytic ** 2;
    noise += (e.noise ?? 0) ** 2;
  }
  const denominator = Math.sqrt(num) + Math.sqrt(ana);
  return {
    error: denominator === 0 ? 0 : Math.sqrt(diff) / denominator,
    withinNoise: diff <= noise && Number.isFinite(diff),
  };
}

/** Which entries of a parameter of `size` values to check: all, or a seeded sample. */
function sampleIndices(size: number, max: number, rng: ReturnType<typeof createRng>): number[] {
  const all = Array.from({ length: size }, (_, i) => i);
  if (size <= max) return all;
  shuffleInPlace(all, rng);
  return all.slice(0, max).sort((a, b) => a - b);
}

/** The spacing of float64 numbers at 1 (2⁻⁵²). */
const MACHINE_EPSILON = Number.EPSILON;

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
  // With a planted fault, the correct backprop too: the result says how many gradients it changed.
  const correct = options.faults ? mlp.backward(basePass, Y) : null;

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
  ): Pick<GradientCheckEntry, 'numeric' | 'epsilon' | 'kink' | 'noise'> {
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
      const noise =
        (ROUNDING_NOISE_FACTOR * MACHINE_EPSILON * Math.max(Math.abs(plus.loss), Math.abs(minus.loss))) / eps;
      if (!watch || !(plus.crossed || minus.crossed)) {
        return attempt === 0
          ? { numeric, epsilon: eps, noise }
          : { numeric, epsilon: eps, noise, kink: 'reduced' };
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
        ...compare(checked),
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
      withinNoiseW: W.withinNoise,
      withinNoiseB: b.withinNoise,
    };
  });
  let fault: GradientCheckFault | undefined;
  const dropped = options.faults?.dropActivationDerivative;
  if (correct && dropped !== undefined) {
    const changed = entries.filter(
      (e) => e.analytic !== (e.kind === 'W' ? correct.dW : correct.db)[e.layer][e.index],
    ).length;
    fault = { dropActivationDerivative: dropped, changed, checked: entries.length };
  }
  const worst = layers.reduce((w, layer) => Math.max(w, layer.W, layer.b), 0);
  return {
    layers,
    worst: layers.some((layer) => Number.isNaN(layer.W + layer.b)) ? NaN : worst,
    entries,
    kinkReduced: entries.filter((e) => e.kink === 'reduced').length,
    kinkExcluded: entries.filter((e) => e.kink === 'excluded').length,
    ...(fault ? { fault } : {}),
  };
}
