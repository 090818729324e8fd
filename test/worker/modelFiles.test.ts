import { describe, expect, it, vi } from 'vitest';
import { MAZUR_MODEL } from '../../src/app/presets';
import { DEFAULT_CONFIG, type RunConfig } from '../../src/model/config';
import { parseModelFile } from '../../src/model/files/modelFile';
import { createWorkerState, handleMessage, type WorkerState } from '../../src/worker/handlers';
import type { Frame, FromWorker } from '../../src/worker/protocol';

vi.setConfig({ testTimeout: 60_000 });

function ofType<T extends FromWorker['type']>(replies: FromWorker[], type: T) {
  return replies.filter((r): r is Extract<FromWorker, { type: T }> => r.type === type);
}

function started(config: RunConfig): WorkerState {
  const state = createWorkerState({ now: () => 0 });
  expect(ofType(handleMessage(state, { type: 'init', config }), 'error')).toEqual([]);
  return state;
}

function exportText(state: WorkerState): string {
  const [reply] = ofType(handleMessage(state, { type: 'export-model', requestId: 7 }), 'model');
  expect(reply.requestId).toBe(7);
  return reply.text;
}

function load(state: WorkerState, text: string): FromWorker[] {
  return handleMessage(state, { type: 'load-model', text });
}

function frame(state: WorkerState): Frame {
  const [reply] = ofType(handleMessage(state, { type: 'request-frame', grid: null }), 'frame');
  return reply.frame;
}

/** The parameters after each of `steps` whole steps, and each step's loss. */
function trajectory(state: WorkerState, steps: number): { params: number[][]; losses: number[] } {
  const run = state.run!;
  const params: number[][] = [];
  for (let s = 0; s < steps; s++) {
    run.trainSteps(1);
    params.push(run.parameters().flatMap((p) => Array.from(p)));
  }
  const history = run.buildFrame({ grid: null, playing: false, speed: 'max', seq: 1 }).history;
  return { params, losses: Array.from(history.batchLoss.slice(-steps)) };
}

const SETTINGS: [string, Partial<RunConfig>][] = [
  ['the default config', {}],
  [
    'Adam, L2, batch 16',
    { optimizer: 'adam', regularization: 'l2', regularizationRate: 0.01, batchSize: 16 },
  ],
  [
    'momentum, 3 classes, sin features',
    {
      dataset: 'spiral-k',
      classes: 3,
      output: 'softmax-ce',
      optimizer: 'momentum',
      features: ['x1', 'x2', 'sinX1'],
    },
  ],
  [
    'regression, L1, full batch',
    { dataset: 'plane', output: 'linear-mse', regularization: 'l1', batchSize: 500 },
  ],
];

describe('export-model → load-model', () => {
  it.each(SETTINGS)('continues bit for bit for 100 steps: %s', (_name, patch) => {
    const original = started({ ...DEFAULT_CONFIG, datasetSize: 200, ...patch });
    original.run!.trainSteps(37);
    const text = exportText(original);

    const copy = createWorkerState({ now: () => 0 });
    const replies = load(copy, text);
    expect(ofType(replies, 'error')).toEqual([]);
    expect(copy.run!.step).toBe(37);
    const first = frame(copy);
    expect(first.step).toBe(37);
    expect(first.config).toMatchObject({ ...patch, hiddenLayers: DEFAULT_CONFIG.hiddenLayers });

    const a = trajectory(original, 100);
    const b = trajectory(copy, 100);
    expect(b.params).toEqual(a.params);
    expect(b.losses).toEqual(a.losses);
    // The re-export of the loaded run is the same file, step and all.
    expect(exportText(copy).replace(/"step": \d+/, '')).toBe(exportText(original).replace(/"step": \d+/, ''));
  });

  it('exports mid-step as the start of that step', () => {
    const state = started({ ...DEFAULT_CONFIG, datasetSize: 100 });
    state.run!.trainSteps(5);
    const atBoundary = exportText(state);
    handleMessage(state, { type: 'step-layer' });
    handleMessage(state, { type: 'step-layer' });
    expect(exportText(state)).toBe(atBoundary);
  });
});

