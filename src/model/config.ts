/**
 * The run's settings, shared by the worker (which trains with them), the URL
 * (which stores them) and the controls (which edit them).
 *
 * Two kinds of setting, as DESIGN.md's "Hyperparameters" splits them:
 * - live (`TrainingSettings`): applied from the next step, no reset;
 * - restart (`ModelSettings`): change the data or the network, so the run restarts.
 *
 * `sanitizeConfig` is the one gate every outside value passes through: it
 * clamps what is out of range and replaces what is invalid, and says so in a
 * notice for each change, so nothing is silently half-applied.
 */
import {
  ACTIVATIONS,
  DATASETS,
  FEATURES,
  INITS,
  isDatasetKind,
  isFeatureId,
  MAX_POINTS,
  OPTIMIZERS,
  REGULARIZATIONS,
  type Activation,
  type DatasetKind,
  type FeatureId,
  type InitKind,
  type MLPSpec,
  type OptimizerConfig,
  type OptimizerKind,
  type ProblemKind,
  type RegularizationKind,
} from '../engine';
import {
  classCountOf,
  OUTPUTS,
  outputsFor,
  outputSwitchNotice,
  type OutputKind,
  type OwnData,
} from './outputs';
import { networkShape } from './shape';
import { formatCount, plainNumber } from './format';

export { OUTPUTS, classCountOf, outputsFor, outputUnits, type OutputKind } from './outputs';

/** Hidden activations offered in the UI (softmax is output-only). */
export const HIDDEN_ACTIVATIONS: readonly Activation[] = ACTIVATIONS.filter((a) => a !== 'softmax');

/** The names the page uses for each choice (notices say these, never the ids). */
export const ACTIVATION_LABELS: Readonly<Record<Activation, string>> = {
  relu: 'ReLU',
  'leaky-relu': 'Leaky ReLU',
  tanh: 'Tanh',
  sigmoid: 'Sigmoid',
  linear: 'Linear',
  softmax: 'Softmax',
};
export const OPTIMIZER_LABELS: Readonly<Record<OptimizerKind, string>> = {
  sgd: 'SGD',
  momentum: 'Momentum',
  adam: 'Adam',
};
export const REGULARIZATION_LABELS: Readonly<Record<RegularizationKind, string>> = {
  none: 'None',
  l1: 'L1',
  l2: 'L2',
};
export const INIT_LABELS: Readonly<Record<InitKind, string>> = {
  small: 'Small (randn × scale)',
  xavier: 'Xavier (Glorot)',
  he: 'He',
};
const OUTPUT_LABELS = Object.fromEntries(
  Object.entries(OUTPUTS).map(([kind, info]) => [kind, info.label]),
) as Record<OutputKind, string>;

/** Live settings: changed mid-run, applied from the next training step. */
export interface TrainingSettings {
  learningRate: number;
  optimizer: OptimizerKind;
  /** Momentum's β. */
  beta: number;
  /** Adam's β₁ and β₂. */
  beta1: number;
  beta2: number;
  regularization: RegularizationKind;
  regularizationRate: number;
  /** Examples per step; values ≥ the training-set size mean full batch. */
  batchSize: number;
}

/** Restart settings: the data and the network. */
export interface ModelSettings {
  dataset: DatasetKind;
  /** k for the k-class datasets; ignored by the others. */
  classes: number;
  /** Noise in percent, 0 … 50. */
  noise: number;
  /** Share of the points used for training, 10 … 90 (%). */
  trainPercent: number;
  /** Points generated in all (train + test). */
  datasetSize: number;
  features: FeatureId[];
  /** Units per hidden layer, 0 … 8 layers. */
  hiddenLayers: number[];
  activation: Activation;
  output: OutputKind;
  init: InitKind;
  /** The 'small' init's scale (randn × scale); the seed article uses 0.01. */
  initScale: number;
  seed: number;
}

export type RunConfig = ModelSettings & TrainingSettings;

export const TRAINING_KEYS: readonly (keyof TrainingSettings)[] = [
  'learningRate',
  'optimizer',
  'beta',
  'beta1',
  'beta2',
  'regularization',
  'regularizationRate',
  'batchSize',
];

