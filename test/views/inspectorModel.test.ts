/**
 * The inspector shows the engine's numbers with the engine's shapes, for every phase of a step.
 *
 * Frames are built here from a real engine pass (createMLP → forwardLayer / backwardLoss /
 * backwardLayer → optimizer step), packed into the protocol's BatchCache as float32 copies with the
 * entries of later phases left null, exactly as the worker sends them. The inspector model must
 * - give every equation the engine's shapes (X n×d, W fanIn×units, Z n×units, dW like W, …);
 * - show the frame's arrays themselves (same numbers, not recomputed), and the engine's float64
 *   numbers to float32 precision;
 * - derive f′(Z) so that dA ⊙ f′(Z) reproduces the engine's dZ.
 */
import { describe, expect, it } from 'vitest';
import {
  createMLP,
  createOptimizer,
  createRng,
  lossFns,
  type BackwardPass,
  type ForwardPass,
  type MLP,
} from '../../src/engine';
import {
  DEFAULT_CONFIG,
  mlpSpecOf,
  optimizerConfigOf,
  outputUnits,
  type RunConfig,
} from '../../src/model/config';
import type { BatchCache, Frame, LayerParams, Phase } from '../../src/worker/protocol';
import { phasesOfStep } from '../../src/model/phase';
import { matrixValue, type EquationModel, type MatrixModel } from '../../src/views/inspector/equationModel';
import { perExampleLossValues } from '../../src/views/inspector/phaseEquations';
import { exampleShare } from '../../src/views/inspector/exampleShare';
import { inspectorModel } from '../../src/views/inspector/inspectorModel';
import { formatValue } from '../../src/model/format';
import { paramUpdate } from '../../src/views/inspector/update';
import { layerShapesOf, narratePhase, narratedStep } from '../../src/views/inspector/narration';

// ---------------------------------------------------------------------------------------------------
// Frames from the real engine

interface EngineStep {
  mlp: MLP;
  X: Float64Array;
  Y: Float64Array;
  n: number;
  pass: ForwardPass;
  grads: BackwardPass;
  before: Float64Array[];
  after: Float64Array[];
}

function targetsFor(config: RunConfig, n: number, rng: ReturnType<typeof createRng>): Float64Array {
  const units = outputUnits(config);
  const Y = new Float64Array(n * units);
  for (let i = 0; i < n; i++) {
    if (config.output === 'softmax-ce') Y[i * units + Math.floor(rng.next() * units)] = 1;
    else if (config.output === 'sigmoid-bce') Y[i] = rng.next() < 0.5 ? 0 : 1;
    else if (config.output === 'tanh-mse') Y[i] = rng.next() < 0.5 ? -1 : 1;
    else Y[i] = rng.normal();
  }
  return Y;
}

/** One full training step on the engine, keeping copies of everything a frame shows. */
function engineStep(config: RunConfig, n: number): EngineStep {
  const mlp = createMLP(mlpSpecOf(config));
  const rng = createRng(7);
  const d = config.features.length;
  const X = new Float64Array(n * d);
  for (let i = 0; i < X.length; i++) X[i] = rng.normal() * 2;
  const Y = targetsFor(config, n, rng);
  const pass = mlp.forward(X, n);
  const grads = mlp.backward(pass, Y);
  const before = mlp.getParameters();
  const snapshotPass: ForwardPass = {
    n,
    X,
    Z: pass.Z.map((a) => a.slice()),
    A: pass.A.map((a) => a.slice()),
  };
  const snapshotGrads: BackwardPass = {
    loss: grads.loss,
    dZ: grads.dZ.map((a) => a.slice()),
    dW: grads.dW.map((a) => a.slice()),
    db: grads.db.map((a) => a.slice()),
    dA: grads.dA.map((a) => a.slice()),
  };
  createOptimizer(optimizerConfigOf(config)).step(mlp, grads);
  return { mlp, X, Y, n, pass: snapshotPass, grads: snapshotGrads, before, after: mlp.getParameters() };
}

const f32 = (a: Float64Array): Float32Array => Float32Array.from(a);

function paramsOf(flat: Float64Array[]): LayerParams[] {
  return Array.from({ length: flat.length / 2 }, (_, l) => ({
    W: f32(flat[2 * l]),
    b: f32(flat[2 * l + 1]),
  }));
}

