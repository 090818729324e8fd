/**
 * The kink-aware gradient check: a correct backprop reads good (not "wrong") on the seed network,
 * where init "small" puts many ReLU inputs within ε of 0, and on every activation × loss; the
 * planted "forgot f′" fault still reads wrong on every layer it affects.
 */
import { describe, expect, it } from 'vitest';
import {
  buildFeatures,
  buildTargets,
  createMLP,
  createOptimizer,
  createRng,
  generateDataset,
  gradientCheck,
  gradientCheckVerdict,
  KINK_EXPLANATION,
  layerVerdict,
  resultVerdict,
  type Activation,
  type GradientCheckResult,
  type LayerSpec,
  type LossKind,
  type MLP,
} from '../../src/engine';

const N = 250;

/** The seed article's data: XOR, 250 points, 2 inputs, 0/1 targets. */
function xor(encoding: 'zero-one' | 'plus-minus-one' = 'zero-one'): { X: Float64Array; Y: Float64Array } {
  const ds = generateDataset({ kind: 'xor', count: N, noise: 0, rng: createRng(1) });
  return { X: buildFeatures(ds.points, N, ['x1', 'x2']), Y: buildTargets(ds, encoding) };
}

/** The seed article's network: 2 → 16 ReLU → 1 sigmoid + bce, weights randn × 0.01. */
function seedNetwork(seed: number): MLP {
  return createMLP({
    inputSize: 2,
    layers: [
      { units: 16, activation: 'relu' },
      { units: 1, activation: 'sigmoid' },
    ],
    loss: 'bce',
    init: 'small',
    seed,
  });
}

function train(mlp: MLP, X: Float64Array, Y: Float64Array, steps: number): void {
  const sgd = createOptimizer({ kind: 'sgd', learningRate: 0.1 });
  for (let s = 0; s < steps; s++) sgd.step(mlp, mlp.backward(mlp.forward(X, N), Y));
}

const verdicts = (r: GradientCheckResult): string[] =>
  r.layers.flatMap((layer) => [layerVerdict(layer, 'W'), layerVerdict(layer, 'b')]);

/** The plain ±ε central difference of one parameter, as the check did before it knew about kinks. */
function plainDifference(
  mlp: MLP,
  X: Float64Array,
  Y: Float64Array,
  l: number,
  kind: 'W' | 'b',
  index: number,
): number {
  const param = kind === 'W' ? mlp.layers[l].W : mlp.layers[l].b;
  const saved = param[index];
  param[index] = saved + 1e-5;
  const plus = mlp.computeLoss(X, Y, N);
  param[index] = saved - 1e-5;
  const minus = mlp.computeLoss(X, Y, N);
  param[index] = saved;
  return (plus - minus) / 2e-5;
}