describe('load-model: Mazur’s worked example', () => {
  it('runs 2-2-2 sigmoid with squared error on one example: E = 0.298371109 at the loss phase', () => {
    const state = createWorkerState({ now: () => 0 });
    expect(ofType(load(state, JSON.stringify(MAZUR_MODEL)), 'error')).toEqual([]);
    const start = frame(state);
    expect(start.config).toMatchObject({
      features: ['x1', 'x2'],
      hiddenLayers: [2],
      activation: 'sigmoid',
      output: 'sigmoid-mse',
      learningRate: 0.5,
      optimizer: 'sgd',
      batchSize: 1,
    });
    expect(start.dataset?.model).toMatchObject({ outputs: 2, classes: 0, pointSet: false, count: 1 });
    for (let i = 0; i < 3; i++) handleMessage(state, { type: 'step-layer' });
    const loss = frame(state);
    expect(loss.phase).toEqual({ kind: 'loss' });
    expect(loss.batch!.loss!.toFixed(9)).toBe('0.298371109');
    // After one update the article's w5 (W2[0][0]) is 0.35891648.
    handleMessage(state, { type: 'step' });
    expect(state.run!.mlp.layers[1].W[0].toFixed(8)).toBe('0.35891648');
  });
});

describe('load-model refuses hostile files and leaves the run as it was', () => {
  const mazur = (edit: (doc: Record<string, unknown> & typeof MAZUR_MODEL) => void): string => {
    const doc = structuredClone(MAZUR_MODEL) as Record<string, unknown> & typeof MAZUR_MODEL;
    edit(doc);
    return JSON.stringify(doc);
  };
  const cases: [string, string, RegExp][] = [
    ['truncated', JSON.stringify(MAZUR_MODEL).slice(0, 120), /not valid JSON/],
    [
      'wrong shapes',
      mazur((doc) => {
        (doc.layers as { W: number[][] }[])[1].W = [[0.4, 0.5]];
      }),
      /layers\[1\]\.W is 1×2 but layer 0 has 2 units/,
    ],
    ['NaN', JSON.stringify(MAZUR_MODEL).replace('0.15', 'NaN'), /not valid JSON/],
    [
      'a null weight',
      JSON.stringify(MAZUR_MODEL).replace('0.15', 'null'),
      /layers\[0\]\.W\[0\]\[0\] is not a finite number/,
    ],
    [
      '10⁶ units',
      mazur((doc) => {
        const units = 1_000_000;
        (doc.layers as unknown[])[0] = {
          activation: 'sigmoid',
          W: [new Array(units).fill(0), new Array(units).fill(0)],
          b: new Array(units).fill(0),
        };
        (doc.layers as unknown[])[1] = { activation: 'sigmoid', W: new Array(units).fill([0, 0]), b: [0, 0] };
      }),
      /more than the 4,000,000 a model file may hold/,
    ],
    [
      '300 units (over the app’s limit)',
      mazur((doc) => {
        const units = 300;
        (doc.layers as unknown[])[0] = {
          activation: 'sigmoid',
          W: [new Array(units).fill(0), new Array(units).fill(0)],
          b: new Array(units).fill(0),
        };
        (doc.layers as unknown[])[1] = {
          activation: 'sigmoid',
          W: new Array(units).fill([0, 0]),
          b: [0, 0],
        };
      }),
      /layers\[0\] has 300 units; the app runs at most 256/,
    ],
    [
      'an unknown activation',
      mazur((doc) => {
        (doc.layers as { activation: string }[])[0].activation = 'swish';
      }),
      /layers\[0\]\.activation must be one of/,
    ],
    [
      'a relu output with squared error',
      mazur((doc) => {
        (doc.layers as { activation: string }[])[1].activation = 'relu';
      }),
      /with squared error the app runs a sigmoid, tanh or linear output/,
    ],
    [
      'a 50 MB file',
      `{"pad": "${'x'.repeat(50_000_000)}"}`,
      /the file is 50 MB; model files are limited to 20 MB/,
    ],
    ['not a model file', '{"format": "something/else"}', /not a Backprop Lab model file/],
  ];

  it.each(cases)('%s: one clear error, nothing changed', (_name, text, message) => {
    const state = started({ ...DEFAULT_CONFIG, datasetSize: 100 });
    state.run!.trainSteps(12);
    const run = state.run;
    const runId = state.runId;
    const before = exportText(state);
    const replies = load(state, text);
    expect(replies).toHaveLength(1);
    expect(replies[0].type).toBe('error');
    const error = (replies[0] as { message: string }).message;
    expect(error).toMatch(/^Import model: /);
    expect(error).toMatch(message);
    expect(state.run).toBe(run);
    expect(state.runId).toBe(runId);
    expect(exportText(state)).toBe(before);
  });

  it('ignores unknown fields (a newer writer may add some): the file still loads', () => {
    const state = createWorkerState({ now: () => 0 });
    const text = mazur((doc) => {
      doc.comment = 'from a newer writer';
      (doc.layers as Record<string, unknown>[])[0].dropout = 0.5;
    });
    expect(ofType(load(state, text), 'error')).toEqual([]);
    expect(parseModelFile(exportText(state)).ok).toBe(true);
  });
});