/** The frame the worker would send in `phase` of this step (later phases' entries null). */
function frameAt(s: EngineStep, phase: Phase): Frame {
  const L = s.mlp.layers.length;
  const done = (what: 'Z' | 'A' | 'dZ' | 'dA' | 'dW' | 'db', l: number): boolean => {
    const k = phase.kind;
    if (k === 'ready' || k === 'update') return true;
    if (what === 'Z' || what === 'A') return k !== 'forward' || l <= phase.layer;
    if (k === 'forward') return false;
    if (what === 'dZ') return l === L - 1 || (k === 'backward' && l >= phase.layer - 1);
    if (k === 'loss') return false;
    if (what === 'dA') return l >= phase.layer - 1;
    return l >= phase.layer; // dW, db
  };
  const pick = (
    what: 'Z' | 'A' | 'dZ' | 'dA' | 'dW' | 'db',
    arrays: Float64Array[],
  ): (Float32Array | null)[] => arrays.map((a, l) => (done(what, l) ? f32(a) : null));
  const batch: BatchCache = {
    step: 1,
    n: s.n,
    indices: Uint32Array.from({ length: s.n }, (_, i) => i),
    X: f32(s.X),
    Y: f32(s.Y),
    Z: pick('Z', s.pass.Z),
    A: pick('A', s.pass.A),
    loss: phase.kind === 'forward' ? null : s.grads.loss,
    dZ: pick('dZ', s.grads.dZ),
    dA: pick('dA', s.grads.dA),
    dW: pick('dW', s.grads.dW),
    db: pick('db', s.grads.db),
  };
  const updated = phase.kind === 'update' || phase.kind === 'ready';
  return {
    seq: 1,
    runId: 1,
    step: updated ? 1 : 0,
    epoch: 0,
    phase,
    playing: false,
    speed: 10,
    maxStep: 1,
    trainLoss: 0,
    testLoss: 0,
    trainAccuracy: null,
    testAccuracy: null,
    trainRmse: null,
    testRmse: null,
    params: paramsOf(updated ? s.after : s.before),
    prevParams: phase.kind === 'update' ? paramsOf(s.before) : null,
    batch,
    health: [],
    history: {
      reset: false,
      stride: 1,
      steps: new Float64Array(0),
      batchLoss: new Float32Array(0),
      evalSteps: new Float64Array(0),
      trainLoss: new Float32Array(0),
      testLoss: new Float32Array(0),
      trainMetric: new Float32Array(0),
      testMetric: new Float32Array(0),
      metric: 'accuracy',
    },
    diverged: null,
    diagnosis: null,
    nonFinite: false,
  };
}

// ---------------------------------------------------------------------------------------------------
// Expectations

/** The engine's float64 array behind a matrix's `source` in `phase` (null for derived matrices). */
function engineArray(s: EngineStep, phase: Phase, source: string): Float64Array | null {
  if (source === 'batch.X') return s.X;
  if (source === 'batch.Y') return s.Y;
  const m = /^(batch|params|prevParams)\.?(\w+)?\[(\d+)\](?:\.(W|b))?$/.exec(source);
  if (!m) return null;
  const l = Number(m[3]);
  if (m[1] === 'batch') {
    const key = m[2] as 'Z' | 'A' | 'dZ' | 'dA' | 'dW' | 'db';
    if (key === 'Z' || key === 'A') return s.pass[key][l];
    return s.grads[key][l];
  }
  // Parameters: before the update until the update phase, after it from then on.
  const updated = m[1] === 'params' && (phase.kind === 'update' || phase.kind === 'ready');
  return (updated ? s.after : s.before)[2 * l + (m[4] === 'W' ? 0 : 1)];
}

/** The frame's array behind a matrix's `source` (the same object the model must hold). */
function frameArray(frame: Frame, source: string): ArrayLike<number> | null {
  const batch = frame.batch!;
  if (source === 'batch.X') return batch.X;
  if (source === 'batch.Y') return batch.Y;
  const m = /^(batch|params|prevParams)\.?(\w+)?\[(\d+)\](?:\.(W|b))?$/.exec(source);
  if (!m) return null;
  const l = Number(m[3]);
  if (m[1] === 'batch') return batch[m[2] as 'Z' | 'A' | 'dZ' | 'dA' | 'dW' | 'db'][l];
  const p = m[1] === 'prevParams' ? frame.prevParams![l] : frame.params[l];
  return m[4] === 'W' ? p.W : p.b;
}

