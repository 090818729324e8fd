/**
 * The forward pass the grid runs: the trained network at each of the plane's 2,500–10,000 grid
 * points, for the decision boundary and the neuron maps, which the page receives as float32.
 *
 * The same math as the engine's forward (Z = A·W + b with the engine's gemm, then A = f(Z) with the
 * engine's activations), with one exception: tanh. Math.tanh was 57% of a grid's time (CPU profile
 * of 2→[8×6]→1 in Node), and a picture in float32 needs tanh to float32's resolution, not float64's.
 * So the grid's tanh is `pictureTanh`, within 5e-9 of Math.tanh everywhere (float32 resolves 6e-8
 * near ±1) and about 4× faster. Training, the evaluations and every number the page prints use the
 * engine's own forward pass.
 */
import { activationFns, gemm, type Activation, type MLP } from '../engine';

/** Levels of tanh's continued fraction kept (see `tanhConvergent`). */
const TANH_LEVELS = 15;
/**
 * Beyond this |z| the grid's tanh is ±1: 1 − tanh(10) = 4.1e-9, and up to here the 15-level
 * fraction is within 5e-9 of Math.tanh (the test sweeps it).
 */
export const PICTURE_TANH_SATURATES_AT = 10;

/**
 * Lambert's continued fraction, tanh z = z / (1 + z²/(3 + z²/(5 + …))), cut after `levels` levels
 * and written as one fraction: tanh z ≈ z · numerator(z²) / denominator(z²), with polynomial
 * coefficients lowest degree first. The convergents follow the usual three-term recurrence
 * P_k = b_k P_{k−1} + z² P_{k−2} (b_k = 2k + 1), for the denominator P and the numerator Q alike.
 */
export function tanhConvergent(levels: number): { numerator: number[]; denominator: number[] } {
  let [denominatorBefore, denominator] = [[1], [1]];
  let [numeratorBefore, numerator]: number[][] = [[], [1]];
  const next = (last: number[], before: number[], b: number): number[] => {
    const out = new Array<number>(Math.max(last.length, before.length + 1)).fill(0);
    last.forEach((c, i) => (out[i] += b * c));
    before.forEach((c, i) => (out[i + 1] += c));
    return out;
  };
  for (let k = 1; k < levels; k++) {
    [denominatorBefore, denominator] = [denominator, next(denominator, denominatorBefore, 2 * k + 1)];
    [numeratorBefore, numerator] = [numerator, next(numerator, numeratorBefore, 2 * k + 1)];
  }
  return { numerator, denominator };
}

const TANH = tanhConvergent(TANH_LEVELS);
// Unrolled into constants below (a loop over the coefficients costs the JIT about half the gain).
if (TANH.numerator.length !== 8 || TANH.denominator.length !== 8)
  throw new Error('pictureTanh expects polynomials of degree 7 in z²');
const [n0, n1, n2, n3, n4, n5, n6, n7] = TANH.numerator;
const [d0, d1, d2, d3, d4, d5, d6, d7] = TANH.denominator;

/** tanh(z) to within 5e-9 (see the file's comment); NaN stays NaN, ±∞ gives ±1. */
export function pictureTanh(z: number): number {
  if (z >= PICTURE_TANH_SATURATES_AT) return 1;
  if (z <= -PICTURE_TANH_SATURATES_AT) return -1;
  const s = z * z;
  const num = n0 + s * (n1 + s * (n2 + s * (n3 + s * (n4 + s * (n5 + s * (n6 + s * n7))))));
  const den = d0 + s * (d1 + s * (d2 + s * (d3 + s * (d4 + s * (d5 + s * (d6 + s * d7))))));
  return (z * num) / den;
}

function activate(
  activation: Activation,
  Z: Float64Array,
  A: Float64Array,
  rows: number,
  cols: number,
): void {
  if (activation !== 'tanh') {
    activationFns(activation).forward(Z, A, rows, cols);
    return;
  }
  const len = rows * cols;
  for (let i = 0; i < len; i++) A[i] = pictureTanh(Z[i]);
}

/** The grid's forward pass, with its buffers kept for the next grid of the same size. */
export class GridForward {
  private count = -1;
  private A: Float64Array[] = [];
  private Z = new Float64Array(0);

  constructor(private readonly net: MLP) {}

  /**
   * Each layer's activations A[l] (count × units[l]) at the `count` rows of X, at the network's
   * parameters now. The arrays are this object's and are overwritten by the next call.
   */
  run(X: Float64Array, count: number): Float64Array[] {
    const { layers } = this.net;
    if (count !== this.count) {
      this.count = count;
      this.A = layers.map((layer) => new Float64Array(count * layer.units));
      this.Z = new Float64Array(count * Math.max(...layers.map((layer) => layer.units)));
    }
    let Aprev = X;
    for (let l = 0; l < layers.length; l++) {
      const { fanIn, units, W, b, activation } = layers[l];
      gemm(count, units, fanIn, Aprev, fanIn, 1, W, units, 1, this.Z, b, false);
      activate(activation, this.Z, this.A[l], count, units);
      Aprev = this.A[l];
    }
    return this.A;
  }
}
