/**
 * Activations as forward/derivative pairs, side by side, as in the seed
 * article: A = f(Z) in the forward pass, f′(Z) in the backward pass
 * (dZ = dA ⊙ f′(Z)). All work on whole n × units row-major matrices.
 *
 * f′ is written in terms of whichever of Z or A is cheaper: tanh′ = 1 − A²,
 * sigmoid′ = A(1 − A), relu′ = [Z > 0]. That is why the forward pass caches both.
 */
import type { Activation } from './types';

export interface ActivationFns {
  readonly name: Activation;
  /** A = f(Z), elementwise (row-wise for softmax). */
  forward(Z: Float64Array, A: Float64Array, rows: number, cols: number): void;
  /** out = f′(Z) elementwise (not defined for softmax, whose Jacobian is folded into the loss). */
  derivative(Z: Float64Array, A: Float64Array, out: Float64Array, length: number): void;
  /** dZ = dA ⊙ f′(Z). */
  backward(dA: Float64Array, Z: Float64Array, A: Float64Array, dZ: Float64Array, length: number): void;
  /** |f| is "saturated" where f′ is tiny: used by the health numbers. */
  readonly saturates: boolean;
}

/** The negative-side slope of leaky ReLU. */
export const LEAKY_SLOPE = 0.01;

/** Numerically stable logistic: never evaluates exp of a large positive number. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

const relu: ActivationFns = {
  name: 'relu',
  saturates: false,
  forward(Z, A, rows, cols) {
    const len = rows * cols;
    for (let i = 0; i < len; i++) A[i] = Z[i] > 0 ? Z[i] : 0;
  },
  // relu′(0) = 0: a unit exactly at the kink passes no gradient (the seed article's `Z > 0`).
  derivative(Z, _A, out, len) {
    for (let i = 0; i < len; i++) out[i] = Z[i] > 0 ? 1 : 0;
  },
  backward(dA, Z, _A, dZ, len) {
    for (let i = 0; i < len; i++) dZ[i] = Z[i] > 0 ? dA[i] : 0;
  },
};

const leakyRelu: ActivationFns = {
  name: 'leaky-relu',
  saturates: false,
  forward(Z, A, rows, cols) {
    const len = rows * cols;
    for (let i = 0; i < len; i++) A[i] = Z[i] > 0 ? Z[i] : LEAKY_SLOPE * Z[i];
  },
  derivative(Z, _A, out, len) {
    for (let i = 0; i < len; i++) out[i] = Z[i] > 0 ? 1 : LEAKY_SLOPE;
  },
  backward(dA, Z, _A, dZ, len) {
    for (let i = 0; i < len; i++) dZ[i] = Z[i] > 0 ? dA[i] : LEAKY_SLOPE * dA[i];
  },
};

const tanh: ActivationFns = {
  name: 'tanh',
  saturates: true,
  forward(Z, A, rows, cols) {
    const len = rows * cols;
    for (let i = 0; i < len; i++) A[i] = Math.tanh(Z[i]);
  },
  derivative(_Z, A, out, len) {
    for (let i = 0; i < len; i++) out[i] = 1 - A[i] * A[i];
  },
  backward(dA, _Z, A, dZ, len) {
    for (let i = 0; i < len; i++) dZ[i] = dA[i] * (1 - A[i] * A[i]);
  },
};

const sigmoidFns: ActivationFns = {
  name: 'sigmoid',
  saturates: true,
  forward(Z, A, rows, cols) {
    const len = rows * cols;
    for (let i = 0; i < len; i++) A[i] = sigmoid(Z[i]);
  },
  derivative(_Z, A, out, len) {
    for (let i = 0; i < len; i++) out[i] = A[i] * (1 - A[i]);
  },
  backward(dA, _Z, A, dZ, len) {
    for (let i = 0; i < len; i++) dZ[i] = dA[i] * A[i] * (1 - A[i]);
  },
};

const linear: ActivationFns = {
  name: 'linear',
  saturates: false,
  forward(Z, A, rows, cols) {
    A.set(Z.subarray(0, rows * cols));
  },
  derivative(_Z, _A, out, len) {
    out.fill(1, 0, len);
  },
  backward(dA, _Z, _A, dZ, len) {
    dZ.set(dA.subarray(0, len));
  },
};

const softmax: ActivationFns = {
  name: 'softmax',
  saturates: false,
  // Row-wise, shifted by the row max so exp never overflows.
  forward(Z, A, rows, cols) {
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      let max = -Infinity;
      for (let j = 0; j < cols; j++) if (Z[o + j] > max) max = Z[o + j];
      let sum = 0;
      for (let j = 0; j < cols; j++) {
        const e = Math.exp(Z[o + j] - max);
        A[o + j] = e;
        sum += e;
      }
      for (let j = 0; j < cols; j++) A[o + j] /= sum;
    }
  },
  derivative() {
    throw new Error(
      'softmax has no elementwise derivative: it is only used with cross-entropy, where dZ = (ŷ − y)/n',
    );
  },
  backward() {
    throw new Error('softmax is only allowed as the output layer with cross-entropy loss');
  },
};

export const ACTIVATION_FNS: Readonly<Record<Activation, ActivationFns>> = {
  relu,
  'leaky-relu': leakyRelu,
  tanh,
  sigmoid: sigmoidFns,
  linear,
  softmax,
};

export function activationFns(name: Activation): ActivationFns {
  // Object.hasOwn: 'constructor' and friends are not activations.
  const fns = Object.hasOwn(ACTIVATION_FNS, name) ? ACTIVATION_FNS[name] : undefined;
  if (!fns) {
    throw new Error(
      `unknown activation "${String(name)}"; expected one of ${Object.keys(ACTIVATION_FNS).join(', ')}`,
    );
  }
  return fns;
}