function expectMatrixMatches(frame: Frame, s: EngineStep, m: MatrixModel): void {
  if (m.source.startsWith('derived')) return;
  const fromFrame = frameArray(frame, m.source);
  expect(fromFrame, m.source).not.toBeNull();
  // The model shows the frame's own array, not a copy or a recomputation.
  expect(m.values, `${m.name} values are ${m.source}`).toBe(fromFrame);
  expect(m.values.length).toBe(m.rows * m.cols);
  const engine = engineArray(s, frame.phase, m.source)!;
  const storedCols = m.transposed ? m.rows : m.cols;
  const shown: number[] = [];
  const expected: number[] = [];
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < m.cols; c++) {
      shown.push(matrixValue(m, r, c));
      // The frame holds float32 copies of the engine's float64: equal to float32 rounding.
      expected.push(Math.fround(m.transposed ? engine[c * storedCols + r] : engine[r * storedCols + c]));
    }
  }
  expect(shown, `${m.name} equals the engine's ${m.source}`).toEqual(expected);
}

function shapeOfEngine(s: EngineStep, name: string): [number, number] | null {
  const L = s.mlp.layers.length;
  const n = s.n;
  const m = /^(d?)(Z|A|W|b)(\d+)(ᵀ?)$/.exec(name);
  if (name === 'X') return [n, s.mlp.inputSize];
  if (name === 'Xᵀ') return [s.mlp.inputSize, n];
  if (name === 'ŷ' || name === 'y') return [n, s.mlp.layers[L - 1].units];
  if (name === 'ŷᵀ') return [s.mlp.layers[L - 1].units, n];
  if (name === 'L') return [1, 1];
  if (!m) return null;
  const layer = s.mlp.layers[Number(m[3]) - 1];
  let shape: [number, number];
  switch (m[2]) {
    case 'Z':
    case 'A':
      shape = [n, layer.units];
      break;
    case 'W':
      shape = [layer.fanIn, layer.units];
      break;
    default:
      shape = [1, layer.units];
  }
  return m[4] ? [shape[1], shape[0]] : shape;
}

function expectShapesMatchEngine(s: EngineStep, eq: EquationModel): void {
  for (const term of [...eq.operands, eq.result]) {
    // The update's quantities have their parameter's shape: g(W1), v(W1), m̂(W1), v̂(W1), ΔW1, W1 before.
    const name = term.name
      .replace(/^f′\((Z\d+)\)$/, '$1')
      .replace(/^(?:g|v|m̂|v̂)\((.+)\)$/, '$1')
      .replace(/^Δ/, '')
      .replace(/ (?:before|after)$/, '');
    const expected = shapeOfEngine(s, name);
    expect(expected, `${eq.id}: unknown operand ${term.name}`).not.toBeNull();
    expect([term.rows, term.cols], `${eq.id}: shape of ${term.name}`).toEqual(expected);
  }
  for (const m of eq.matrices) {
    const base = m.name.replace(/ (before|after)$/, '').replace(/^f′\((Z\d+)\)$/, '$1');
    const expected = shapeOfEngine(s, base);
    if (expected) expect([m.rows, m.cols], `${eq.id}: matrix ${m.name}`).toEqual(expected);
  }
}

// ---------------------------------------------------------------------------------------------------

