/**
 * Opens a TensorFlow Playground link here: its hash (`#activation=tanh&batchSize=10&dataset=circle&
 * regDataset=reg-plane&learningRate=0.03&…&networkShape=4,2&seed=0.16&x=true&y=true&…`) is
 * translated into our settings, so a teacher's existing Playground links keep working and show the
 * same experiment with the layer-by-layer inspector.
 *
 * What carries over exactly: the dataset, noise, train/test split, input features, hidden layers,
 * activation, learning rate, regularization and its rate, batch size, and Playground's output unit
 * (tanh with squared error for classification, linear with squared error for regression) and plain
 * SGD. What cannot: Playground's seeds name its own random generator, so the points and initial
 * weights differ (the seed string is mapped to one of ours, the same every time); its cos(x) features
 * do not exist here; and `initZero` (all-zero weights) is not offered. Each is said in a notice.
 *
 * Pure: a list of decoded key/value pairs in, raw settings (for sanitizeConfig) and notices out.
 */
import type { DatasetKind } from '../engine';
import type { FeatureId } from '../engine/features';
import { parseBoolean, parseNumber } from './hashValues';

/** Keys only Playground writes: any of them marks a Playground link. */
const PLAYGROUND_MARKERS = new Set([
  'networkShape',
  'percTrainData',
  'problem',
  'regDataset',
  'x',
  'y',
  'xTimesY',
  'xSquared',
  'ySquared',
  'sinX',
  'sinY',
  'cosX',
  'cosY',
  'initZero',
  'collectStats',
  'hideText',
]);

/** Every key a Playground link may hold (the translator consumes these; `*_hide` is handled apart). */
const PLAYGROUND_KEYS = new Set([
  ...PLAYGROUND_MARKERS,
  'activation',
  'batchSize',
  'dataset',
  'learningRate',
  'noise',
  'regularization',
  'regularizationRate',
  'seed',
  'showTestData',
  'discretize',
  'tutorial',
]);

const CLASSIFICATION_DATASETS: Record<string, DatasetKind> = {
  circle: 'circle',
  xor: 'xor',
  gauss: 'gaussian',
  spiral: 'spiral',
};
const REGRESSION_DATASETS: Record<string, DatasetKind> = {
  'reg-plane': 'plane',
  'reg-gauss': 'multi-gaussian',
};
const FEATURES: Record<string, FeatureId> = {
  x: 'x1',
  y: 'x2',
  xSquared: 'x1Squared',
  ySquared: 'x2Squared',
  xTimesY: 'x1TimesX2',
  sinX: 'sinX1',
  sinY: 'sinX2',
};
const ACTIVATIONS = new Set(['relu', 'tanh', 'sigmoid', 'linear']);
const REGULARIZATIONS: Record<string, string> = { none: 'none', L1: 'l1', L2: 'l2' };
/** Playground's data sizes (NUM_SAMPLES_CLASSIFY, NUM_SAMPLES_REGRESS). */
const SAMPLES = { classification: 500, regression: 1200 } as const;

export interface PlaygroundTranslation {
  /** Raw settings in our names, for sanitizeConfig (which clamps and reports bad numbers). */
  raw: Record<string, unknown>;
  /** View toggles the link sets. */
  view: { showTestPoints?: boolean; discretize?: boolean };
  notices: string[];
}

export function isPlaygroundLink(keys: Iterable<string>): boolean {
  for (const key of keys) if (PLAYGROUND_MARKERS.has(key)) return true;
  return false;
}

/** Whether the translator reads this key (the caller handles the others as its own). */
export function isPlaygroundKey(key: string): boolean {
  return PLAYGROUND_KEYS.has(key);
}

/**
 * A 32-bit seed from Playground's seed string (FNV-1a): the same link always gives the same run.
 * A whole number that fits is used as it is.
 */
