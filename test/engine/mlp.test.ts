/**
 * The MLP's contract beyond the gradient math (gradients.test.ts, reference.test.ts):
 * determinism, initialization, validation messages, numerical stability, optimizer state,
 * regularization, the "overfit a tiny dataset" check, and clone().
 */
import { describe, expect, it } from 'vitest';
import {
  createMLP,
  createOptimizer,
  createRng,
  type BackwardPass,
  type MLP,
  type MLPSpec,
  type OptimizerConfig,
} from '../../src/engine';

/** Generous: the machines are shared and the training tests run hundreds of steps. */
const TIMEOUT_MS = 60_000;

/** The raw bytes of every W and b, so equality means bit-identical (−0, NaN payloads and all). */
function parameterBytes(mlp: MLP): number[] {
  return mlp.getParameters().flatMap((p) => Array.from(new Uint8Array(p.buffer, p.byteOffset, p.byteLength)));
}

function sampleStd(values: Float64Array): { mean: number; std: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

const SPEC: MLPSpec = {
  inputSize: 2,
  layers: [
    { units: 6, activation: 'tanh' },
    { units: 5, activation: 'relu' },
    { units: 1, activation: 'sigmoid' },
  ],
  loss: 'bce',
  init: 'xavier',
};

function dataset(seed: number, n: number): { X: Float64Array; Y: Float64Array } {
  const rng = createRng(seed);
  const X = new Float64Array(2 * n);
  const Y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    X[2 * i] = 2 * rng.next() - 1;
    X[2 * i + 1] = 2 * rng.next() - 1;
    Y[i] = X[2 * i] * X[2 * i + 1] > 0 ? 1 : 0;
  }
  return { X, Y };
}

function train(mlp: MLP, config: OptimizerConfig, steps: number, n = 16, dataSeed = 9): void {
  const { X, Y } = dataset(dataSeed, n);
  const optimizer = createOptimizer(config);
  for (let s = 0; s < steps; s++) optimizer.step(mlp, mlp.backward(mlp.forward(X, n), Y));
}

describe('determinism', { timeout: TIMEOUT_MS }, () => {
  it('the same seed gives bit-identical W and b after init and after 50 training steps', () => {
    const a = createMLP({ ...SPEC, seed: 42 });
    const b = createMLP({ ...SPEC, seed: 42 });
    expect(parameterBytes(a)).toEqual(parameterBytes(b));
    train(a, { kind: 'adam', learningRate: 0.01, regularization: 'l2', regularizationRate: 0.001 }, 50);
    train(b, { kind: 'adam', learningRate: 0.01, regularization: 'l2', regularizationRate: 0.001 }, 50);
    expect(parameterBytes(a)).toEqual(parameterBytes(b));
  });

  it('different seeds give different initial weights in every layer', () => {
    const a = createMLP({ ...SPEC, seed: 1 });
    const b = createMLP({ ...SPEC, seed: 2 });
    a.layers.forEach((layer, l) => expect(Array.from(layer.W)).not.toEqual(Array.from(b.layers[l].W)));
  });

  it('an rng passed in takes precedence over seed, and draws the same weights as that seed', () => {
    const fromRng = createMLP({ ...SPEC, seed: 5, rng: createRng(7) });
    const fromSeed = createMLP({ ...SPEC, seed: 7 });
    expect(parameterBytes(fromRng)).toEqual(parameterBytes(fromSeed));
  });
});