const CASES: { label: string; config: RunConfig; n: number }[] = [
  {
    label: '0 hidden layers, sigmoid + bce, SGD',
    config: {
      ...DEFAULT_CONFIG,
      hiddenLayers: [],
      output: 'sigmoid-bce',
      optimizer: 'sgd',
      learningRate: 0.1,
    },
    n: 6,
  },
  {
    label: '1 hidden layer (the seed article: 2 → 16 ReLU → 1 sigmoid), momentum',
    config: {
      ...DEFAULT_CONFIG,
      hiddenLayers: [16],
      activation: 'relu',
      init: 'small',
      initScale: 0.5,
      optimizer: 'momentum',
    },
    n: 10,
  },
  {
    label: '3 hidden layers, tanh + tanh-mse output, 3 features, Adam with L2',
    config: {
      ...DEFAULT_CONFIG,
      hiddenLayers: [5, 3, 4],
      activation: 'tanh',
      output: 'tanh-mse',
      features: ['x1', 'x2', 'x1TimesX2'],
      optimizer: 'adam',
      regularization: 'l2',
      regularizationRate: 0.01,
    },
    n: 12,
  },
  {
    label: '3 hidden layers, sigmoid and leaky ReLU mix is not offered; sigmoid hidden + softmax (3 classes)',
    config: {
      ...DEFAULT_CONFIG,
      dataset: 'spiral-k',
      classes: 3,
      hiddenLayers: [4, 4, 3],
      activation: 'sigmoid',
      output: 'softmax-ce',
    },
    n: 9,
  },
  {
    label: '1 hidden layer of leaky ReLU, linear + mse (regression), 1 example',
    config: {
      ...DEFAULT_CONFIG,
      dataset: 'plane',
      hiddenLayers: [3],
      activation: 'leaky-relu',
      output: 'linear-mse',
    },
    n: 1,
  },
];

// Generous: the machines are shared; the work itself takes milliseconds.
const TIMEOUT_MS = 60_000;