export function seedFromPlayground(text: string): number {
  if (/^\d{1,9}$/.test(text)) return Number(text);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function fromPlayground(pairs: ReadonlyArray<readonly [string, string]>): PlaygroundTranslation {
  const params = new Map(pairs.filter(([key]) => PLAYGROUND_KEYS.has(key)));
  const raw: Record<string, unknown> = {};
  const view: PlaygroundTranslation['view'] = {};
  const notices: string[] = [];
  const get = (key: string): string | undefined => params.get(key);

  const problem = get('problem') === 'regression' ? 'regression' : 'classification';
  if (get('problem') !== undefined && get('problem') !== 'regression' && get('problem') !== 'classification')
    notices.push(
      `Playground link: problem "${get('problem')!.slice(0, 20)}" is unknown; using classification.`,
    );
  const datasetKey = problem === 'regression' ? 'regDataset' : 'dataset';
  const table = problem === 'regression' ? REGRESSION_DATASETS : CLASSIFICATION_DATASETS;
  const datasetName = get(datasetKey) ?? (problem === 'regression' ? 'reg-plane' : 'circle');
  const dataset = table[datasetName];
  if (dataset) raw.dataset = dataset;
  else {
    raw.dataset = problem === 'regression' ? 'plane' : 'circle';
    notices.push(
      `Playground link: ${datasetKey} "${datasetName.slice(0, 20)}" is unknown; using ${String(raw.dataset)}.`,
    );
  }
  raw.datasetSize = SAMPLES[problem];
  // Playground's output unit and loss, and its optimizer.
  raw.output = problem === 'regression' ? 'linear-mse' : 'tanh-mse';
  raw.optimizer = 'sgd';

  const activation = get('activation');
  if (activation !== undefined) {
    if (ACTIVATIONS.has(activation)) raw.activation = activation;
    else notices.push(`Playground link: activation "${activation.slice(0, 20)}" is unknown; using tanh.`);
  }
  const regularization = get('regularization');
  if (regularization !== undefined) {
    if (regularization in REGULARIZATIONS) raw.regularization = REGULARIZATIONS[regularization];
    else
      notices.push(
        `Playground link: regularization "${regularization.slice(0, 20)}" is unknown; using none.`,
      );
  }
  for (const [from, to] of [
    ['learningRate', 'learningRate'],
    ['regularizationRate', 'regularizationRate'],
    ['batchSize', 'batchSize'],
    ['noise', 'noise'],
    ['percTrainData', 'trainPercent'],
  ] as const) {
    const value = get(from);
    if (value !== undefined) raw[to] = parseNumber(value);
  }
  const shape = get('networkShape');
  if (shape !== undefined) raw.hiddenLayers = shape === '' ? [] : shape.split(',').map(parseNumber);

  const featureKeys = Object.keys(FEATURES).filter((key) => params.has(key));
  if (featureKeys.length > 0)
    raw.features = featureKeys.filter((key) => parseBoolean(get(key)!)).map((key) => FEATURES[key]);
  const cos = ['cosX', 'cosY'].filter((key) => get(key) === 'true');
  if (cos.length > 0)
    notices.push(
      `Playground link: the ${cos.join(' and ')} input features do not exist here and were left out.`,
    );

  const seed = get('seed');
  if (seed !== undefined && seed !== '') {
    raw.seed = seedFromPlayground(seed);
    if (String(raw.seed) !== seed)
      notices.push(
        `Playground link: its seed "${seed.slice(0, 20)}" names Playground's own random generator, so Playground's exact points and starting weights cannot be reproduced; this run uses seed ${String(raw.seed)} (the same for this link every time).`,
      );
  }
  if (get('initZero') === 'true')
    notices.push(
      'Playground link: initZero (every weight 0) is not offered here; the weights start at random.',
    );
  const showTest = parseBoolean(get('showTestData') ?? '');
  if (showTest !== null) view.showTestPoints = showTest;
  const discretize = parseBoolean(get('discretize') ?? '');
  if (discretize !== null) view.discretize = discretize;

  notices.unshift(
    `Opened a TensorFlow Playground link: same data, features, network, activation, learning rate, regularization and batch size, with Playground's ${problem === 'regression' ? 'linear' : 'tanh'} output, squared error and plain SGD.`,
  );
  return { raw, view, notices };
}
