/**
 * The backward pass recomputed in float64 from a frame's forward values (X, y, Z, A, W), with the
 * same formulas as the engine's: the frame holds float32 copies (about 7 digits) and the worked
 * chain rule prints 9, so every number it prints must be the exact result of the arithmetic printed
 * next to it. Shared by the per-weight chain (chainRule.ts) and the loss phase's output error
 * (outputErrorDerivation.ts).
 */
import { ACTIVATION_FNS, type Activation, type LossKind } from '../../engine';
import type { Frame } from '../../worker/protocol';

/** The numbers the chain reads. A frame gives float32 arrays, the engine float64 ones. */
export interface ChainSource {
  /** Batch rows. */
  n: number;
  /** sizes[0] = inputs, sizes[l + 1] = units of layer l. */
  sizes: readonly number[];
  activations: readonly Activation[];
  loss: LossKind;
  X: ArrayLike<number>;
  Y: ArrayLike<number>;
  /** Z[l], A[l]: n × sizes[l + 1]; null when not computed yet. */
  Z: readonly (ArrayLike<number> | null)[];
  A: readonly (ArrayLike<number> | null)[];
  /** W[l]: sizes[l] × sizes[l + 1]. */
  W: readonly ArrayLike<number>[];
  /** The dW the run computed (the frame's cells), for the comparison with the batch sum; null if not yet. */
  dW: readonly (ArrayLike<number> | null)[];
}

/** The chain's source from a frame, or null when the frame has no batch. */
export function chainSourceOf(
  frame: Frame,
  activations: readonly Activation[],
  loss: LossKind,
): ChainSource | null {
  const batch = frame.batch;
  if (!batch || frame.params.length === 0) return null;
  const units = frame.params.map((p) => p.b.length);
  const inputs = frame.params[0].W.length / Math.max(1, units[0]);
  // A textbook-sized batch also comes in float64 (BatchCache.exact): then the printed digits are the
  // engine's own, not float32's (Mazur's y = 0.01 would read 0.00999999978).
  const values = batch.exact ?? {
    X: batch.X,
    Y: batch.Y,
    Z: batch.Z,
    A: batch.A,
    W: frame.params.map((p) => p.W),
  };
  return {
    n: batch.n,
    sizes: [inputs, ...units],
    activations,
    loss,
    X: values.X,
    Y: values.Y,
    Z: values.Z,
    A: values.A,
    W: values.W,
    dW: batch.dW,
  };
}

/** f′(Z[l]) for the whole batch, with the engine's own derivative (softmax: not elementwise, NaN). */
export function derivativeOf(src: ChainSource, l: number): Float64Array {
  const Z = src.Z[l] as ArrayLike<number>;
  const A = src.A[l] as ArrayLike<number>;
  const out = new Float64Array(Z.length);
  const act = src.activations[l];
  if (act === 'softmax') return out.fill(NaN);
  ACTIVATION_FNS[act].derivative(Float64Array.from(Z), Float64Array.from(A), out, Z.length);
  return out;
}

/**
 * ∂L/∂ŷ for every output cell (batch mean, so each carries 1/n); NaN for softmax + cross-entropy,
 * whose ∂L/∂z is not an elementwise product.
 */
export function lossDerivative(src: ChainSource): Float64Array {
  const L = src.sizes.length - 1;
  const A = src.A[L - 1] as ArrayLike<number>;
  const out = new Float64Array(A.length);
  const n = src.n;
  for (let c = 0; c < A.length; c++) {
    const yh = A[c];
    const y = src.Y[c];
    out[c] =
      src.loss === 'mse' ? (yh - y) / n : src.loss === 'bce' ? -(y / yh - (1 - y) / (1 - yh)) / n : NaN;
  }
  return out;
}

/** Whether this loss and output activation give dZ = (ŷ − y)/n exactly. */
export function outputCollapses(loss: LossKind, outputActivation: Activation): boolean {
  return (
    (loss === 'bce' && outputActivation === 'sigmoid') ||
    (loss === 'cross-entropy' && outputActivation === 'softmax') ||
    (loss === 'mse' && outputActivation === 'linear')
  );
}

/**
 * dZ of every layer from the output down to `down`, for the whole batch, in float64 from the
 * source's forward values (the engine's backward formulas). dZ[l] is n × sizes[l + 1].
 */
export function backwardFrom(src: ChainSource, down: number): { dZ: Float64Array[]; dA: Float64Array[] } {
  const L = src.sizes.length - 1;
  const n = src.n;
  const dZ: Float64Array[] = [];
  const dA: Float64Array[] = [];
  const out = L - 1;
  const yh = src.A[out] as ArrayLike<number>;
  const outLen = n * src.sizes[L];
  dZ[out] = new Float64Array(outLen);
  if (outputCollapses(src.loss, src.activations[out])) {
    for (let c = 0; c < outLen; c++) dZ[out][c] = (yh[c] - src.Y[c]) / n;
  } else {
    const dLdy = lossDerivative(src);
    const fp = derivativeOf(src, out);
    for (let c = 0; c < outLen; c++) dZ[out][c] = dLdy[c] * fp[c];
  }
  for (let l = out - 1; l >= down; l--) {
    const units = src.sizes[l + 1];
    const next = src.sizes[l + 2];
    const W = src.W[l + 1];
    const fp = derivativeOf(src, l);
    dA[l] = new Float64Array(n * units);
    dZ[l] = new Float64Array(n * units);
    for (let k = 0; k < n; k++) {
      for (let u = 0; u < units; u++) {
        let s = 0;
        for (let m = 0; m < next; m++) s += dZ[l + 1][k * next + m] * W[u * next + m];
        dA[l][k * units + u] = s;
        dZ[l][k * units + u] = s * fp[k * units + u];
      }
    }
  }
  return { dZ, dA };
}

/** Whether the forward values the chain for layer l needs are in the source. */
export function forwardComplete(src: ChainSource): boolean {
  return src.Z.every((z) => z !== null) && src.A.every((a) => a !== null) && src.n > 0;
}