describe(
  'inspectorModel(): every phase shows the engine’s shapes and the frame’s numbers',
  { timeout: TIMEOUT_MS },
  () => {
    for (const { label, config, n } of CASES) {
      describe(label, () => {
        const s = engineStep(config, n);
        const L = s.mlp.layers.length;

        for (const phase of phasesOfStep(L)) {
          const name =
            phase.kind === 'forward' || phase.kind === 'backward'
              ? `${phase.kind} ${phase.layer + 1}`
              : phase.kind;
          it(`${name}: shapes equal the engine's, values are the frame's`, () => {
            const frame = frameAt(s, phase);
            const model = inspectorModel(frame, config);
            expect(model.phase).toEqual(phase);
            expect(model.n).toBe(n);
            expect(model.sizes).toEqual([s.mlp.inputSize, ...s.mlp.layers.map((x) => x.units)]);
            expect(model.equations.length).toBeGreaterThan(0);
            for (const eq of model.equations) {
              expectShapesMatchEngine(s, eq);
              // Every equation of the current phase has its numbers available in that phase's frame.
              expect(eq.matrices.length, `${eq.id} has matrices`).toBeGreaterThan(0);
              for (const m of eq.matrices) expectMatrixMatches(frame, s, m);
            }
          });
        }

        it('forward and backward equations name the seed article’s quantities with their shapes', () => {
          const fwd = inspectorModel(frameAt(s, { kind: 'forward', layer: 0 }), config);
          const d = s.mlp.inputSize;
          const u = s.mlp.layers[0].units;
          expect(fwd.equations[0].text).toBe('Z1 = X · W1 + b1');
          expect(fwd.equations[0].shapeText).toBe(`(${n}×${d})·(${d}×${u}) + (1×${u}) → (${n}×${u})`);
          const back = inspectorModel(frameAt(s, { kind: 'backward', layer: L - 1 }), config);
          const fanIn = s.mlp.layers[L - 1].fanIn;
          const prev = L === 1 ? 'X' : `A${L - 1}`;
          expect(back.equations[0].text).toBe(`dW${L} = ${prev}ᵀ · dZ${L}`);
          expect(back.equations[0].shapeText).toBe(
            `(${fanIn}×${n})·(${n}×${s.mlp.layers[L - 1].units}) → (${fanIn}×${s.mlp.layers[L - 1].units})`,
          );
          expect(back.equations.map((e) => e.id)).toEqual(
            L > 1
              ? [`backward-dW${L}`, `backward-db${L}`, `backward-dA${L - 1}`, `backward-dZ${L - 1}`]
              : ['backward-dW1', 'backward-db1'],
          );
        });

        if (L > 1) {
          it('the activation derivative matrix f′(Z) reproduces the engine’s dZ = dA ⊙ f′(Z)', () => {
            for (let l = L - 1; l >= 1; l--) {
              const model = inspectorModel(frameAt(s, { kind: 'backward', layer: l }), config);
              const eq = model.equations.find((e) => e.id === `backward-dZ${l}`)!;
              const [dA, fprime, dZ] = eq.matrices;
              expect(fprime.name).toBe(`f′(Z${l})`);
              for (let i = 0; i < dZ.values.length; i++) {
                expect(dA.values[i] * fprime.values[i]).toBeCloseTo(s.grads.dZ[l - 1][i], 6);
                // And with the engine's float64 inputs it is exact up to float32 rounding of the inputs.
                expect(
                  Math.abs(s.grads.dA[l - 1][i] * fprime.values[i] - s.grads.dZ[l - 1][i]),
                ).toBeLessThanOrEqual(1e-6 * Math.max(1e-12, Math.abs(s.grads.dZ[l - 1][i])) + 1e-9);
              }
            }
          });
        }

        it('follow one example: the shares of every example add up to the batch gradient', () => {
          const frame = frameAt(s, { kind: 'backward', layer: 0 });
          for (let l = L - 1; l >= 0; l--) {
            const sum = new Float64Array(s.grads.dW[l].length);
            let shares = 0;
            for (let i = 0; i < n; i++) {
              const share = exampleShare(frame, config, l, i)!;
              expect([share.contribution.rows, share.contribution.cols]).toEqual([
                s.mlp.layers[l].fanIn,
                s.mlp.layers[l].units,
              ]);
              for (let k = 0; k < sum.length; k++) sum[k] += share.contribution.values[k];
              shares += share.share;
            }
            for (let k = 0; k < sum.length; k++) expect(sum[k]).toBeCloseTo(s.grads.dW[l][k], 6);
            if (s.grads.dW[l].some((g) => g !== 0)) expect(shares).toBeCloseTo(1, 9);
          }
          expect(exampleShare(frame, config, 0, n)).toBeNull();
        });

        it('update: before → after of a weight are the frame’s numbers', () => {
          const frame = frameAt(s, { kind: 'update' });
          const lastW = s.before.length - 2;
          const u = paramUpdate(frame, config, L - 1, 'W', 0)!;
          expect(u.before).toBe(Math.fround(s.before[lastW][0]));
          expect(u.after).toBe(Math.fround(s.after[lastW][0]));
          expect(u.gradient).toBe(Math.fround(s.grads.dW[L - 1][0]));
          if (config.optimizer === 'sgd') {
            expect(u.after).toBeCloseTo(u.before - config.learningRate * u.effectiveGradient, 6);
            // The arithmetic spelled out: the step by the rule, then before + step = after.
            expect(u.ruleStep).toBeCloseTo(u.delta, 6);
            expect(u.lines.at(-1)).toBe(
              `${u.name} ← ${formatValue(u.before)} + ${u.delta < 0 ? `(${formatValue(u.delta)})` : formatValue(u.delta)} = ${formatValue(u.after)}`,
            );
          }
        });
      });
    }
  },
);

