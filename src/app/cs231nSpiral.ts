/**
 * CS231n's "Minimal Neural Network Case Study" (Karpathy's notes, "Putting it together") as a
 * model file: the spiral of 3 classes × 100 points within radius 1, a 2 → 100 ReLU → 3 softmax
 * network drawn as 0.01 · randn with zero biases, cross-entropy, full-batch gradient descent at
 * step size 1 with L2 regularization 1e-3 on the weights (their reg loss 0.5 · reg · ΣW², whose
 * gradient reg · W the engine's L2 adds), and every point a training example.
 *
 * Their NumPy draws are unseeded, so the same numbers cannot be had; what reproduces is what the
 * notes read off: a loss of ln 3 ≈ 1.0986 at the start (scores near 0: every class 1/3) and a
 * training accuracy of about 98% after their 10,000 steps, the linear classifier's ~49% far below.
 * The points and the weights come from the app's own seeded generator instead, so every visit
 * shows the same run (test/app/cs231nSpiral.test.ts holds the numbers).
 */
import { createRng } from '../engine';

/** Points per class, classes, hidden units: the notes' N, K and h. */
export const CS231N = Object.freeze({ pointsPerClass: 100, classes: 3, hidden: 100, seed: 231 });

/** linspace(a, b, n)[i], as NumPy spaces it. */
function linspace(a: number, b: number, n: number, i: number): number {
  return n === 1 ? a : a + ((b - a) * i) / (n - 1);
}

/** The notes' data: class j's point i at radius linspace(0, 1) and angle linspace(4j, 4j + 4) + 0.2·randn. */
export function cs231nSpiralData(seed: number = CS231N.seed): { X: number[][]; Y: number[][] } {
  const { pointsPerClass: N, classes: K } = CS231N;
  const rng = createRng(seed);
  const X: number[][] = [];
  const Y: number[][] = [];
  for (let j = 0; j < K; j++) {
    for (let i = 0; i < N; i++) {
      const r = linspace(0, 1, N, i);
      const t = linspace(j * 4, (j + 1) * 4, N, i) + rng.normal() * 0.2;
      X.push([r * Math.sin(t), r * Math.cos(t)]);
      Y.push(Array.from({ length: K }, (_, k) => (k === j ? 1 : 0)));
    }
  }
  return { X, Y };
}

/** The case study's network, data and training settings as a "backprop-lab/model" document. */
export function cs231nSpiralModel(seed: number = CS231N.seed): Record<string, unknown> {
  const { classes: K, hidden: h } = CS231N;
  // The weights draw from their own stream, after the data's (as the notes draw W after X).
  const rng = createRng(seed + 1);
  const randn = (rows: number, cols: number): number[][] =>
    Array.from({ length: rows }, () => Array.from({ length: cols }, () => 0.01 * rng.normal()));
  return {
    format: 'backprop-lab/model',
    version: 1,
    inputs: ['x1', 'x2'],
    layers: [
      { activation: 'relu', W: randn(2, h), b: new Array<number>(h).fill(0) },
      { activation: 'softmax', W: randn(h, K), b: new Array<number>(K).fill(0) },
    ],
    loss: 'cross-entropy',
    data: { train: cs231nSpiralData(seed) },
    seed,
    training: {
      optimizer: 'sgd',
      learningRate: 1,
      batchSize: CS231N.pointsPerClass * K,
      regularization: 'l2',
      regularizationRate: 1e-3,
    },
  };
}