describe('initialization', { timeout: TIMEOUT_MS }, () => {
  const fanIn = 200;
  const units = 300;
  const cases = [
    { init: { kind: 'small' as const }, std: 0.01 },
    { init: { kind: 'small' as const, scale: 0.05 }, std: 0.05 },
    { init: { kind: 'xavier' as const }, std: Math.sqrt(2 / (fanIn + units)) },
    { init: { kind: 'he' as const }, std: Math.sqrt(2 / fanIn) },
  ];
  for (const { init, std } of cases) {
    it(`${JSON.stringify(init)} draws W with mean ≈ 0 and std ≈ ${std.toPrecision(3)} (±3%), and b = 0`, () => {
      const mlp = createMLP({
        inputSize: fanIn,
        layers: [
          { units, activation: 'relu' },
          { units: 1, activation: 'sigmoid' },
        ],
        loss: 'bce',
        init,
        seed: 3,
      });
      const W = mlp.layers[0].W;
      const stats = sampleStd(W);
      // 60 000 draws: the sample std is within ~0.3% of the true one, the mean within ~0.4% of std.
      expect(Math.abs(stats.std / std - 1)).toBeLessThan(0.03);
      expect(Math.abs(stats.mean)).toBeLessThan(0.02 * std);
      for (const layer of mlp.layers) expect(layer.b.every((v) => v === 0)).toBe(true);
    });
  }

  it('defaults to the seed article\'s "small" init, randn × 0.01', () => {
    const mlp = createMLP({
      inputSize: 100,
      layers: [{ units: 100, activation: 'sigmoid' }],
      loss: 'bce',
      seed: 1,
    });
    expect(mlp.spec.init).toEqual({ kind: 'small', scale: 0.01 });
    expect(Math.abs(sampleStd(mlp.layers[0].W).std / 0.01 - 1)).toBeLessThan(0.05);
  });
});

describe('bad input throws an Error naming the field (and shapes)', { timeout: TIMEOUT_MS }, () => {
  const base = (): MLPSpec => ({
    inputSize: 2,
    layers: [
      { units: 3, activation: 'tanh' },
      { units: 1, activation: 'sigmoid' },
    ],
    loss: 'bce',
  });

  it('zero units names layers[i].units', () => {
    const spec = base();
    spec.layers[0].units = 0;
    expect(() => createMLP(spec)).toThrow(/layers\[0\]\.units.*got 0/);
  });

  it('an unknown activation names layers[i].activation and the bad value', () => {
    const spec = base();
    (spec.layers[0] as { activation: string }).activation = 'swish';
    expect(() => createMLP(spec)).toThrow(/layers\[0\]\.activation.*"swish"/);
  });

  it('softmax in a hidden layer names the layer and says output only', () => {
    const spec = base();
    spec.layers[0].activation = 'softmax';
    expect(() => createMLP(spec)).toThrow(
      /layers\[0\]\.activation: softmax is only allowed in the output layer/,
    );
  });

  it('bce with a tanh output names the loss and the output activation', () => {
    const spec = base();
    spec.layers[1].activation = 'tanh';
    expect(() => createMLP(spec)).toThrow(/loss: "bce".*"tanh"/);
  });

  it('an unknown loss names loss', () => {
    expect(() => createMLP({ ...base(), loss: 'hinge' as never })).toThrow(/loss "hinge"/);
  });

  it('X of the wrong length names X and both shapes (expected n × inputSize, and what it got)', () => {
    const mlp = createMLP(base());
    expect(() => mlp.forward(new Float64Array(6), 4)).toThrow(/X.*4×2.*got 6 \(3×2\)/);
    expect(() => mlp.forward(new Float64Array(7), 4)).toThrow(/X.*4×2.*got 7/);
  });

  it('Y of the wrong length names Y and both shapes', () => {
    const mlp = createMLP(base());
    const pass = mlp.forward(new Float64Array(8), 4);
    expect(() => mlp.backward(pass, new Float64Array(3))).toThrow(/Y.*4×1.*got 3 \(3×1\)/);
    expect(() => mlp.computeLoss(new Float64Array(8), new Float64Array(5), 4)).toThrow(/Y.*4×1.*got 5/);
  });

  it('a batch size that is not a positive integer names n', () => {
    const mlp = createMLP(base());
    expect(() => mlp.forward(new Float64Array(0), 0)).toThrow(/^n: /);
    expect(() => mlp.forward(new Float64Array(3), 1.5)).toThrow(/^n: /);
  });

  it('setParameters with a wrong shape names the parameter and changes nothing', () => {
    const mlp = createMLP(base());
    const before = mlp.getParameters();
    const bad = mlp.getParameters();
    bad[2] = new Float64Array(2); // W2 is 3×1
    bad[0] = new Float64Array(6).fill(9); // a valid W1 that must not be half-applied
    expect(() => mlp.setParameters(bad)).toThrow(/W2.*3×1/);
    expect(mlp.getParameters()).toEqual(before);
  });

  it('a non-finite learning rate names optimizer.learningRate', () => {
    expect(() => createOptimizer({ kind: 'sgd', learningRate: Infinity })).toThrow(
      /optimizer\.learningRate.*Infinity/,
    );
    expect(() => createOptimizer({ kind: 'sgd', learningRate: NaN })).toThrow(/optimizer\.learningRate.*NaN/);
  });

  it('a negative regularization rate names optimizer.regularizationRate', () => {
    expect(() =>
      createOptimizer({ kind: 'sgd', learningRate: 0.1, regularization: 'l2', regularizationRate: -0.1 }),
    ).toThrow(/optimizer\.regularizationRate.*-0\.1/);
  });

  it('an unknown optimizer names optimizer.kind and the bad value', () => {
    expect(() => createOptimizer({ kind: 'rmsprop' as never, learningRate: 0.1 })).toThrow(
      /optimizer\.kind.*"rmsprop"/,
    );
  });

  it('configure() rejects a bad patch and keeps the old settings', () => {
    const optimizer = createOptimizer({ kind: 'momentum', learningRate: 0.1 });
    expect(() => optimizer.configure({ beta: 1 })).toThrow(/optimizer\.beta/);
    expect(optimizer.config.beta).toBe(0.9);
  });
});