describe('the seed network (XOR, 2 → 16 ReLU → 1 sigmoid + bce, init small, seed 1)', () => {
  const { X, Y } = xor();

  it.each([0, 10, 100])('after %i SGD steps a correct backprop is not "wrong" on any layer', (steps) => {
    const mlp = seedNetwork(1);
    train(mlp, X, Y, steps);
    const result = gradientCheck(mlp, X, Y, N);
    expect(verdicts(result)).not.toContain('wrong');
    // Entries measured with a smaller ε carry 10–100× more rounding noise: at worst "suspicious".
    expect(result.worst).toBeLessThan(1e-6);
    expect(result.kinkReduced).toBe(result.entries.filter((e) => e.kink === 'reduced').length);
    expect(result.kinkExcluded).toBe(result.entries.filter((e) => e.kink === 'excluded').length);
  });

  it('finds the kink crossings that made the plain check read "wrong", and measures them with a smaller ε', () => {
    // Seed 1 at step 0 and at step 10: the plain ±1e-5 check gave 4.5e-4 and 1.6e-3 on layer 1.
    for (const steps of [0, 10]) {
      const mlp = seedNetwork(1);
      train(mlp, X, Y, steps);
      const result = gradientCheck(mlp, X, Y, N);
      const flagged = result.entries.filter((e) => e.kink !== undefined);
      expect(flagged.length).toBeGreaterThan(0);
      // Only layer 1 feeds a ReLU: the output layer's probes cannot move Z1.
      expect(flagged.every((e) => e.layer === 0)).toBe(true);
      expect(result.layers[1].kinks).toEqual({ reducedW: 0, reducedB: 0, excludedW: 0, excludedB: 0 });
      const kinks = result.layers[0].kinks!;
      expect(kinks.reducedW + kinks.reducedB + kinks.excludedW + kinks.excludedB).toBe(flagged.length);
      for (const e of flagged.filter((entry) => entry.kink === 'reduced')) {
        expect(e.epsilon).toBeLessThan(1e-5);
        const plain = plainDifference(mlp, X, Y, e.layer, e.kind, e.index);
        // The smaller ε lands closer to backprop than the probe that straddled the kink.
        expect(Math.abs(e.numeric - e.analytic)).toBeLessThan(Math.abs(plain - e.analytic));
      }
      // What the old check reported on layer 1: the crossing entries make it read wrong.
      const plainEntries = result.entries
        .filter((e) => e.layer === 0 && e.kind === 'W')
        .map((e) => ({ ...e, numeric: plainDifference(mlp, X, Y, 0, 'W', e.index) }));
      let diff = 0;
      let num = 0;
      let ana = 0;
      for (const e of plainEntries) {
        diff += (e.numeric - e.analytic) ** 2;
        num += e.numeric ** 2;
        ana += e.analytic ** 2;
      }
      const plainError = Math.sqrt(diff) / (Math.sqrt(num) + Math.sqrt(ana));
      expect(gradientCheckVerdict(plainError)).toBe('wrong');
      expect(gradientCheckVerdict(result.layers[0].W)).not.toBe('wrong');
    }
  });

  it.each([0, 10, 100])(
    'the planted fault (layer 1 forgets relu′) still reads "wrong" after %i steps',
    (steps) => {
      const mlp = seedNetwork(1);
      train(mlp, X, Y, steps);
      const result = gradientCheck(mlp, X, Y, N, { faults: { dropActivationDerivative: 0 } });
      expect(gradientCheckVerdict(result.layers[0].W)).toBe('wrong');
      expect(gradientCheckVerdict(result.layers[0].b)).toBe('wrong');
      // The fault only changes dZ1, so the output layer's gradient is still right.
      expect(gradientCheckVerdict(result.layers[1].W)).not.toBe('wrong');
    },
  );

  it('leaves the model exactly as it found it', () => {
    const mlp = seedNetwork(1);
    const before = mlp.getParameters();
    gradientCheck(mlp, X, Y, N);
    expect(mlp.getParameters()).toEqual(before);
  });

  it('has one sentence to show next to the counts', () => {
    expect(KINK_EXPLANATION).toMatch(
      /^Central differences are unreliable where a ReLU input is within ε of 0/,
    );
  });
});

/** Output layer and targets for each loss. */
const OUTPUTS: { loss: LossKind; output: LayerSpec; encoding: 'zero-one' | 'plus-minus-one' | 'one-hot' }[] =
  [
    { loss: 'bce', output: { units: 1, activation: 'sigmoid' }, encoding: 'zero-one' },
    { loss: 'mse', output: { units: 1, activation: 'tanh' }, encoding: 'plus-minus-one' },
    { loss: 'mse', output: { units: 1, activation: 'relu' }, encoding: 'zero-one' },
    { loss: 'cross-entropy', output: { units: 2, activation: 'softmax' }, encoding: 'one-hot' },
  ];
const HIDDEN: Activation[] = ['relu', 'leaky-relu', 'tanh', 'sigmoid', 'linear'];

describe.each(HIDDEN)('hidden %s, two hidden layers, init small (kinks everywhere)', (activation) => {
  const ds = generateDataset({ kind: 'xor', count: 60, noise: 0, rng: createRng(2) });
  const X = buildFeatures(ds.points, 60, ['x1', 'x2']);

  it.each(OUTPUTS)(
    '$output.activation + $loss: a correct backprop is not "wrong"; the fault is',
    ({ loss, output, encoding }) => {
      const Y = buildTargets(ds, encoding);
      for (const steps of [0, 20]) {
        const mlp = createMLP({
          inputSize: 2,
          layers: [{ units: 6, activation }, { units: 5, activation }, output],
          loss,
          init: { kind: 'small', scale: 0.5 },
          seed: 3,
        });
        const sgd = createOptimizer({ kind: 'sgd', learningRate: 0.1 });
        for (let s = 0; s < steps; s++) sgd.step(mlp, mlp.backward(mlp.forward(X, 60), Y));
        const result = gradientCheck(mlp, X, Y, 60);
        expect(verdicts(result), `${steps} steps`).not.toContain('wrong');
        if (activation === 'linear') continue; // f′ = 1: forgetting it changes nothing
        // Forgetting f′ in hidden layer 2 changes dZ2, and through it dZ1: layers 1 and 2 read wrong.
        const faulty = gradientCheck(mlp, X, Y, 60, { faults: { dropActivationDerivative: 1 } });
        expect(gradientCheckVerdict(faulty.layers[0].W), `${steps} steps, W1`).toBe('wrong');
        expect(gradientCheckVerdict(faulty.layers[1].W), `${steps} steps, W2`).toBe('wrong');
      }
    },
  );
});