/** Bounds the UI and the URL are clamped to. */
export const LIMITS = {
  learningRate: { min: 1e-6, max: 10 },
  regularizationRate: { min: 0, max: 10 },
  beta: { min: 0, max: 0.9999 },
  batchSize: { min: 1, max: MAX_POINTS },
  noise: { min: 0, max: 50 },
  trainPercent: { min: 10, max: 90 },
  datasetSize: { min: 10, max: MAX_POINTS },
  hiddenLayerCount: { min: 0, max: 8 },
  /** Up to 32 are drawn one by one; larger layers are drawn as a block. */
  units: { min: 1, max: 256 },
  drawnUnits: 32,
  initScale: { min: 0, max: 10 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  classes: { min: 3, max: 5 },
} as const;

/** TensorFlow Playground's defaults, with our sigmoid + BCE output (the seed article's). */
export const DEFAULT_CONFIG: Readonly<RunConfig> = Object.freeze({
  dataset: 'circle',
  classes: 3,
  noise: 0,
  trainPercent: 50,
  datasetSize: 500,
  features: ['x1', 'x2'],
  hiddenLayers: [4, 2],
  activation: 'tanh',
  output: 'sigmoid-bce',
  init: 'xavier',
  initScale: 0.01,
  seed: 1,
  learningRate: 0.03,
  optimizer: 'sgd',
  beta: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  regularization: 'none',
  regularizationRate: 0,
  batchSize: 10,
}) as Readonly<RunConfig>;

export function problemOf(dataset: DatasetKind): ProblemKind {
  return DATASETS[dataset].problem;
}

/** The engine spec this config trains. */
export function mlpSpecOf(config: RunConfig, data?: OwnData): MLPSpec {
  const shape = networkShape(config, data);
  return {
    inputSize: shape.inputs,
    layers: shape.sizes.map((units, l) => ({ units, activation: shape.activations[l] })),
    loss: OUTPUTS[config.output].loss,
    init: { kind: config.init, scale: config.initScale },
    seed: config.seed,
  };
}

export function optimizerConfigOf(settings: TrainingSettings): OptimizerConfig {
  return {
    kind: settings.optimizer,
    learningRate: settings.learningRate,
    beta: settings.beta,
    beta1: settings.beta1,
    beta2: settings.beta2,
    regularization: settings.regularization,
    regularizationRate: settings.regularizationRate,
  };
}

export interface Sanitized<T> {
  value: T;
  /** One plain sentence per value that was clamped or replaced. */
  notices: string[];
}

/** The features as the page names them (x₁, x₁², …). */
function featureNames(ids: readonly FeatureId[]): string {
  return ids.map((id) => FEATURES.find((f) => f.id === id)?.label ?? id).join(', ');
}

/** Whether two lists hold the same items in the same order. */
function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/**
 * Checks and repairs a (possibly partial, possibly hostile) config: unknown
 * keys are ignored, invalid values fall back to the default, out-of-range
 * numbers are clamped, and every change is reported in `notices`. `data`: the user's own points
 * when they replace the generated dataset (they decide which outputs fit).
 *
 * Arrays that need no repair are kept by reference (features, hiddenLayers), so a live setting
 * or an unchanged value does not make a new array that looks like a new network to its readers.
 */
export function sanitizeConfig(
  input: unknown,
  base: Readonly<RunConfig> = DEFAULT_CONFIG,
  data?: OwnData,
): Sanitized<RunConfig> {
  const notices: string[] = [];
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const has = (key: string): boolean =>
    Object.prototype.hasOwnProperty.call(raw, key) && raw[key] !== undefined;

  const number = (key: keyof RunConfig, label: string, min: number, max: number, integer = false): number => {
    const fallback = base[key] as number;
    if (!has(key)) return fallback;
    const v = raw[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      const given = typeof v === 'number' ? 'the value given' : `"${String(v).slice(0, 40)}"`;
      notices.push(`${label}: ${given} is not a number; using ${plainNumber(fallback, 6)}.`);
      return fallback;
    }
    let clamped = integer ? Math.round(v) : v;
    clamped = Math.min(max, Math.max(min, clamped));
    if (clamped !== v)
      notices.push(
        `${label}: ${plainNumber(v, 6)} is out of range; using ${plainNumber(clamped, 6)} (allowed ${min} … ${max}).`,
      );
    return clamped;
  };
  const choice = <T extends string>(
    key: keyof RunConfig,
    label: string,
    allowed: readonly T[],
    names: Readonly<Record<T, string>>,
  ): T => {
    const fallback = base[key] as T;
    if (!has(key)) return fallback;
    const v = raw[key];
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    notices.push(
      `${label}: "${String(v).slice(0, 40)}" is not one of ${allowed.map((a) => names[a]).join(', ')}; using ${names[fallback]}.`,
    );
    return fallback;
  };

  const dataset = has('dataset') && isDatasetKind(raw.dataset) ? raw.dataset : base.dataset;
  if (has('dataset') && !isDatasetKind(raw.dataset)) {
    notices.push(
      `Dataset: "${String(raw.dataset).slice(0, 40)}" is unknown; using ${DATASETS[base.dataset].label}.`,
    );
  }
  const classes = number('classes', 'Classes', LIMITS.classes.min, LIMITS.classes.max, true);

  let features = base.features;
  if (has('features')) {
    const list = Array.isArray(raw.features) ? raw.features : [];
    const valid = [...new Set(list.filter(isFeatureId))];
    // Keep the UI's order so equal sets give equal networks.
    const ordered = FEATURES.map((f) => f.id).filter((id) => valid.includes(id));
    if (ordered.length === 0) {
      notices.push(
        `Features: none of "${list.map(String).join(', ').slice(0, 60)}" is a known feature; using ${featureNames(base.features)}.`,
      );
    } else {
      if (ordered.length !== list.length)
        notices.push(`Features: ignored unknown or repeated entries; using ${featureNames(ordered)}.`);
      features = sameItems(ordered, list) ? (list as FeatureId[]) : ordered;
    }
  }

  let hiddenLayers = base.hiddenLayers;
  if (has('hiddenLayers')) {
    const list = raw.hiddenLayers;
    if (!Array.isArray(list) || list.some((u) => typeof u !== 'number' || !Number.isFinite(u))) {
      notices.push(
        `Layers: "${String(list).slice(0, 40)}" is not a list of neuron counts; using ${base.hiddenLayers.join(', ') || 'none'}.`,
      );
    } else {
      let layers = list as number[];
      if (layers.length > LIMITS.hiddenLayerCount.max) {
        notices.push(
          `Layers: ${layers.length} hidden layers is too many; keeping the first ${LIMITS.hiddenLayerCount.max}.`,
        );
        layers = layers.slice(0, LIMITS.hiddenLayerCount.max);
      }
      const clamped = layers.map((u) =>
        Math.min(LIMITS.units.max, Math.max(LIMITS.units.min, Math.round(u))),
      );
      if (clamped.some((u, i) => u !== layers[i])) {
        notices.push(
          `Neurons: each hidden layer has ${LIMITS.units.min} … ${LIMITS.units.max} neurons; using ${clamped.join(', ')}.`,
        );
      }
      hiddenLayers = sameItems(clamped, list) ? (list as number[]) : clamped;
    }
  }

  const config: RunConfig = {
    dataset,
    classes,
    noise: number('noise', 'Noise', LIMITS.noise.min, LIMITS.noise.max),
    trainPercent: number(
      'trainPercent',
      'Training data %',
      LIMITS.trainPercent.min,
      LIMITS.trainPercent.max,
      true,
    ),
    datasetSize: number('datasetSize', 'Points', LIMITS.datasetSize.min, LIMITS.datasetSize.max, true),
    features,
    hiddenLayers,
    activation: choice('activation', 'Activation', HIDDEN_ACTIVATIONS, ACTIVATION_LABELS),
    output: choice('output', 'Output', Object.keys(OUTPUTS) as OutputKind[], OUTPUT_LABELS),
    init: choice('init', 'Initialization', INITS, INIT_LABELS),
    initScale: number('initScale', 'Init scale', LIMITS.initScale.min, LIMITS.initScale.max),
    seed: number('seed', 'Seed', LIMITS.seed.min, LIMITS.seed.max, true),
    learningRate: number('learningRate', 'Learning rate', LIMITS.learningRate.min, LIMITS.learningRate.max),
    optimizer: choice('optimizer', 'Optimizer', OPTIMIZERS, OPTIMIZER_LABELS),
    beta: number('beta', 'Momentum β', LIMITS.beta.min, LIMITS.beta.max),
    beta1: number('beta1', 'Adam β₁', LIMITS.beta.min, LIMITS.beta.max),
    beta2: number('beta2', 'Adam β₂', LIMITS.beta.min, LIMITS.beta.max),
    regularization: choice('regularization', 'Regularization', REGULARIZATIONS, REGULARIZATION_LABELS),
    regularizationRate: number(
      'regularizationRate',
      'Regularization rate',
      LIMITS.regularizationRate.min,
      LIMITS.regularizationRate.max,
    ),
    batchSize: number('batchSize', 'Batch size', LIMITS.batchSize.min, LIMITS.batchSize.max, true),
  };

  // The output must suit the problem (e.g. softmax only for 3+ classes).
  const allowed = outputsFor(config, data);
  if (!allowed.includes(config.output)) {
    config.output = allowed[0];
    if (has('output')) notices.push(outputSwitchNotice(config.output, classCountOf(config, data)));
  }
  const capped = capStepCost(config, data);
  if (capped) notices.push(capped);
  return { value: config, notices };
}

/**
 * What the engine does per second, for estimating a step's time: 1–4 GFLOP/s on big layers; the
 * 8 × 256 network with 10 000 points and a batch of 9 000 (3.4e10 FLOPs by stepSecondsOf) took
 * about 15 s a step in Chrome, about 2.3 GFLOP/s, so 2e9 errs a little on the slow side.
 */
export const ENGINE_FLOPS_PER_SECOND = 2e9;
/** Longest a step (with the frame's evaluation of every point) may be expected to take. */
export const MAX_STEP_SECONDS = 1;

/**
 * Estimated seconds for one training step plus the evaluation of every point a frame shows:
 * a forward and a backward pass over the batch cost about 6 × batch × Σ fanIn × units
 * multiply-adds-as-FLOPs, the forward pass over all points 2 × points × Σ fanIn × units.
 * (The grid is budgeted separately by the worker: src/worker/handlers.ts GRID_BUDGET.)
 */
export function stepSecondsOf(
  config: RunConfig,
  data?: OwnData,
  points = pointCountOf(config, data),
): number {
  const weights = weightCountOf(config, data);
  const batch = Math.min(config.batchSize, Math.max(1, Math.round((points * config.trainPercent) / 100)));
  return (6 * batch * weights + 2 * points * weights) / ENGINE_FLOPS_PER_SECOND;
}

/** Σ fanIn × units over the layers. */
function weightCountOf(config: RunConfig, data?: OwnData): number {
  const shape = networkShape(config, data);
  let fanIn = shape.inputs;
  let total = 0;
  for (const units of shape.sizes) {
    total += fanIn * units;
    fanIn = units;
  }
  return total;
}

/** Points the run trains and evaluates: the user's own, or the generated dataset's size. */
function pointCountOf(config: RunConfig, data?: OwnData): number {
  return data && 'count' in data && typeof data.count === 'number' ? data.count : config.datasetSize;
}

/**
 * Keeps a step under MAX_STEP_SECONDS: first fewer generated points (the evaluation of every point
 * takes at most half the time), then a smaller batch. Returns the notice, or null when nothing
 * changed. Changes `config` in place.
 */
function capStepCost(config: RunConfig, data?: OwnData): string | null {
  const before = stepSecondsOf(config, data);
  if (before <= MAX_STEP_SECONDS) return null;
  const budget = MAX_STEP_SECONDS * ENGINE_FLOPS_PER_SECOND;
  const weights = weightCountOf(config, data);
  const changes: string[] = [];
  const ownPoints = Boolean(data && 'count' in data);
  if (!ownPoints && 2 * config.datasetSize * weights > budget / 2) {
    const points = Math.max(LIMITS.datasetSize.min, Math.floor(budget / 2 / (2 * weights)));
    if (points < config.datasetSize) {
      config.datasetSize = points;
      changes.push(`${points} points`);
    }
  }
  const points = pointCountOf(config, data);
  const left = budget - 2 * points * weights;
  const batch = Math.max(1, Math.floor(left / (6 * weights)));
  if (batch < Math.min(config.batchSize, points)) {
    config.batchSize = batch;
    changes.push(`a batch of ${batch}`);
  }
  if (changes.length === 0) return null;
  const after = stepSecondsOf(config, data);
  return (
    `Heavy settings: with ${formatCount(weights)} weights a step would take about ` +
    `${formatSeconds(before)}; using ${changes.join(' and ')} so it takes about ${formatSeconds(after)}.`
  );
}

function formatSeconds(seconds: number): string {
  return seconds >= 10 ? `${Math.round(seconds)} s` : `${plainNumber(seconds, 2)} s`;
}

/** The training-set size a config produces (what "full batch" means). */
export function trainCountOf(config: Pick<ModelSettings, 'datasetSize' | 'trainPercent'>): number {
  const n = Math.round((config.datasetSize * config.trainPercent) / 100);
  return Math.min(config.datasetSize - 1, Math.max(1, n));
}

/** Whether changing from `a` to `b` needs a restart (any model setting differs). */
export function needsRestart(a: RunConfig, b: RunConfig): boolean {
  return (Object.keys(a) as (keyof RunConfig)[]).some(
    (key) =>
      !(TRAINING_KEYS as readonly string[]).includes(key) &&
      JSON.stringify(a[key]) !== JSON.stringify(b[key]),
  );
}

/** Half-width of the input plane, re-exported for views that map it to pixels. */
export { PLANE_HALF_WIDTH } from './plane';
