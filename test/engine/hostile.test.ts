/**
 * The engine's edge: every hostile spec or argument gets an Error naming the field (and the
 * shapes or limit), never a TypeError, a RangeError, a silent NaN, a silently wrong result or a
 * multi-gigabyte allocation.
 */
import { describe, expect, it } from 'vitest';
import {
  createMLP,
  createOptimizer,
  createRng,
  gatherRows,
  gradientCheck,
  MAX_BATCH_VALUES,
  MAX_PARAMETERS,
  type LayerSpec,
  type MLPSpec,
} from '../../src/engine';

const valid = (): MLPSpec => ({
  inputSize: 2,
  layers: [
    { units: 3, activation: 'relu' },
    { units: 1, activation: 'sigmoid' },
  ],
  loss: 'bce',
});
const withLayers = (layers: unknown): unknown => ({ ...valid(), layers });
const hidden = (units: unknown, activation: unknown = 'relu'): unknown =>
  withLayers([
    { units, activation },
    { units: 1, activation: 'sigmoid' },
  ]);

/** [what, spec, the field the message must start with or contain]. */
const hostileSpecs: [string, unknown, RegExp][] = [
  ['null spec', null, /^spec: .*got null/],
  ['undefined spec', undefined, /^spec: .*got undefined/],
  ['a number as spec', 3, /^spec: /],
  ['an array as spec', [valid()], /^spec: .*array/],
  ['missing inputSize', { ...valid(), inputSize: undefined }, /^inputSize: .*undefined/],
  ['inputSize 0', { ...valid(), inputSize: 0 }, /^inputSize: .*got 0/],
  ['inputSize −2', { ...valid(), inputSize: -2 }, /^inputSize: /],
  ['inputSize 2.5', { ...valid(), inputSize: 2.5 }, /^inputSize: .*2\.5/],
  ['inputSize NaN', { ...valid(), inputSize: NaN }, /^inputSize: .*NaN/],
  ['inputSize "2"', { ...valid(), inputSize: '2' }, /^inputSize: .*"2"/],
  ['inputSize Infinity', { ...valid(), inputSize: Infinity }, /^inputSize: /],
  ['layers null', withLayers(null), /^layers: .*null/],
  ['layers empty', withLayers([]), /^layers: /],
  ['layers an object', withLayers({ units: 1 }), /^layers: .*object/],
  ['layers [null]', withLayers([null]), /^layers\[0\]: .*null/],
  ['layers [3]', withLayers([3]), /^layers\[0\]: .*3/],
  ['layers ["relu"]', withLayers(['relu']), /^layers\[0\]: /],
  ['a null output layer', withLayers([{ units: 3, activation: 'relu' }, null]), /^layers\[1\]: /],
  ['units missing', hidden(undefined), /^layers\[0\]\.units: .*undefined/],
  ['units 0', hidden(0), /^layers\[0\]\.units: .*0/],
  ['units −1', hidden(-1), /^layers\[0\]\.units: /],
  ['units 1.5', hidden(1.5), /^layers\[0\]\.units: .*1\.5/],
  ['units NaN', hidden(NaN), /^layers\[0\]\.units: /],
  ['units "8"', hidden('8'), /^layers\[0\]\.units: .*"8"/],
  ['units Infinity', hidden(Infinity), /^layers\[0\]\.units: /],
  [
    'units 1e9',
    hidden(1e9),
    /^layers: .*2 → 1000000000 → 1 would have 4,000,000,001 parameters; the limit is 4,000,000/,
  ],
  [
    'inputSize 1e9',
    { ...valid(), inputSize: 1e9 },
    /^layers: .*3,000,000,007 parameters; the limit is 4,000,000/,
  ],
  [
    '100 layers of 256',
    withLayers([
      ...Array.from({ length: 100 }, () => ({ units: 256, activation: 'relu' })),
      { units: 1, activation: 'sigmoid' },
    ]),
    /^layers: .*parameters; the limit is 4,000,000/,
  ],
  [
    'activation missing',
    withLayers([{ units: 3 }, { units: 1, activation: 'sigmoid' }]),
    /^layers\[0\]\.activation: .*undefined/,
  ],
  ['activation "swish"', hidden(3, 'swish'), /^layers\[0\]\.activation: .*"swish"/],
  ['activation "constructor"', hidden(3, 'constructor'), /^layers\[0\]\.activation: .*"constructor"/],
  ['activation "toString"', hidden(3, 'toString'), /^layers\[0\]\.activation: /],
  ['activation "RELU"', hidden(3, 'RELU'), /^layers\[0\]\.activation: /],
  [
    'hidden softmax',
    hidden(3, 'softmax'),
    /^layers\[0\]\.activation: softmax is only allowed in the output layer/,
  ],
  ['loss missing', { ...valid(), loss: undefined }, /^loss: .*undefined/],
  ['loss null', { ...valid(), loss: null }, /^loss: .*null/],
  ['loss "toString"', { ...valid(), loss: 'toString' }, /^loss: .*"toString"/],
  ['loss "__proto__"', { ...valid(), loss: '__proto__' }, /^loss: /],
  ['bce with a tanh output', withLayers([{ units: 1, activation: 'tanh' }]), /^loss: "bce" needs .*"tanh"/],
  ['cross-entropy with sigmoid', { ...valid(), loss: 'cross-entropy' }, /^loss: "cross-entropy" needs/],
  [
    'mse with softmax',
    { inputSize: 2, layers: [{ units: 3, activation: 'softmax' }], loss: 'mse' },
    /^loss: "mse" needs/,
  ],
  [
    'softmax with one unit',
    { inputSize: 2, layers: [{ units: 1, activation: 'softmax' }], loss: 'cross-entropy' },
    /^layers\[0\]\.units: softmax needs at least 2/,
  ],
  ['init null', { ...valid(), init: null }, /^init: .*null/],
  ['init 5', { ...valid(), init: 5 }, /^init: .*5/],
  ['init "glorot"', { ...valid(), init: 'glorot' }, /^init: unknown kind "glorot"/],
  ['init.kind missing', { ...valid(), init: { scale: 0.1 } }, /^init\.kind: /],
  ['init.scale 1e308', { ...valid(), init: { kind: 'small', scale: 1e308 } }, /^init\.scale: .*1e\+308/],
  ['init.scale 1e200', { ...valid(), init: { kind: 'small', scale: 1e200 } }, /^init\.scale: /],
  ['init.scale Infinity', { ...valid(), init: { kind: 'small', scale: Infinity } }, /^init\.scale: /],
  ['init.scale NaN', { ...valid(), init: { kind: 'small', scale: NaN } }, /^init\.scale: .*NaN/],
  ['init.scale −1', { ...valid(), init: { kind: 'small', scale: -1 } }, /^init\.scale: /],
  ['init.scale "0.1"', { ...valid(), init: { kind: 'small', scale: '0.1' } }, /^init\.scale: .*"0\.1"/],
  ['seed NaN', { ...valid(), seed: NaN }, /^seed: .*NaN/],
  ['seed Infinity', { ...valid(), seed: Infinity }, /^seed: /],
  ['seed "1"', { ...valid(), seed: '1' }, /^seed: .*"1"/],
  ['rng {}', { ...valid(), rng: {} }, /^rng: /],
  ['rng null', { ...valid(), rng: null }, /^rng: /],
];