describe('rounding noise: gradients too small next to the loss for finite differences', () => {
  // The "Vanishing gradients" preset's shape: six sigmoid layers of 8, weights × 0.1, circle data.
  const n = 200;
  const ds = generateDataset({ kind: 'circle', count: n, noise: 0, rng: createRng(4) });
  const X = buildFeatures(ds.points, n, ['x1', 'x2']);
  const Y = buildTargets(ds, 'zero-one');
  const deep = () =>
    createMLP({
      inputSize: 2,
      layers: [
        ...Array.from({ length: 6 }, (): LayerSpec => ({ units: 8, activation: 'sigmoid' })),
        { units: 1, activation: 'sigmoid' },
      ],
      loss: 'bce',
      init: { kind: 'small', scale: 0.1 },
      seed: 5,
    });

  it('layer 1 (gradient about 1e-10 beside a loss of 0.69) reads "suspicious" within noise, not "wrong"', () => {
    const result = gradientCheck(deep(), X, Y, n, { maxPerParameter: 64 });
    // The plain relative error of layer 1 is rounding noise over a tiny gradient: it would say wrong.
    expect(gradientCheckVerdict(result.layers[0].b)).toBe('wrong');
    expect(result.layers[0].withinNoiseB).toBe(true);
    expect(layerVerdict(result.layers[0], 'b')).toBe('suspicious');
    expect(verdicts(result)).not.toContain('wrong');
    expect(resultVerdict(result)).toBe('suspicious');
    // Every entry carries its noise bound; the output layer's gradient is measured as usual.
    expect(result.entries.every((e) => e.noise !== undefined && e.noise > 0)).toBe(true);
    expect(layerVerdict(result.layers[6], 'W')).toBe('good');
  });

  it('the planted bug still reads "wrong" there: forgetting σ′ ≤ 1/4 changes the gradient 4×, far above the noise', () => {
    const result = gradientCheck(deep(), X, Y, n, {
      faults: { dropActivationDerivative: 0 },
      maxPerParameter: 64,
    });
    expect(layerVerdict(result.layers[0], 'W')).toBe('wrong');
    expect(layerVerdict(result.layers[0], 'b')).toBe('wrong');
    expect(result.layers[0].withinNoiseW).toBe(false);
    expect(resultVerdict(result)).toBe('wrong');
  });

  it('noise only turns "wrong" into "suspicious": good stays good, NaN stays wrong', () => {
    expect(gradientCheckVerdict(1e-9, true)).toBe('good');
    expect(gradientCheckVerdict(1e-5, true)).toBe('suspicious');
    expect(gradientCheckVerdict(0.5, true)).toBe('suspicious');
    expect(gradientCheckVerdict(0.5, false)).toBe('wrong');
    expect(gradientCheckVerdict(NaN, true)).toBe('wrong');
  });
});

describe('what the planted bug changed', () => {
  const { X, Y } = xor();

  it('on the seed network it changes layer 1 only, and the result says how many entries', () => {
    const result = gradientCheck(seedNetwork(1), X, Y, N, { faults: { dropActivationDerivative: 0 } });
    const layer1 = result.entries.filter((e) => e.layer === 0).length;
    expect(result.fault).toEqual({
      dropActivationDerivative: 0,
      changed: layer1,
      checked: result.entries.length,
    });
    expect(gradientCheck(seedNetwork(1), X, Y, N).fault).toBeUndefined();
  });

  it('where f′(Z1) = 1 for every example (ReLU inputs all positive) it changes nothing, and says so', () => {
    // Layer-1 biases of 10 keep every ReLU input positive on XOR's [−6, 6]² with weights × 0.01.
    const mlp = seedNetwork(1);
    mlp.layers[0].b.fill(10);
    const correct = gradientCheck(mlp, X, Y, N);
    const broken = gradientCheck(mlp, X, Y, N, { faults: { dropActivationDerivative: 0 } });
    expect(broken.fault?.changed).toBe(0);
    expect(broken.layers).toEqual(correct.layers);
    expect(resultVerdict(broken)).not.toBe('wrong');
  });
});
