import { describe, expect, it } from 'vitest';
import { createMLP, createRng, type Activation } from '../../src/engine';
import {
  GridForward,
  PICTURE_TANH_SATURATES_AT,
  pictureTanh,
  tanhConvergent,
} from '../../src/worker/gridForward';

describe('pictureTanh', () => {
  it('is the continued fraction z/(1 + z²/(3 + z²/(5 + …))) written as one fraction', () => {
    // One level: tanh z ≈ z. Two: z/(1 + z²/3) = 3z/(3 + z²). Three: z(15 + z²)/(15 + 6z²).
    expect(tanhConvergent(1)).toEqual({ numerator: [1], denominator: [1] });
    expect(tanhConvergent(2)).toEqual({ numerator: [3], denominator: [3, 1] });
    expect(tanhConvergent(3)).toEqual({ numerator: [15, 1], denominator: [15, 6] });
  });

  it('is within 5e-9 of Math.tanh everywhere, and keeps float32 resolution near 0', () => {
    let worst = 0;
    for (let z = -12; z <= 12; z += 1 / 4096)
      worst = Math.max(worst, Math.abs(pictureTanh(z) - Math.tanh(z)));
    expect(worst).toBeLessThan(5e-9);
    // Small values keep their relative precision (float32 resolves 1e-30 as well as 1).
    for (const z of [1e-30, -3e-12, 2e-6, 0.01]) expect(pictureTanh(z) / Math.tanh(z)).toBeCloseTo(1, 12);
  });

  it('saturates to ±1, keeps the sign of zero, and passes NaN on', () => {
    expect(pictureTanh(PICTURE_TANH_SATURATES_AT)).toBe(1);
    expect(pictureTanh(-1e300)).toBe(-1);
    expect(pictureTanh(Infinity)).toBe(1);
    expect(pictureTanh(-Infinity)).toBe(-1);
    expect(Object.is(pictureTanh(-0), -0)).toBe(true);
    expect(pictureTanh(NaN)).toBeNaN();
  });
});

describe('GridForward', () => {
  const X = (count: number): Float64Array => {
    const rng = createRng(7);
    return Float64Array.from({ length: count * 2 }, () => 8 * rng.next() - 4);
  };
  const net = (activation: Activation, output: Activation) =>
    createMLP({
      inputSize: 2,
      layers: [
        { units: 5, activation },
        { units: 4, activation },
        { units: output === 'softmax' ? 3 : 1, activation: output },
      ],
      loss: output === 'softmax' ? 'cross-entropy' : 'bce',
      seed: 3,
    });

  it('gives the engine forward pass bit for bit when no layer is tanh', () => {
    for (const [activation, output] of [
      ['relu', 'sigmoid'],
      ['sigmoid', 'softmax'],
      ['leaky-relu', 'sigmoid'],
    ] as const) {
      const mlp = net(activation, output);
      const grid = new GridForward(mlp).run(X(37), 37);
      const pass = mlp.forward(X(37), 37);
      grid.forEach((A, l) => expect(Array.from(A)).toEqual(Array.from(pass.A[l])));
    }
  });

  it('gives the engine forward pass to within 1e-8 with tanh layers', () => {
    const mlp = net('tanh', 'sigmoid');
    const grid = new GridForward(mlp).run(X(50), 50);
    const pass = mlp.forward(X(50), 50);
    grid.forEach((A, l) => A.forEach((v, i) => expect(Math.abs(v - pass.A[l][i])).toBeLessThan(1e-8)));
  });

  it('follows the parameters and the point count from one run to the next', () => {
    const mlp = net('relu', 'sigmoid');
    const forward = new GridForward(mlp);
    const before = Array.from(forward.run(X(9), 9)[2]);
    mlp.layers[2].b[0] += 1;
    const after = forward.run(X(9), 9)[2];
    expect(Array.from(after)).not.toEqual(before);
    expect(Array.from(after)).toEqual(Array.from(mlp.forward(X(9), 9).A[2]));
    expect(forward.run(X(16), 16).map((A) => A.length)).toEqual([16 * 5, 16 * 4, 16]);
  });
});