describe('inspectorModel(): the loss phase', () => {
  it('shows the loss formula for the loss kind and the frame’s loss value', () => {
    const config: RunConfig = { ...DEFAULT_CONFIG, hiddenLayers: [3], output: 'sigmoid-bce' };
    const s = engineStep(config, 5);
    const model = inspectorModel(frameAt(s, { kind: 'loss' }), config);
    expect(model.loss?.kind).toBe('bce');
    expect(model.loss?.value).toBe(s.grads.loss);
    expect(model.loss?.tex).toContain('\\log');
    expect(model.equations[1].text).toBe('dZ2 = (ŷ − y) / n');
  });

  it('with a tanh output and squared error, dZ also carries 1 − ŷ²', () => {
    const config: RunConfig = { ...DEFAULT_CONFIG, hiddenLayers: [3], output: 'tanh-mse' };
    const s = engineStep(config, 5);
    const model = inspectorModel(frameAt(s, { kind: 'loss' }), config);
    expect(model.equations[1].text).toBe('dZ2 = (ŷ − y) / n ⊙ (1 − ŷ²)');
  });

  it('the per-example loss terms average to the batch loss as the engine computes it', () => {
    const outputs = [
      { output: 'sigmoid-bce' },
      { output: 'tanh-mse' },
      { output: 'linear-mse', dataset: 'plane' },
      { output: 'softmax-ce', dataset: 'spiral-k', classes: 3 },
    ] as const;
    for (const patch of outputs) {
      const config: RunConfig = { ...DEFAULT_CONFIG, hiddenLayers: [3], ...patch };
      const s = engineStep(config, 8);
      const model = inspectorModel(frameAt(s, { kind: 'loss' }), config);
      const terms = model.equations[0].matrices[2]!;
      expect(terms.values).toHaveLength(8);
      const mean = Array.from(terms.values).reduce((a, b) => a + b, 0) / 8;
      // From the frame's float32 copies of Z and ŷ: equal to float32 precision.
      expect(Math.abs(mean - s.grads.loss)).toBeLessThan(1e-6 * Math.max(1, s.grads.loss));
    }
  });

  it('a confident mistake costs its full loss: no clip of ŷ at 1e-7 (which capped a term at 16.12)', () => {
    // BCE of a logit 40 for a 0 label is 40 (the engine: max(z,0) − z·y + log(1 + e^−|z|)); ŷ rounds to 1.
    const bce = perExampleLossValues('bce', [40, -3], [1, 1 / (1 + Math.exp(3))], [0, 0], 2, 1);
    expect(bce[0]).toBeCloseTo(40, 12);
    expect(bce[0]).toBeGreaterThan(16.2);
    expect(bce[1]).toBeCloseTo(Math.log1p(Math.exp(-3)), 12);
    // Cross-entropy: logsumexp(z) − z_y, also from the logits.
    const ce = perExampleLossValues('cross-entropy', [0, 50, 0], [0, 1, 0], [1, 0, 0], 1, 3);
    expect(ce[0]).toBeCloseTo(50 + Math.log1p(2 * Math.exp(-50)), 10);
    // Mirrors the engine's loss row by row: its mean is the engine's L.
    const Z = Float64Array.from([25, -30, 0.5, 2]);
    const Y = Float64Array.from([0, 1, 1, 0]);
    const A = Z.map((z) => 1 / (1 + Math.exp(-z)));
    const rows = perExampleLossValues('bce', Z, A, Y, 4, 1);
    expect(rows.reduce((a, b) => a + b, 0) / 4).toBeCloseTo(lossFns('bce').loss(Z, A, Y, 4, 1), 12);
  });

  it('with regularization on, the loss says it is the data loss without the penalty', () => {
    const plain: RunConfig = { ...DEFAULT_CONFIG, hiddenLayers: [3] };
    const s = engineStep(plain, 8);
    expect(inspectorModel(frameAt(s, { kind: 'loss' }), plain).loss?.note).toBeNull();
    for (const regularization of ['l1', 'l2'] as const) {
      const config: RunConfig = { ...plain, regularization, regularizationRate: 0.01 };
      const model = inspectorModel(frameAt(s, { kind: 'loss' }), config);
      const note = `data loss; the ${regularization.toUpperCase()} penalty is not included`;
      expect(model.loss?.note).toBe(note);
      expect(model.equations[0].spoken).toContain(`(${note})`);
    }
  });
});

describe('inspectorModel(): at a step boundary', () => {
  it('lists every phase of the step in order with its main equation', () => {
    const config: RunConfig = { ...DEFAULT_CONFIG, hiddenLayers: [4, 2] };
    const s = engineStep(config, 10);
    const model = inspectorModel(frameAt(s, { kind: 'ready' }), config);
    expect(model.equations).toEqual([]);
    expect(model.overview.map((o) => o.label)).toEqual([
      'Forward · layer 1',
      'Forward · layer 2',
      'Forward · layer 3',
      'Loss',
      'Backward · layer 3',
      'Backward · layer 2',
      'Backward · layer 1',
      'Update',
    ]);
    expect(model.overview[4].text).toBe('dW3 = A2ᵀ · dZ3');
    expect(model.overview[4].shapeText).toBe('(2×10)·(10×1) → (2×1)');
  });

  it('before the first batch, sizes the next one from the run’s own training set, not the config’s', () => {
    // A model file's 300 examples, full batch, while the config's datasetSize × trainPercent says 250.
    const config: RunConfig = { ...DEFAULT_CONFIG, hiddenLayers: [4], batchSize: 300 };
    const first = { ...frameAt(engineStep(config, 300), { kind: 'ready' }), batch: null, step: 0 };
    expect(inspectorModel(first, config).n).toBe(250);
    const model = inspectorModel(first, config, 300);
    expect(model.n).toBe(300);
    expect(model.overview[0].shapeText).toBe('(300×2)·(2×4) + (1×4) → (300×4)');
  });
});

