import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBatcher,
  createMLP,
  createOptimizer,
  createRng,
  gatherRows,
  type Activation,
  type FeatureId,
  type LossKind,
  type OptimizerKind,
  type RegularizationKind,
} from '../../../src/engine';
import {
  layersFromMLP,
  optimizerStateToModel,
  serializeModelFile,
  toMatrix,
} from '../../../src/model/files/modelConvert';
import { parseModelFile, type ModelDocument } from '../../../src/model/files/modelFile';
import { numpyCode, pythonFloat, upcomingBatches } from '../../../src/model/files/numpyExport';
import { hasNumpy, runPythonFiles } from './python';

interface Combo {
  hidden: Activation[];
  output: Activation;
  outputUnits: number;
  loss: LossKind;
  optimizer: OptimizerKind;
  regularization: RegularizationKind;
  batchSize: number;
}

// Every hidden activation, every output activation the engine allows, every loss, optimizer and
// regularization, batch sizes that leave a remainder batch, and full batches.
const GRID: Combo[] = [
  {
    hidden: ['relu'],
    output: 'sigmoid',
    outputUnits: 1,
    loss: 'bce',
    optimizer: 'sgd',
    regularization: 'none',
    batchSize: 8,
  },
  {
    hidden: ['leaky-relu'],
    output: 'sigmoid',
    outputUnits: 1,
    loss: 'bce',
    optimizer: 'momentum',
    regularization: 'l2',
    batchSize: 7,
  },
  {
    hidden: ['tanh'],
    output: 'softmax',
    outputUnits: 3,
    loss: 'cross-entropy',
    optimizer: 'adam',
    regularization: 'l1',
    batchSize: 10,
  },
  {
    hidden: ['sigmoid'],
    output: 'linear',
    outputUnits: 1,
    loss: 'mse',
    optimizer: 'sgd',
    regularization: 'l1',
    batchSize: 30,
  },
  {
    hidden: ['linear'],
    output: 'tanh',
    outputUnits: 1,
    loss: 'mse',
    optimizer: 'momentum',
    regularization: 'none',
    batchSize: 4,
  },
  {
    hidden: ['tanh'],
    output: 'sigmoid',
    outputUnits: 1,
    loss: 'mse',
    optimizer: 'adam',
    regularization: 'l2',
    batchSize: 9,
  },
  {
    hidden: ['relu', 'tanh'],
    output: 'softmax',
    outputUnits: 3,
    loss: 'cross-entropy',
    optimizer: 'momentum',
    regularization: 'l1',
    batchSize: 6,
  },
  {
    hidden: ['leaky-relu'],
    output: 'linear',
    outputUnits: 2,
    loss: 'mse',
    optimizer: 'adam',
    regularization: 'none',
    batchSize: 5,
  },
  {
    hidden: ['tanh', 'tanh'],
    output: 'sigmoid',
    outputUnits: 1,
    loss: 'bce',
    optimizer: 'adam',
    regularization: 'l1',
    batchSize: 11,
  },
  {
    hidden: ['sigmoid'],
    output: 'softmax',
    outputUnits: 2,
    loss: 'cross-entropy',
    optimizer: 'sgd',
    regularization: 'l2',
    batchSize: 1,
  },
  {
    hidden: ['relu'],
    output: 'leaky-relu',
    outputUnits: 1,
    loss: 'mse',
    optimizer: 'sgd',
    regularization: 'none',
    batchSize: 8,
  },
  {
    hidden: ['leaky-relu'],
    output: 'relu',
    outputUnits: 1,
    loss: 'mse',
    optimizer: 'momentum',
    regularization: 'l2',
    batchSize: 12,
  },
  {
    hidden: [],
    output: 'sigmoid',
    outputUnits: 1,
    loss: 'bce',
    optimizer: 'adam',
    regularization: 'l2',
    batchSize: 30,
  },
  {
    hidden: ['linear', 'sigmoid'],
    output: 'linear',
    outputUnits: 1,
    loss: 'mse',
    optimizer: 'adam',
    regularization: 'l1',
    batchSize: 16,
  },
];

const EXAMPLES = 30;
const WARMUP_STEPS = 5;
const EXPORTED_STEPS = 100;
const INPUTS: FeatureId[] = ['x1', 'x2', 'x1TimesX2'];

function describeCombo(c: Combo): string {
  const net = [...c.hidden, c.output].join('→');
  return `${net} ${c.loss} ${c.optimizer} ${c.regularization} batch ${c.batchSize}`;
}

