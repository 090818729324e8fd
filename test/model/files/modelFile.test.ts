import { describe, expect, it } from 'vitest';
import { createMLP, createOptimizer } from '../../../src/engine';
import {
  flattenMatrix,
  layersFromMLP,
  mlpFromModel,
  optimizerStateFromModel,
  optimizerStateToModel,
  serializeModelFile,
} from '../../../src/model/files/modelConvert';
import { MAX_MODEL_FILE_CHARS, parseModelFile, type ModelDocument } from '../../../src/model/files/modelFile';

/** Matt Mazur's "A Step by Step Backpropagation Example": 2-2-2, sigmoid everywhere, squared error. */
const MAZUR = {
  format: 'backprop-lab/model',
  version: 1,
  inputs: ['x1', 'x2'],
  layers: [
    {
      activation: 'sigmoid',
      W: [
        [0.15, 0.25],
        [0.2, 0.3],
      ],
      b: [0.35, 0.35],
    },
    {
      activation: 'sigmoid',
      W: [
        [0.4, 0.5],
        [0.45, 0.55],
      ],
      b: [0.6, 0.6],
    },
  ],
  loss: 'mse',
  data: { train: { X: [[0.05, 0.1]], Y: [[0.01, 0.99]] } },
  training: { optimizer: 'sgd', learningRate: 0.5, batchSize: 1 },
};

function parseOk(value: unknown): ModelDocument {
  const result = parseModelFile(JSON.stringify(value));
  if (!result.ok) throw new Error(`expected a model, got: ${result.error}`);
  return result.model;
}

function parseError(text: string): string {
  const result = parseModelFile(text);
  if (result.ok) throw new Error('expected a refusal, got a model');
  return result.error;
}

/** MAZUR with `edit` applied to a deep copy. */
function mazurWith(edit: (doc: typeof MAZUR & Record<string, unknown>) => void): string {
  const doc = structuredClone(MAZUR) as typeof MAZUR & Record<string, unknown>;
  edit(doc);
  return JSON.stringify(doc);
}

describe('parseModelFile: the Mazur example', () => {
  it('parses, and the engine MLP built from it reproduces E_total = 0.298371109 and his gradients', () => {
    const doc = parseOk(MAZUR);
    const mlp = mlpFromModel(doc);
    const X = flattenMatrix(doc.data.train.X);
    const Y = flattenMatrix(doc.data.train.Y);
    const pass = mlp.forward(X, 1);
    // Mazur's out_o1 and out_o2.
    expect(pass.A[1][0]).toBeCloseTo(0.75136507, 8);
    expect(pass.A[1][1]).toBeCloseTo(0.772928465, 8);
    const grads = mlp.backward(pass, Y);
    // The engine's mse is Σ(ŷ − y)²/(2n): with n = 1 that is Mazur's E_total = Σ ½(target − out)².
    expect(Math.abs(grads.loss - 0.298371109)).toBeLessThan(1e-9);
    // ∂E/∂w5 (h1 → o1) is dW[1][0][0]; ∂E/∂w1 (i1 → h1) is dW[0][0][0]. W is fanIn × units, row-major.
    expect(Math.abs(grads.dW[1][0] - 0.082167041)).toBeLessThan(1e-9);
    expect(Math.abs(grads.dW[0][0] - 0.000438568)).toBeLessThan(1e-9);
  });

  it('keeps the training settings and ignores unknown fields at every level', () => {
    const doc = parseOk({
      ...MAZUR,
      comment: 'from a newer writer',
      layers: MAZUR.layers.map((l) => ({ ...l, dropout: 0.5 })),
      training: { ...MAZUR.training, warmup: 10 },
    });
    expect(doc.training).toEqual({ optimizer: 'sgd', learningRate: 0.5, batchSize: 1 });
    expect(doc.layers[0]).toEqual(MAZUR.layers[0]);
    expect(doc).not.toHaveProperty('comment');
  });

  it('names every field it ignored, by path, so the page can say so', () => {
    const result = parseModelFile(
      JSON.stringify({
        ...MAZUR,
        comment: 'from a newer writer',
        layers: MAZUR.layers.map((l, i) => (i === 1 ? { ...l, dropout: 0.5 } : l)),
        data: { train: { ...MAZUR.data.train, weights: [1] } },
        training: { ...MAZUR.training, warmup: 10 },
        app: { anything: 'goes' },
      }),
    );
    expect(result.ok && result.ignored).toEqual([
      'comment',
      'layers[1].dropout',
      'data.train.weights',
      'training.warmup',
    ]);
    const plain = parseModelFile(JSON.stringify(MAZUR));
    expect(plain.ok && plain.ignored).toEqual([]);
  });
});