describe('createMLP rejects hostile specs with an Error naming the field', () => {
  it.each(hostileSpecs)('%s', (_what, spec, message) => {
    let thrown: unknown;
    try {
      createMLP(spec as MLPSpec);
    } catch (error) {
      thrown = error;
    }
    // Exactly Error: a TypeError or RangeError means the engine tripped over the input.
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).constructor).toBe(Error);
    expect((thrown as Error).message).toMatch(message);
  });
});

describe('the arguments of forward, backward, gradientCheck and the optimizer', () => {
  const mlp = createMLP(valid());
  const X = new Float64Array([0.1, 0.2, 0.3, 0.4]);
  const Y = new Float64Array([0, 1]);
  const other = createMLP({
    ...valid(),
    layers: [
      { units: 5, activation: 'tanh' },
      { units: 1, activation: 'sigmoid' },
    ],
  });
  const hostileCalls: [string, () => unknown, RegExp][] = [
    ['forward n 0', () => mlp.forward(new Float64Array(0), 0), /^n: .*got 0/],
    ['forward n 1.5', () => mlp.forward(X, 1.5), /^n: /],
    ['forward n "2"', () => mlp.forward(X, '2' as never), /^n: .*"2"/],
    [
      'forward X too short',
      () => mlp.forward(new Float64Array(3), 2),
      /^X \(n × inputSize = 2 × 2\): expected 2×2 = 4 values, got 3/,
    ],
    ['forward X too long', () => mlp.forward(new Float64Array(6), 2), /^X .*got 6 \(3×2\)/],
    ['forward X null', () => mlp.forward(null as never, 2), /^X: .*2 × 2.*null/],
    [
      'forward X NaN',
      () => mlp.forward(new Float64Array([0, NaN, 0, 0]), 2),
      /^X: entry 1 \(row 0, column 1\) is NaN/,
    ],
    [
      'forward X Infinity',
      () => mlp.forward(new Float64Array([0, 0, Infinity, 0]), 2),
      /^X: entry 2 \(row 1, column 0\) is Infinity/,
    ],
    [
      'forward batch × width over the limit',
      () => mlp.forward(new Float64Array(0), MAX_BATCH_VALUES),
      /^n: a batch of 16,777,216 rows × 3 .* is 50,331,648 values per matrix; the limit is 16,777,216/,
    ],
    [
      'backward Y too short',
      () => mlp.backward(mlp.forward(X, 2), new Float64Array(1)),
      /^Y \(n × outputs = 2 × 1\).*got 1/,
    ],
    ['backward Y too long', () => mlp.backward(mlp.forward(X, 2), new Float64Array(3)), /^Y .*got 3/],
    ['backward Y null', () => mlp.backward(mlp.forward(X, 2), null as never), /^Y: .*null/],
    [
      'backward Y NaN',
      () => mlp.backward(mlp.forward(X, 2), new Float64Array([NaN, 1])),
      /^Y: entry 0 .*NaN/,
    ],
    ['backward pass null', () => mlp.backward(null as never, Y), /^pass: /],
    ['backward pass of another network', () => mlp.backward(other.forward(X, 2), Y), /^pass: .*3, 1 units/],
    [
      'backward fault on the output layer',
      () => mlp.backward(mlp.forward(X, 2), Y, { dropActivationDerivative: 1 }),
      /^faults\.dropActivationDerivative: .*0 … 0, got 1/,
    ],
    [
      'forwardLayer l 9',
      () => mlp.forwardLayer(mlp.forward(X, 2), 9),
      /^forwardLayer: layer index .*0 … 1, got 9/,
    ],
    [
      'backwardLayer l −1',
      () => mlp.backwardLayer(mlp.forward(X, 2), mlp.backward(mlp.forward(X, 2), Y), -1),
      /^backwardLayer: layer index/,
    ],
    ['computeLoss Y short', () => mlp.computeLoss(X, new Float64Array(1), 2), /^Y .*got 1/],
    ['gradientCheck n 0', () => gradientCheck(mlp, X, Y, 0), /^n: /],
    ['gradientCheck Y long', () => gradientCheck(mlp, X, new Float64Array(3), 2), /^Y .*2 × 1.*got 3/],
    ['gradientCheck epsilon "x"', () => gradientCheck(mlp, X, Y, 2, { epsilon: 'x' as never }), /epsilon/],
    ['optimizer null', () => createOptimizer(null as never), /^optimizer: .*null/],
    [
      'optimizer learningRate Infinity',
      () => createOptimizer({ kind: 'sgd', learningRate: Infinity }),
      /^optimizer\.learningRate: /,
    ],
    [
      'optimizer learningRate NaN',
      () => createOptimizer({ kind: 'sgd', learningRate: NaN }),
      /^optimizer\.learningRate: /,
    ],
    [
      'optimizer beta1 1',
      () => createOptimizer({ kind: 'adam', learningRate: 0.1, beta1: 1 }),
      /^optimizer\.beta1: .*\[0, 1\)/,
    ],
    [
      'optimizer beta2 −0.1',
      () => createOptimizer({ kind: 'adam', learningRate: 0.1, beta2: -0.1 }),
      /^optimizer\.beta2: /,
    ],
    [
      'optimizer Adam ε 0',
      () => createOptimizer({ kind: 'adam', learningRate: 0.1, epsilon: 0 }),
      /^optimizer\.epsilon: Adam needs ε > 0/,
    ],
    [
      'optimizer step with null grads',
      () => createOptimizer({ kind: 'sgd', learningRate: 0.1 }).step(mlp, null as never),
      /^optimizer\.step: .*2×3, 3×1/,
    ],
    [
      'optimizer step with another network’s grads',
      () =>
        createOptimizer({ kind: 'sgd', learningRate: 0.1 }).step(mlp, other.backward(other.forward(X, 2), Y)),
      /^optimizer\.step: /,
    ],
    [
      'optimizer setState null',
      () => createOptimizer({ kind: 'adam', learningRate: 0.1 }).setState(null as never),
      /^optimizer\.setState: /,
    ],
    [
      'optimizer setState odd slots',
      () =>
        createOptimizer({ kind: 'adam', learningRate: 0.1 }).setState({
          kind: 'adam',
          t: 1,
          slots: [new Float64Array(1)],
        }),
      /^optimizer\.setState: .*2 slot/,
    ],
    [
      'gatherRows src not whole rows',
      () => gatherRows(new Float64Array(5), 2, new Uint32Array([0, 1]), new Float64Array(4)),
      /^gatherRows: src has length 5/,
    ],
  ];
  it.each(hostileCalls)('%s', (_what, call, message) => {
    let thrown: unknown;
    try {
      call();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).constructor).toBe(Error);
    expect((thrown as Error).message).toMatch(message);
  });

  it('rejects an over-wide batch before allocating its buffers', () => {
    // 2^24 rows × 3 units would be 400 MB per matrix; the check must come first (this test would hang otherwise).
    const started = performance.now();
    expect(() => mlp.forward(new Float64Array(0), MAX_BATCH_VALUES)).toThrow(/^n: /);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('valid edge specs still work', () => {
  it('builds the largest networks the app and the benchmarks use, with finite outputs', () => {
    const cases: [MLPSpec, number][] = [
      // README benchmark: 2 → [256, 256, 256] → 1, batch 256.
      [
        {
          inputSize: 2,
          layers: [256, 256, 256]
            .map((units): LayerSpec => ({ units, activation: 'relu' }))
            .concat([{ units: 1, activation: 'sigmoid' }]),
          loss: 'bce',
        },
        256,
      ],
      // The worker's widest layer (256) over its largest grid (200 × 200 rows).
      [
        {
          inputSize: 7,
          layers: [
            { units: 256, activation: 'tanh' },
            { units: 5, activation: 'softmax' },
          ],
          loss: 'cross-entropy',
        },
        200 * 200,
      ],
      // The worker's deepest and widest: 7 features, 8 hidden layers of 256, 5-class softmax.
      [
        {
          inputSize: 7,
          layers: Array.from({ length: 8 }, (): LayerSpec => ({ units: 256, activation: 'tanh' })).concat([
            { units: 5, activation: 'softmax' },
          ]),
          loss: 'cross-entropy',
        },
        64,
      ],
      // 8 hidden layers of 32, init scale at the UI's maximum.
      [
        {
          inputSize: 2,
          layers: Array.from({ length: 8 }, (): LayerSpec => ({
            units: 32,
            activation: 'leaky-relu',
          })).concat([{ units: 1, activation: 'linear' }]),
          loss: 'mse',
          init: { kind: 'small', scale: 10 },
        },
        10_000,
      ],
    ];
    for (const [spec, n] of cases) {
      const mlp = createMLP(spec);
      expect(mlp.parameterCount).toBeLessThanOrEqual(MAX_PARAMETERS);
      const X = new Float64Array(n * spec.inputSize).map((_, i) => Math.sin(i));
      const out = mlp.forward(X, n).A[spec.layers.length - 1];
      expect(out.every(Number.isFinite)).toBe(true);
    }
  });

  it('accepts the smallest network, a scale of 0, a seed as rng and every init kind', () => {
    const tiny = createMLP({
      inputSize: 1,
      layers: [{ units: 1, activation: 'linear' }],
      loss: 'mse',
      init: { kind: 'small', scale: 0 },
    });
    expect(tiny.forward(new Float64Array([3]), 1).A[0][0]).toBe(0);
    for (const init of ['small', 'xavier', 'he'] as const) {
      expect(createMLP({ ...valid(), init, seed: 7 }).parameterCount).toBe(13);
    }
    expect(createMLP({ ...valid(), rng: createRng(3) }).parameterCount).toBe(13);
    // Exactly at the limit is allowed: 1 → u → 1 has (u + u) + (u + 1) = 3u + 1 parameters.
    const units = (MAX_PARAMETERS - 1) / 3;
    const atLimit = {
      inputSize: 1,
      layers: [
        { units, activation: 'linear' as const },
        { units: 1, activation: 'linear' as const },
      ],
      loss: 'mse' as const,
    };
    expect(createMLP(atLimit).parameterCount).toBe(MAX_PARAMETERS);
  });

  it('a plain number[] batch is read like a Float64Array', () => {
    const mlp = createMLP({ ...valid(), seed: 2 });
    const typed = mlp.forward(new Float64Array([0.5, -1]), 1).A[1][0];
    expect(mlp.forward([0.5, -1] as unknown as Float64Array, 1).A[1][0]).toBe(typed);
  });
});