describe('numerical stability', { timeout: TIMEOUT_MS }, () => {
  /** A 1 → units network whose output logits are exactly z·x for the given W row. */
  function logitNet(
    activation: 'sigmoid' | 'softmax',
    W: number[],
    loss: 'bce' | 'mse' | 'cross-entropy',
  ): MLP {
    const mlp = createMLP({ inputSize: 1, layers: [{ units: W.length, activation }], loss });
    mlp.setParameters([W, new Array(W.length).fill(0)]);
    return mlp;
  }

  function expectFinite(grads: BackwardPass): void {
    for (const g of [...grads.dZ, ...grads.dW, ...grads.db]) expect(g.every(Number.isFinite)).toBe(true);
  }

  it('bce from logits ±1000 gives the exact finite loss (no log 0) and finite gradients', () => {
    const mlp = logitNet('sigmoid', [1000], 'bce');
    const X = Float64Array.of(1, -1); // z = +1000, −1000
    const wrong = mlp.backward(mlp.forward(X, 2), Float64Array.of(0, 1));
    expect(wrong.loss).toBe(1000); // −log(1 − σ(1000)) = 1000 per example
    expectFinite(wrong);
    expect(Array.from(wrong.dZ[0])).toEqual([0.5, -0.5]); // (ŷ − y)/n with ŷ saturated at 1 and 0
    const right = mlp.backward(mlp.forward(X, 2), Float64Array.of(1, 0));
    expect(right.loss).toBe(0);
    expectFinite(right);
  });

  it('cross-entropy from logits ±1000 gives the exact finite loss (shifted logsumexp) and finite gradients', () => {
    const mlp = logitNet('softmax', [1000, -1000, 0], 'cross-entropy');
    const X = Float64Array.of(1, -1);
    const pass = mlp.forward(X, 2);
    expect(pass.A[0].every(Number.isFinite)).toBe(true);
    // Row 1: z = (1000, −1000, 0), label 1 → 2000. Row 2: z = (−1000, 1000, 0), label 0 → 2000.
    const grads = mlp.backward(pass, Float64Array.of(0, 1, 0, 1, 0, 0));
    expect(grads.loss).toBe(2000);
    expectFinite(grads);
  });

  it('a sigmoid output at z = ±800 gives a finite loss with bce and with mse', () => {
    const X = Float64Array.of(1, -1);
    const Y = Float64Array.of(0, 1);
    const bce = logitNet('sigmoid', [800], 'bce');
    const bceGrads = bce.backward(bce.forward(X, 2), Y);
    expect(bceGrads.loss).toBe(800);
    expectFinite(bceGrads);
    const mse = logitNet('sigmoid', [800], 'mse');
    const mseGrads = mse.backward(mse.forward(X, 2), Y);
    expect(mseGrads.loss).toBe(0.5); // Σ(ŷ − y)²/(2n) = (1 + 1)/4
    expectFinite(mseGrads);
  });

  it('hidden tanh and sigmoid layers driven to ±1000 stay finite through forward and backward', () => {
    for (const activation of ['tanh', 'sigmoid'] as const) {
      const mlp = createMLP({
        inputSize: 1,
        layers: [
          { units: 2, activation },
          { units: 1, activation: 'sigmoid' },
        ],
        loss: 'bce',
      });
      mlp.setParameters([[1000, -1000], [0, 0], [1, 1], [0]]);
      const grads = mlp.backward(mlp.forward(Float64Array.of(1, -1), 2), Float64Array.of(1, 0));
      expect(Number.isFinite(grads.loss)).toBe(true);
      expectFinite(grads);
    }
  });
});