describe('serializeModelFile', () => {
  it('round-trips a trained network exactly, with Adam state, batch order, test data and app settings', () => {
    const mlp = createMLP({
      inputSize: 3,
      layers: [
        { units: 4, activation: 'tanh' },
        { units: 3, activation: 'softmax' },
      ],
      loss: 'cross-entropy',
      init: 'xavier',
      seed: 3,
    });
    const optimizer = createOptimizer({ kind: 'adam', learningRate: 0.01 });
    const X = Float64Array.from([0.1, -2, 1 / 3, Math.PI, 1e-300, -7.5e12]);
    const Y = Float64Array.from([1, 0, 0, 0, 0, 1]);
    optimizer.step(mlp, mlp.backward(mlp.forward(X, 2), Y));
    const doc: ModelDocument = {
      format: 'backprop-lab/model',
      version: 1,
      inputs: ['x1', 'x2', 'sinX1'],
      layers: layersFromMLP(mlp),
      loss: 'cross-entropy',
      data: {
        train: {
          X: [
            [0.1, -2, 1 / 3],
            [Math.PI, 1e-300, -7.5e12],
          ],
          Y: [
            [1, 0, 0],
            [0, 0, 1],
          ],
        },
        test: { X: [[0.5, 0.25, -1]], Y: [[0, 1, 0]] },
      },
      seed: 3,
      step: 1,
      training: {
        optimizer: 'adam',
        learningRate: 0.01,
        batchSize: 2,
        beta1: 0.9,
        beta2: 0.999,
        regularization: 'l2',
        regularizationRate: 0.001,
        state: optimizerStateToModel(optimizer.getState(), mlp),
        batchOrder: { permutation: [1, 0], position: 2, epoch: 0, rng: [1, 2, 3, 4294967295] },
      },
      app: { problem: 'spiral', noise: 0.1 },
    };
    const text = serializeModelFile(doc);
    const back = parseModelFile(text);
    expect(back).toEqual({ ok: true, model: doc, ignored: [] });
    // The state converts back to exactly the engine's.
    const state = optimizerStateFromModel(doc.training!.state!, 'adam');
    expect(state).toEqual(optimizer.getState());
    // Rows of a matrix print on one line each.
    expect(text).toContain('[0.1,-2,0.3333333333333333]');
  });
});