describe('formatValue(): display precision', () => {
  it('4 significant digits, true minus, exponent for tiny and huge magnitudes', () => {
    expect(formatValue(0.123456)).toBe('0.1235');
    expect(formatValue(-2.5)).toBe('−2.5');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(1.23456e-5)).toBe('1.235e-5');
    expect(formatValue(-4e-7)).toBe('−4e-7');
    expect(formatValue(123456)).toBe('1.235e5');
    expect(formatValue(Number.NaN)).toBe('NaN');
  });
});

describe('narratePhase(): status words for a screen reader', () => {
  const seed: RunConfig = {
    ...DEFAULT_CONFIG,
    hiddenLayers: [16],
    activation: 'relu',
    optimizer: 'sgd',
    learningRate: 0.1,
  };
  const shapes = layerShapesOf(seed, 4);

  it('backward at the output layer names dW with its shapes, like the issue’s example', () => {
    expect(narratePhase(12, { kind: 'backward', layer: 1 }, shapes)).toBe(
      'Step 12 · Backward · layer 2: dW2 = A1ᵀ · dZ2, (16×4)·(4×1) → (16×1); db2 = sum of the rows of dZ2 → (1×1); ' +
        'dA1 = dZ2 · W2ᵀ → (4×16); dZ1 = dA1 ⊙ f′(Z1) with f′ = 1 where Z1 > 0, else 0 → (4×16)',
    );
  });

  it('forward, loss, first-layer backward, update and ready', () => {
    expect(narratePhase(3, { kind: 'forward', layer: 0 }, shapes)).toBe(
      'Step 3 · Forward · layer 1: Z1 = X · W1 + b1, (4×2)·(2×16) + (1×16) → (4×16); A1 = ReLU(Z1)',
    );
    expect(narratePhase(3, { kind: 'forward', layer: 1 }, shapes)).toBe(
      'Step 3 · Forward · layer 2: Z2 = A1 · W2 + b2, (4×16)·(16×1) + (1×1) → (4×1); ŷ = sigmoid(Z2)',
    );
    expect(narratePhase(3, { kind: 'loss' }, { ...shapes, lossValue: 0.693147 })).toBe(
      'Step 3 · Loss: binary cross-entropy = 0.6931; dZ2 = (ŷ − y) / n, (4×1)',
    );
    expect(narratePhase(3, { kind: 'backward', layer: 0 }, shapes)).toBe(
      'Step 3 · Backward · layer 1: dW1 = Xᵀ · dZ1, (2×4)·(4×16) → (2×16); db1 = sum of the rows of dZ1 → (1×16)',
    );
    expect(narratePhase(3, { kind: 'update' }, shapes)).toBe(
      'Step 3 · Update: W ← W − α · dW for every layer, α = 0.1',
    );
    expect(narratePhase(4, { kind: 'ready' }, shapes)).toBe('Step 4');
  });

  it('a phase outside the network (stale frame) still narrates without equations', () => {
    expect(narratePhase(5, { kind: 'forward', layer: 7 }, shapes)).toBe('Step 5 · Forward · layer 8');
  });

  it('narratedStep(): the step in progress mid-step, the completed count at a boundary', () => {
    expect(narratedStep({ step: 11, phase: { kind: 'forward', layer: 0 } })).toBe(12);
    expect(narratedStep({ step: 11, phase: { kind: 'backward', layer: 0 } })).toBe(12);
    expect(narratedStep({ step: 12, phase: { kind: 'update' } })).toBe(12);
    expect(narratedStep({ step: 12, phase: { kind: 'ready' } })).toBe(12);
  });
});