describe('optimizer state', { timeout: TIMEOUT_MS }, () => {
  const configs: OptimizerConfig[] = [
    { kind: 'sgd', learningRate: 0.1 },
    { kind: 'momentum', learningRate: 0.05, beta: 0.9, regularization: 'l2', regularizationRate: 0.01 },
    { kind: 'adam', learningRate: 0.01, regularization: 'l1', regularizationRate: 0.001 },
  ];
  for (const config of configs) {
    it(`${config.kind}: getState()/setState() into a fresh optimizer continues bit-identically`, () => {
      const n = 16;
      const { X, Y } = dataset(4, n);
      const a = createMLP({ ...SPEC, seed: 8 });
      const optA = createOptimizer(config);
      for (let s = 0; s < 20; s++) optA.step(a, a.backward(a.forward(X, n), Y));
      const params = a.getParameters();
      const state = optA.getState();

      const b = createMLP({ ...SPEC, seed: 99 });
      b.setParameters(params);
      const optB = createOptimizer(config);
      optB.setState(state);
      // getState hands out copies: scribbling on them must not reach either optimizer.
      for (const slot of state.slots) slot.fill(123);

      for (let s = 0; s < 30; s++) {
        optA.step(a, a.backward(a.forward(X, n), Y));
        optB.step(b, b.backward(b.forward(X, n), Y));
      }
      expect(parameterBytes(b)).toEqual(parameterBytes(a));
      expect(optB.getState().t).toBe(50);
    });
  }

  it('setState() refuses a state of another optimizer kind', () => {
    const adam = createOptimizer({ kind: 'adam', learningRate: 0.01 });
    const momentum = createOptimizer({ kind: 'momentum', learningRate: 0.01 });
    expect(() => momentum.setState(adam.getState())).toThrow(/"adam".*"momentum"/);
  });
});