/** Targets each output/loss can fit: classes by quadrant, or a smooth function scaled into range. */
function makeData(c: Combo, seed: number): { X: Float64Array; Y: Float64Array } {
  const rng = createRng(seed);
  const X = new Float64Array(EXAMPLES * INPUTS.length);
  const Y = new Float64Array(EXAMPLES * c.outputUnits);
  for (let i = 0; i < EXAMPLES; i++) {
    const x1 = 2 * rng.next() - 1;
    const x2 = 2 * rng.next() - 1;
    X.set([x1, x2, x1 * x2], i * INPUTS.length);
    for (let k = 0; k < c.outputUnits; k++) {
      let y: number;
      if (c.loss === 'cross-entropy') {
        const cls = (x1 > 0 ? 1 : 0) + (x2 > 0 ? 1 : 0);
        y = cls % c.outputUnits === k ? 1 : 0;
      } else if (c.loss === 'bce') {
        y = x1 * x2 > 0 ? 1 : 0;
      } else {
        const smooth = Math.sin(2 * x1 + k) * 0.5 + 0.3 * x2;
        y = c.output === 'sigmoid' ? 0.5 + 0.4 * smooth : c.output === 'relu' ? Math.abs(smooth) : smooth;
      }
      Y[i * c.outputUnits + k] = y;
    }
  }
  return { X, Y };
}

/**
 * Trains the engine for WARMUP_STEPS, exports the model file and the NumPy program, then trains
 * EXPORTED_STEPS more in TS, recording each step's data loss as the app does (before the update).
 */
function runCombo(
  c: Combo,
  seed: number,
): { code: string; losses: number[]; batches: number[][]; drawn: number[][] } {
  const { X, Y } = makeData(c, seed);
  const mlp = createMLP({
    inputSize: INPUTS.length,
    layers: [
      ...c.hidden.map((activation) => ({ units: 5, activation })),
      { units: c.outputUnits, activation: c.output },
    ],
    loss: c.loss,
    init: 'xavier',
    seed,
  });
  const settings = {
    learningRate: c.optimizer === 'adam' ? 0.02 : 0.1,
    beta: 0.8,
    beta1: 0.85,
    beta2: 0.99,
    regularizationRate: c.regularization === 'none' ? 0 : 0.003,
  };
  const optimizer = createOptimizer({ kind: c.optimizer, regularization: c.regularization, ...settings });
  const batchRng = createRng(seed + 1000);
  const batcher = createBatcher(EXAMPLES, c.batchSize, batchRng);
  const Xb = new Float64Array(EXAMPLES * INPUTS.length);
  const Yb = new Float64Array(EXAMPLES * c.outputUnits);
  const drawn: number[][] = [];
  const step = (): number => {
    const { indices } = batcher.next();
    drawn.push(Array.from(indices));
    const n = indices.length;
    const pass = mlp.forward(gatherRows(X, INPUTS.length, indices, Xb), n);
    const grads = mlp.backward(pass, gatherRows(Y, c.outputUnits, indices, Yb));
    optimizer.step(mlp, grads);
    return grads.loss;
  };
  for (let s = 0; s < WARMUP_STEPS; s++) step();
  drawn.length = 0;

  const batcherState = batcher.getState();
  const doc: ModelDocument = {
    format: 'backprop-lab/model',
    version: 1,
    inputs: INPUTS,
    layers: layersFromMLP(mlp),
    loss: c.loss,
    data: { train: { X: toMatrix(X, EXAMPLES, INPUTS.length), Y: toMatrix(Y, EXAMPLES, c.outputUnits) } },
    seed,
    step: WARMUP_STEPS,
    training: {
      optimizer: c.optimizer,
      batchSize: c.batchSize,
      regularization: c.regularization,
      ...settings,
      state: optimizerStateToModel(optimizer.getState(), mlp),
      batchOrder: {
        permutation: Array.from(batcherState.permutation),
        position: batcherState.position,
        epoch: batcherState.epoch,
        rng: [...batchRng.getState()],
      },
    },
  };
  // Through the file format, as the app would: what numpyCode sees is what a user's file holds.
  const parsed = parseModelFile(serializeModelFile(doc));
  if (!parsed.ok) throw new Error(parsed.error);
  const order = parsed.model.training!.batchOrder!;
  const batches = upcomingBatches(order, c.batchSize, EXPORTED_STEPS);
  const code = numpyCode({ model: parsed.model, batches });

  const losses = Array.from({ length: EXPORTED_STEPS }, step);
  return { code, losses, batches, drawn };
}

