/**
 * The engine against an independent float64 NumPy reference (test/fixtures/make_reference.py,
 * the seed article's formulas in plain NumPy). The fixture carries the data and the initial
 * parameters; the engine loads them with setParameters and must reproduce every intermediate.
 *
 * Tolerance: |actual − expected| ≤ 1e-9 · max(1, |expected|), i.e. absolute 1e-9 for values
 * of magnitude ≤ 1 and relative 1e-9 above. NumPy's BLAS sums in a different order than the
 * engine's gemm, so exact equality is not expected; 1e-9 is ~10⁶ times the rounding noise.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createMLP,
  createOptimizer,
  type Activation,
  type LossKind,
  type MLP,
  type OptimizerConfig,
} from '../../src/engine';

interface SpecJson {
  inputSize: number;
  layers: { units: number; activation: Activation }[];
  loss: LossKind;
}

interface PassCase {
  description: string;
  spec: SpecJson;
  n: number;
  X: number[];
  Y: number[];
  params: number[][];
  first: {
    Z: number[][];
    A: number[][];
    loss: number;
    dZ: number[][];
    dW: number[][];
    db: number[][];
    dA: number[][];
  };
  optimizer: OptimizerConfig;
  steps: number;
  lossAt: [number, number][];
  final: { params: number[][]; loss: number };
}

interface OptimizerCase {
  description: string;
  spec: SpecJson;
  n: number;
  X: number[];
  Y: number[];
  params: number[][];
  optimizer: OptimizerConfig;
  losses: number[];
  after1: number[][];
  after10: number[][];
}

const reference = JSON.parse(
  readFileSync(new URL('../fixtures/reference.json', import.meta.url), 'utf8'),
) as {
  passes: PassCase[];
  optimizers: OptimizerCase[];
};

const TOLERANCE = 1e-9;

/** Index and size of the worst violation of |a − b| ≤ 1e-9·max(1, |b|), or null when all agree. */
function worstMismatch(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
): { index: number; actual: number; expected: number } | null {
  let worst: { index: number; actual: number; expected: number; excess: number } | null = null;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const b = expected[i];
    const excess = Math.abs(a - b) / (TOLERANCE * Math.max(1, Math.abs(b)));
    if (!(excess <= 1) && (worst === null || !(excess <= worst.excess)))
      worst = { index: i, actual: a, expected: b, excess };
  }
  return worst && { index: worst.index, actual: worst.actual, expected: worst.expected };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  expect(worstMismatch(actual, expected), `${what}: first value outside 1e-9·max(1, |expected|)`).toBeNull();
}

function load(c: { spec: SpecJson; params: number[][] }): MLP {
  const mlp = createMLP({ ...c.spec, seed: 1 });
  mlp.setParameters(c.params);
  return mlp;
}

describe('forward()/backward() match the NumPy reference within 1e-9', { timeout: 60_000 }, () => {
  for (const c of reference.passes) {
    it(`first step of "${c.description}": Z, A, loss, dZ, dW, db, dA`, () => {
      const mlp = load(c);
      const X = Float64Array.from(c.X);
      const Y = Float64Array.from(c.Y);
      const pass = mlp.forward(X, c.n);
      const L = c.spec.layers.length;
      for (let l = 0; l < L; l++) {
        expectClose(pass.Z[l], c.first.Z[l], `Z${l + 1}`);
        expectClose(pass.A[l], c.first.A[l], `A${l + 1}`);
      }
      const grads = mlp.backward(pass, Y);
      expectClose([grads.loss], [c.first.loss], 'loss');
      for (let l = 0; l < L; l++) {
        expectClose(grads.dZ[l], c.first.dZ[l], `dZ${l + 1}`);
        expectClose(grads.dW[l], c.first.dW[l], `dW${l + 1}`);
        expectClose(grads.db[l], c.first.db[l], `db${l + 1}`);
      }
      for (let l = 0; l < L - 1; l++) expectClose(grads.dA[l], c.first.dA[l], `dA${l + 1}`);
    });

    it(`${c.steps} full-batch SGD steps of "${c.description}": loss curve and final weights`, () => {
      const mlp = load(c);
      const X = Float64Array.from(c.X);
      const Y = Float64Array.from(c.Y);
      const optimizer = createOptimizer(c.optimizer);
      const expectedLoss = new Map(c.lossAt);
      const losses: number[] = [];
      const wanted: number[] = [];
      for (let step = 0; step < c.steps; step++) {
        const grads = mlp.backward(mlp.forward(X, c.n), Y);
        if (expectedLoss.has(step)) {
          losses.push(grads.loss);
          wanted.push(expectedLoss.get(step)!);
        }
        optimizer.step(mlp, grads);
      }
      expectClose(losses, wanted, `loss at steps ${[...expectedLoss.keys()].join(', ')}`);
      mlp
        .getParameters()
        .forEach((p, i) => expectClose(p, c.final.params[i], `final ${i % 2 ? 'b' : 'W'}${(i >> 1) + 1}`));
      expectClose([mlp.computeLoss(X, Y, c.n)], [c.final.loss], 'final loss');
    });
  }
});

describe(
  'optimizer.step() matches the NumPy reference within 1e-9 (regularization on W only)',
  { timeout: 60_000 },
  () => {
    for (const c of reference.optimizers) {
      it(`${c.description}: weights after 1 and after 10 steps`, () => {
        const mlp = load(c);
        const X = Float64Array.from(c.X);
        const Y = Float64Array.from(c.Y);
        const optimizer = createOptimizer(c.optimizer);
        const losses: number[] = [];
        for (let step = 1; step <= 10; step++) {
          const grads = mlp.backward(mlp.forward(X, c.n), Y);
          losses.push(grads.loss);
          optimizer.step(mlp, grads);
          const expected = step === 1 ? c.after1 : step === 10 ? c.after10 : null;
          if (expected) {
            mlp
              .getParameters()
              .forEach((p, i) =>
                expectClose(p, expected[i], `${i % 2 ? 'b' : 'W'}${(i >> 1) + 1} after ${step} step(s)`),
              );
          }
        }
        expectClose(losses, c.losses, 'loss at each step');
      });
    }
  },
);
