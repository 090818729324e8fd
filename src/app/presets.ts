/**
 * One-click starting points (issue 5, "Presets"). Each is a complete config, so applying one is the
 * same as opening its link (`presetHash`), and each passes sanitizeConfig unchanged (tested).
 */
import { DEFAULT_CONFIG, trainCountOf, type RunConfig } from '../model/config';
import { cs231nSpiralModel } from './cs231nSpiral';
import { formatHash } from './urlState';

export interface Preset {
  id: string;
  /** The menu's words. */
  title: string;
  /** One sentence: what to watch for. */
  description: string;
  config: RunConfig;
}

function preset(id: string, title: string, description: string, patch: Partial<RunConfig>): Preset {
  return { id, title, description, config: { ...DEFAULT_CONFIG, ...patch } };
}

const SEED_DATA = { datasetSize: 500, trainPercent: 50 };
const TINY_DATA = { datasetSize: 16, trainPercent: 50 };

export const PRESETS: readonly Preset[] = [
  preset(
    'seed-article',
    "The seed article's network",
    'X → 16 ReLU → sigmoid on XOR: W × 0.01, learning rate 0.1, full batch, plain gradient descent.',
    {
      dataset: 'xor',
      ...SEED_DATA,
      hiddenLayers: [16],
      activation: 'relu',
      output: 'sigmoid-bce',
      init: 'small',
      initScale: 0.01,
      learningRate: 0.1,
      optimizer: 'sgd',
      batchSize: trainCountOf(SEED_DATA),
    },
  ),
  preset(
    'playground',
    'Playground default',
    "TensorFlow Playground's opening network and data, with its tanh output unit and squared error.",
    { output: 'tanh-mse' },
  ),
  preset(
    'overfit-tiny',
    'Overfit a tiny dataset',
    '8 training points and a roomy network: the training loss should reach about 0. If it does not, something is broken.',
    {
      dataset: 'spiral',
      ...TINY_DATA,
      noise: 10,
      hiddenLayers: [16, 16],
      activation: 'tanh',
      init: 'xavier',
      learningRate: 0.01,
      optimizer: 'adam',
      batchSize: trainCountOf(TINY_DATA),
    },
  ),
  preset(
    'vanishing',
    'Vanishing gradients',
    'Six sigmoid layers with small weights: the gradient norms shrink layer by layer towards the input.',
    {
      dataset: 'circle',
      hiddenLayers: [8, 8, 8, 8, 8, 8],
      activation: 'sigmoid',
      init: 'small',
      initScale: 0.1,
      learningRate: 0.1,
      optimizer: 'sgd',
    },
  ),
  preset(
    'exploding',
    'Exploding',
    'Learning rate 3 with plain gradient descent on a regression: the loss grows a millionfold in a few steps, then overflows.',
    {
      dataset: 'plane',
      hiddenLayers: [8, 8],
      activation: 'tanh',
      output: 'linear-mse',
      init: 'xavier',
      learningRate: 3,
      optimizer: 'sgd',
    },
  ),
  preset(
    'dead-relu',
    'Dead ReLUs',
    'ReLU with a high learning rate: big updates push units below zero for every input, and a dead unit never learns again.',
    {
      dataset: 'spiral',
      hiddenLayers: [8, 8],
      activation: 'relu',
      init: 'he',
      learningRate: 1,
      optimizer: 'sgd',
    },
  ),
  preset(
    'three-classes',
    'Three classes',
    'A three-arm spiral with a softmax output and cross-entropy loss.',
    {
      dataset: 'spiral-k',
      classes: 3,
      features: ['x1', 'x2', 'sinX1', 'sinX2'],
      hiddenLayers: [16, 16],
      activation: 'relu',
      output: 'softmax-ce',
      init: 'he',
      learningRate: 0.01,
      optimizer: 'adam',
    },
  ),
];

/** The link that opens a preset. */
export function presetHash(p: Preset): string {
  return formatHash(p.config);
}

/**
 * A preset that is a model file rather than settings: choosing it imports the file (its weights
 * and data are the point, so it has no link). Shipped as an object: no fetch, works offline.
 */
export interface ModelPreset {
  id: string;
  title: string;
  description: string;
  /** A "backprop-lab/model" document (DESIGN.md "Model files"). */
  model: Readonly<Record<string, unknown>>;
}

/**
 * Matt Mazur's "A Step by Step Backpropagation Example": a 2-2-2 sigmoid network, one example and
 * squared error, whose every number the article prints (its total error is E = 0.298371109).
 */
export const MAZUR_MODEL: Readonly<Record<string, unknown>> = Object.freeze({
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
});

export const MODEL_PRESETS: readonly ModelPreset[] = [
  {
    id: 'mazur',
    title: 'Step-by-step example (Mazur)',
    description:
      "Matt Mazur's worked example: 2 inputs, 2 sigmoid hidden units, 2 sigmoid outputs, one example. Step layer by layer and check each number against the article.",
    model: MAZUR_MODEL,
  },
  {
    id: 'cs231n-spiral',
    title: 'Spiral case study (CS231n)',
    description:
      "CS231n's minimal case study: 300 spiral points within radius 1, 100 ReLU units, softmax, full batch at step size 1, L2 1e-3. The loss starts at ln 3 ≈ 1.0986; at Max the notes' 98 % training accuracy comes within 10,000 steps.",
    model: cs231nSpiralModel(),
  },
];