describe('parseModelFile refuses hostile or broken files with a message naming the field', () => {
  it('truncated JSON', () => {
    expect(parseError(JSON.stringify(MAZUR).slice(0, 100))).toMatch(/^not valid JSON/);
  });

  it('an unknown format or version', () => {
    expect(parseError(mazurWith((d) => (d.format = 'keras')))).toMatch(
      /format must be "backprop-lab\/model"/,
    );
    expect(parseError(mazurWith((d) => (d.version = 2)))).toMatch(/version number 2 is not supported/);
  });

  it('a W whose rows do not match the previous layer', () => {
    const error = parseError(
      mazurWith((d) => {
        d.layers[1].W = [
          [0.4, 0.5],
          [0.45, 0.55],
          [0.1, 0.2],
        ];
      }),
    );
    expect(error).toBe('layers[1].W is 3×2 but layer 0 has 2 units');
    expect(parseError(mazurWith((d) => (d.layers[0].W = [[0.15, 0.25]])))).toBe(
      'layers[0].W is 1×2 but there are 2 inputs',
    );
  });

  it('targets with the wrong number of columns', () => {
    expect(parseError(mazurWith((d) => (d.data.train.Y = [[0.01]])))).toBe(
      'data.train.Y has 1 columns but the output layer has 2 units',
    );
  });

  it('a bias vector of the wrong length', () => {
    expect(parseError(mazurWith((d) => (d.layers[0].b = [0.35])))).toBe(
      'layers[0].b has 1 entries but layers[0].W has 2 columns (units)',
    );
  });

  it('NaN written as a string, and null', () => {
    const error = parseError(mazurWith((d) => ((d.layers[0].W[1] as unknown[])[0] = 'NaN')));
    expect(error).toBe('layers[0].W[1][0] is not a finite number (got the string "NaN")');
    expect(parseError(mazurWith((d) => ((d.layers[1].b as unknown[])[1] = null)))).toBe(
      'layers[1].b[1] is not a finite number (got null)',
    );
  });

  it('ragged rows', () => {
    expect(parseError(mazurWith((d) => (d.data.train.X = [[0.05, 0.1], [0.2]])))).toBe(
      'data.train.X[1] has 1 entries but data.train.X[0] has 2 (ragged rows)',
    );
  });

  it('a layer of 10⁶ units: over the parameter limit, refused before its numbers are read', () => {
    const units = 1_000_000;
    const row = new Array<number>(units).fill(0);
    const text = mazurWith((d) => {
      d.layers[0] = { activation: 'sigmoid', W: [row, row], b: row };
      d.layers[1].W = Array.from({ length: units }, () => [0, 0]);
    });
    expect(text.length).toBeLessThan(MAX_MODEL_FILE_CHARS);
    const start = performance.now();
    expect(parseError(text)).toBe(
      'layers[0 … 1] have 5,000,002 weights and biases, more than the 4,000,000 a model file may hold',
    );
    expect(performance.now() - start).toBeLessThan(5_000);
  });

  it('a 50 MB string is refused by its length, without parsing', () => {
    const text = ' '.repeat(50_000_000);
    const start = performance.now();
    expect(parseError(text)).toBe('the file is 50 MB; model files are limited to 20 MB');
    expect(performance.now() - start).toBeLessThan(100);
  });

  it('a loss the output layer cannot be trained with', () => {
    expect(parseError(mazurWith((d) => (d.loss = 'cross-entropy')))).toBe(
      'loss "cross-entropy" needs an output activation in {softmax}, but layers[1] (the output layer) is sigmoid',
    );
    const bceWithTanh = mazurWith((d) => {
      d.layers[1].activation = 'tanh';
      d.loss = 'bce';
    });
    expect(parseError(bceWithTanh)).toBe(
      'loss "bce" needs an output activation in {sigmoid}, but layers[1] (the output layer) is tanh',
    );
    expect(parseError(mazurWith((d) => (d.layers[0].activation = 'softmax')))).toBe(
      'layers[0].activation is softmax, which is only allowed in the output layer',
    );
  });

  it('unknown inputs, activations and optimizers list what is accepted', () => {
    expect(parseError(mazurWith((d) => (d.inputs = ['x1', 'cosX1'])))).toMatch(
      /^inputs\[1\] is the string "cosX1", not a feature id \(x1, x2, x1Squared/,
    );
    expect(parseError(mazurWith((d) => (d.layers[0].activation = 'gelu')))).toBe(
      'layers[0].activation must be one of relu, leaky-relu, tanh, sigmoid, linear, softmax, got the string "gelu"',
    );
    expect(parseError(mazurWith((d) => (d.training.optimizer = 'rmsprop')))).toMatch(
      /^training\.optimizer must be one of sgd, momentum, adam/,
    );
  });

  it('optimizer state that does not match the layers, and a batch order that is not a permutation', () => {
    const state = {
      t: 1,
      layers: [
        {
          velocity: {
            W: [
              [0, 0],
              [0, 0],
            ],
            b: [0, 0],
          },
        },
        { velocity: { W: [[0, 0]], b: [0, 0] } },
      ],
    };
    expect(
      parseError(mazurWith((d) => (d.training = { ...d.training, optimizer: 'momentum', state } as never))),
    ).toBe('training.state.layers[1].velocity.W has 1 rows but layers[1].W has 2');
    const batchOrder = { permutation: [1], position: 0, epoch: 0 };
    expect(parseError(mazurWith((d) => (d.training = { ...d.training, batchOrder } as never)))).toBe(
      'training.batchOrder.permutation[0] is 1: not a permutation of 0 … 0',
    );
  });

  it('never throws, whatever JSON value it is given', () => {
    for (const text of ['null', '[]', '"model"', '42', '{}', '{"format":"backprop-lab/model","version":1}']) {
      const result = parseModelFile(text);
      expect(result.ok).toBe(false);
    }
    expect(parseError('{"format":"backprop-lab/model","version":1}')).toBe(
      'inputs must be a non-empty array of feature ids, got nothing',
    );
  });
});