describe('regularization', { timeout: TIMEOUT_MS }, () => {
  function zeroGrads(mlp: MLP): BackwardPass {
    return {
      loss: 0,
      dZ: [],
      dA: [],
      dW: mlp.layers.map((layer) => new Float64Array(layer.W.length)),
      db: mlp.layers.map((layer) => new Float64Array(layer.b.length)),
    };
  }

  for (const kind of ['sgd', 'momentum', 'adam'] as const) {
    for (const regularization of ['l2', 'l1'] as const) {
      it(`${kind} with ${regularization} moves W toward 0 and never touches b`, () => {
        const mlp = createMLP({ ...SPEC, seed: 3 });
        const params = mlp.getParameters();
        params.forEach((p, i) => {
          if (i % 2 === 1) p.fill(0.5); // non-zero biases, so shrinking them would show
        });
        mlp.setParameters(params);
        const optimizer = createOptimizer({
          kind,
          learningRate: 0.1,
          regularization,
          regularizationRate: 0.1,
        });
        // With a zero data gradient the first update is the regularization alone: every weight
        // moves against its sign (Adam may overshoot 0 later: its step is ≈ α·sign(g)).
        optimizer.step(mlp, zeroGrads(mlp));
        mlp.layers.forEach((layer, l) => {
          layer.W.forEach((w, j) =>
            expect(Math.sign(w - params[2 * l][j])).toBe(-Math.sign(params[2 * l][j])),
          );
        });
        for (let s = 0; s < 2; s++) optimizer.step(mlp, zeroGrads(mlp));
        mlp.layers.forEach((layer, l) => expect(Array.from(layer.b)).toEqual(Array.from(params[2 * l + 1])));
      });
    }
  }

  it('sgd with l2 is exactly W ← W − α(dW + λW)', () => {
    const mlp = createMLP({ ...SPEC, seed: 3 });
    const before = mlp.getParameters();
    const optimizer = createOptimizer({
      kind: 'sgd',
      learningRate: 0.1,
      regularization: 'l2',
      regularizationRate: 0.2,
    });
    optimizer.step(mlp, zeroGrads(mlp));
    mlp.layers.forEach((layer, l) => {
      layer.W.forEach((w, j) => expect(w).toBe(before[2 * l][j] - 0.1 * (0 + 0.2 * before[2 * l][j])));
    });
  });
});

describe("overfit a tiny dataset (the seed article's sanity check)", { timeout: TIMEOUT_MS }, () => {
  it('2 → 8 tanh → 8 tanh → 1 sigmoid with Adam (lr 0.05) drives the bce of 8 points below 0.01 within 500 steps', () => {
    const rng = createRng(100);
    const n = 8;
    const X = new Float64Array(2 * n).map(() => rng.normal());
    const Y = new Float64Array(n).map((_, i) => i % 2); // arbitrary labels: only memorization fits them
    const mlp = createMLP({
      inputSize: 2,
      layers: [
        { units: 8, activation: 'tanh' },
        { units: 8, activation: 'tanh' },
        { units: 1, activation: 'sigmoid' },
      ],
      loss: 'bce',
      init: 'xavier',
      seed: 0,
    });
    const optimizer = createOptimizer({ kind: 'adam', learningRate: 0.05 });
    let steps = 0;
    let loss = Infinity;
    while (loss >= 0.01 && steps < 500) {
      const grads = mlp.backward(mlp.forward(X, n), Y);
      loss = grads.loss;
      optimizer.step(mlp, grads);
      steps++;
    }
    expect(loss).toBeLessThan(0.01);
    expect(steps).toBeLessThan(500);
    expect(mlp.computeLoss(X, Y, n)).toBeLessThan(0.01);
  });
});

describe('clone()', { timeout: TIMEOUT_MS }, () => {
  it('copies the weights and the spec into independent buffers', () => {
    const original = createMLP({ ...SPEC, seed: 12 });
    const copy = original.clone();
    expect(copy.spec).toEqual(original.spec);
    expect(parameterBytes(copy)).toEqual(parameterBytes(original));
    copy.layers.forEach((layer, l) => {
      expect(layer.W).not.toBe(original.layers[l].W);
      expect(layer.b).not.toBe(original.layers[l].b);
    });
  });

  it("training the clone changes neither the original's weights nor its forward buffers", () => {
    const original = createMLP({ ...SPEC, seed: 12 });
    const before = parameterBytes(original);
    const { X } = dataset(1, 16);
    const originalPass = original.forward(X, 16);
    const originalOutput = originalPass.A[2].slice();

    const copy = original.clone();
    train(copy, { kind: 'momentum', learningRate: 0.5 }, 20);
    copy.forward(X, 16);

    expect(parameterBytes(original)).toEqual(before);
    expect(parameterBytes(copy)).not.toEqual(before);
    expect(Array.from(originalPass.A[2])).toEqual(Array.from(originalOutput));
    expect(Array.from(original.forward(X, 16).A[2])).toEqual(Array.from(originalOutput));
  });
});
