/**
 * Losses as { loss, dZ } pairs for the output layer, batch means as the seed
 * article defines them:
 *   bce            L = −Σ [y log ŷ + (1 − y) log(1 − ŷ)] / n     (sigmoid output)
 *   cross-entropy  L = −Σ y log softmax(z) / n                    (softmax output)
 *   mse            L = Σ (ŷ − y)² / (2n)                           (any elementwise output)
 * For sigmoid+bce, softmax+cross-entropy and linear+mse the output error
 * signal is exactly dZ = (ŷ − y)/n, and it is computed that way directly
 * (never through 1/ŷ, which is where naive implementations produce ∞ and NaN).
 */
import type { ActivationFns } from './activations';
import type { Activation, LossKind } from './types';

export interface LossFns {
  readonly name: LossKind;
  /** The batch-mean loss, computed from the logits Z where that is more stable. */
  loss(Z: Float64Array, A: Float64Array, Y: Float64Array, n: number, units: number): number;
  /** dZ = ∂L/∂Z for the output layer; `scratch` holds ∂L/∂ŷ where it is needed. */
  outputError(
    Z: Float64Array,
    A: Float64Array,
    Y: Float64Array,
    n: number,
    units: number,
    activation: ActivationFns,
    dZ: Float64Array,
    scratch: Float64Array,
  ): void;
  /** Output activations this loss is defined with. */
  readonly outputs: readonly Activation[];
}

/** (ŷ − y)/n, the output error of every matched output/loss pair. */
function residualOverN(A: Float64Array, Y: Float64Array, n: number, units: number, dZ: Float64Array): void {
  const len = n * units;
  const invN = 1 / n;
  for (let i = 0; i < len; i++) dZ[i] = (A[i] - Y[i]) * invN;
}

const bce: LossFns = {
  name: 'bce',
  outputs: ['sigmoid'],
  // −[y log σ(z) + (1−y) log(1−σ(z))] = max(z, 0) − z·y + log(1 + e^(−|z|)): finite for every finite z.
  loss(Z, _A, Y, n, units) {
    const len = n * units;
    let sum = 0;
    for (let i = 0; i < len; i++) {
      const z = Z[i];
      sum += (z > 0 ? z : 0) - z * Y[i] + Math.log1p(Math.exp(-Math.abs(z)));
    }
    return sum / n;
  },
  outputError(_Z, A, Y, n, units, _act, dZ) {
    residualOverN(A, Y, n, units, dZ);
  },
};

const crossEntropy: LossFns = {
  name: 'cross-entropy',
  outputs: ['softmax'],
  // −Σ_j y_j log softmax(z)_j = Σ_j y_j (logsumexp(z) − z_j), with the max shifted out of the exp.
  loss(Z, _A, Y, n, units) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const o = i * units;
      let max = -Infinity;
      for (let j = 0; j < units; j++) if (Z[o + j] > max) max = Z[o + j];
      let s = 0;
      for (let j = 0; j < units; j++) s += Math.exp(Z[o + j] - max);
      const logSumExp = max + Math.log(s);
      for (let j = 0; j < units; j++) {
        const y = Y[o + j];
        if (y !== 0) sum += y * (logSumExp - Z[o + j]);
      }
    }
    return sum / n;
  },
  outputError(_Z, A, Y, n, units, _act, dZ) {
    residualOverN(A, Y, n, units, dZ);
  },
};

const mse: LossFns = {
  name: 'mse',
  outputs: ['linear', 'tanh', 'sigmoid', 'relu', 'leaky-relu'],
  loss(_Z, A, Y, n, units) {
    const len = n * units;
    let sum = 0;
    for (let i = 0; i < len; i++) {
      const d = A[i] - Y[i];
      sum += d * d;
    }
    return sum / (2 * n);
  },
  // ∂L/∂ŷ = (ŷ − y)/n, then the chain rule through the output activation.
  outputError(Z, A, Y, n, units, activation, dZ, scratch) {
    if (activation.name === 'linear') {
      residualOverN(A, Y, n, units, dZ);
      return;
    }
    residualOverN(A, Y, n, units, scratch);
    activation.backward(scratch, Z, A, dZ, n * units);
  },
};

export const LOSS_FNS: Readonly<Record<LossKind, LossFns>> = { bce, 'cross-entropy': crossEntropy, mse };

export function lossFns(name: LossKind): LossFns {
  // Object.hasOwn: 'toString' and friends are not losses.
  const fns = Object.hasOwn(LOSS_FNS, name) ? LOSS_FNS[name] : undefined;
  if (!fns)
    throw new Error(`unknown loss "${String(name)}"; expected one of ${Object.keys(LOSS_FNS).join(', ')}`);
  return fns;
}