/** A 2-1 network with one example, for the refusals. */
function tinyModel(): ModelDocument {
  return {
    format: 'backprop-lab/model',
    version: 1,
    inputs: ['x1', 'x2'],
    layers: [{ activation: 'sigmoid', W: [[0.5], [-0.5]], b: [0] }],
    loss: 'bce',
    data: { train: { X: [[1, 2]], Y: [[1]] } },
    training: { optimizer: 'sgd', learningRate: 0.1 },
  };
}

const inCI = Boolean(process.env.CI);
if (!hasNumpy && !inCI) {
  console.warn('numpyExport.test: python3 with NumPy is not available; skipping the Python runs');
}

describe('numpyCode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'backprop-lab-numpy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const runs = GRID.map((combo, i) => ({
    combo,
    ...runCombo(combo, 11 + i),
    file: join(dir, `export_${i}.py`),
  }));
  let outputs: string[] = [];
  let worstRelativeError = 0;

  beforeAll(() => {
    if (!hasNumpy) return;
    for (const run of runs) writeFileSync(run.file, run.code);
    outputs = runPythonFiles(runs.map((r) => r.file));
  });

  afterAll(() => {
    if (hasNumpy) {
      console.info(
        `numpyExport: worst relative loss error over the grid ${worstRelativeError.toExponential(2)}`,
      );
    }
  });

  it.skipIf(!hasNumpy && !inCI).each(runs.map((run, i) => [describeCombo(run.combo), i] as const))(
    'the exported program prints the engine’s next 100 losses to 1e-9 relative: %s',
    (_name, i) => {
      if (!hasNumpy) throw new Error('python3 with NumPy is required in CI for the NumPy export test');
      const { losses, batches, drawn } = runs[i];
      expect(batches).toEqual(drawn); // upcomingBatches replays the engine's batcher exactly
      const lines = outputs[i].trim().split('\n');
      expect(lines).toHaveLength(EXPORTED_STEPS);
      lines.forEach((line, s) => {
        const match = /^step (\d+) loss (\S+)$/.exec(line);
        expect(match, line).not.toBeNull();
        expect(Number(match![1])).toBe(WARMUP_STEPS + 1 + s);
        const python = Number(match![2]);
        const engine = losses[s];
        const relative = Math.abs(python - engine) / Math.max(Math.abs(engine), Number.MIN_VALUE);
        worstRelativeError = Math.max(worstRelativeError, relative);
        expect(relative, `step ${WARMUP_STEPS + 1 + s}: python ${python}, engine ${engine}`).toBeLessThan(
          1e-9,
        );
      });
      // Training moved: the comparison is of a trajectory, not of one repeated number.
      expect(losses[EXPORTED_STEPS - 1]).not.toBe(losses[0]);
    },
  );

  it.skipIf(!hasNumpy && !inCI)('an exported file runs on its own as `python3 file.py`', () => {
    if (!hasNumpy) throw new Error('python3 with NumPy is required in CI for the NumPy export test');
    const out = execFileSync('python3', [runs[0].file], { encoding: 'utf8', timeout: 60_000 });
    expect(out).toBe(outputs[0]);
  });

  it('embeds the weights as float literals Python reads back to the same doubles', () => {
    expect(pythonFloat(1)).toBe('1.0');
    expect(pythonFloat(-0)).toBe('-0.0');
    expect(pythonFloat(0.1)).toBe('0.1');
    expect(pythonFloat(1e-7)).toBe('1e-7');
    expect(pythonFloat(1e21)).toBe('1e+21');
    expect(pythonFloat(-2.5e-300)).toBe('-2.5e-300');
    expect(() => pythonFloat(NaN)).toThrow(/not a finite number/);
  });

  it('refuses a model without a learning rate, and batches that index outside the training data', () => {
    const { model } = parseModelFile(serializeModelFile(tinyModel())) as { ok: true; model: ModelDocument };
    expect(() => numpyCode({ model: { ...model, training: {} }, batches: [[0]] })).toThrow(
      /no training\.learningRate/,
    );
    expect(() => numpyCode({ model, batches: [[0], [1]] })).toThrow(/batch 1 has indices outside 0 … 0/);
    expect(numpyCode({ model, batches: [[0], [0]] })).toContain('BATCHES = [\n    [0],\n    [0],\n]');
  });

  it('upcomingBatches refuses to guess a new epoch’s shuffle without the rng state', () => {
    const order = { permutation: [2, 0, 1], position: 2, epoch: 0 };
    expect(upcomingBatches(order, 1, 1)).toEqual([[1]]);
    expect(() => upcomingBatches(order, 1, 2)).toThrow(/step 2 starts epoch 1/);
  });
});
