/**
 * A run from a model file, and a model file from a run (DESIGN.md "Model files").
 *
 * `prepareModelRun` checks a parsed document against what the app can run (its limits on layers,
 * units and points; the outputs it offers) and builds everything the run needs (its config, data,
 * network spec and starting state) without touching any run: a refusal throws before anything is
 * applied, so the current run stays as it was. `modelOfRun` writes the document back at the run's
 * current step boundary: weights, data, settings, step, optimizer state and batch order, so an
 * import continues exactly where the export stood.
 */
import {
  FEATURES,
  MAX_POINTS,
  type Activation,
  type Dataset,
  type FeatureId,
  type MLPSpec,
  type TargetEncoding,
} from '../engine';
import { LIMITS, sanitizeConfig, TRAINING_KEYS, type OutputKind, type RunConfig } from '../model/config';
import {
  flattenMatrix,
  layersFromMLP,
  optimizerStateFromModel,
  optimizerStateToModel,
  toMatrix,
} from '../model/files/modelConvert';
import { MODEL_FORMAT, MODEL_VERSION, type Matrix, type ModelDocument } from '../model/files/modelFile';
import { fittedPlaneHalfWidth, PLANE_HALF_WIDTH } from '../model/plane';
import type { OwnData } from '../model/outputs';
import { toF32 } from './float32';
import type { FrameDataset, Keyframe } from './protocol';
import { frameDatasetOf, type RunData } from './runData';
import type { Run } from './runTypes';
import { trainingOf } from './timeline';

/** What the page needs to know about a model run's data (the store keeps it as the run's own data). */
export interface ModelDataInfo {
  /** 2 binary, k classes (softmax), 0 regression. */
  classes: number;
  /** Target columns (output units). */
  outputs: number;
  /**
   * Whether the examples are points of the input plane the decision boundary can draw: x1 and x2
   * among the inputs, inside the plane, enough of them, one output (or softmax classes).
   */
  pointSet: boolean;
}

/** Everything a run started from a model file needs, checked and built before the run is touched. */
export interface LoadedModel {
  /** The document, inputs in the app's feature order (X columns and W1 rows permuted to match). */
  document: ModelDocument;
  /** The config the run reports: features, layers, activation, output, training settings, seed. */
  config: RunConfig;
  info: ModelDataInfo;
  data: RunData;
  spec: MLPSpec;
  /** Settings the app clamped to its limits (the run goes on with the clamped values). */
  notices: string[];
  /** The training state to start from, given the run's freshly seeded one (for what the file leaves out). */
  start(initial: Keyframe): Keyframe;
}

/** A refusal: the file is valid JSON of the format but asks for what the app cannot run. */
export class ModelLoadError extends Error {}

function refuse(message: string): never {
  throw new ModelLoadError(message);
}

/** Fewer examples than this are "a handful": listed one by one rather than drawn as a point cloud. */
export const MIN_POINT_SET = 10;

/** The app's output kind for the document's output layer and loss, and what its targets are. */
function outputOf(doc: ModelDocument): { output: OutputKind; encoding: TargetEncoding; classes: number } {
  const out = doc.layers[doc.layers.length - 1];
  const units = out.b.length;
  const name = `the output layer (${out.activation}, ${units} unit${units === 1 ? '' : 's'}) with loss "${doc.loss}"`;
  if (doc.loss === 'cross-entropy') return { output: 'softmax-ce', encoding: 'one-hot', classes: units };
  if (doc.loss === 'bce') {
    if (units !== 1) refuse(`${name}: the app runs binary cross-entropy with one output unit`);
    return { output: 'sigmoid-bce', encoding: 'zero-one', classes: 2 };
  }
  const byActivation: Partial<Record<Activation, OutputKind>> = {
    sigmoid: 'sigmoid-mse',
    tanh: 'tanh-mse',
    linear: 'linear-mse',
  };
  const output = byActivation[out.activation];
  if (!output) refuse(`${name}: with squared error the app runs a sigmoid, tanh or linear output`);
  return { output, encoding: 'value', classes: 0 };
}

function checkArchitecture(doc: ModelDocument): Activation | null {
  const hidden = doc.layers.slice(0, -1);
  if (hidden.length > LIMITS.hiddenLayerCount.max) {
    refuse(
      `the file has ${hidden.length} hidden layers; the app runs at most ${LIMITS.hiddenLayerCount.max}`,
    );
  }
  doc.layers.forEach((layer, l) => {
    if (layer.b.length > LIMITS.units.max) {
      refuse(`layers[${l}] has ${layer.b.length} units; the app runs at most ${LIMITS.units.max} per layer`);
    }
  });
  const activation = hidden.length > 0 ? hidden[0].activation : null;
  const other = hidden.findIndex((layer) => layer.activation !== activation);
  if (other >= 0) {
    refuse(
      `layers[${other}] is ${hidden[other].activation} but layers[0] is ${activation}: ` +
        'the app runs one activation for every hidden layer',
    );
  }
  const examples = doc.data.train.X.length + (doc.data.test?.X.length ?? 0);
  if (examples > MAX_POINTS) refuse(`the file has ${examples} examples; the app runs at most ${MAX_POINTS}`);
  return activation;
}

/** The app's feature order (the config and the views use it), as positions in the file's inputs. */
function canonicalOrder(inputs: readonly FeatureId[]): number[] {
  return FEATURES.map((f) => inputs.indexOf(f.id)).filter((j) => j >= 0);
}

function reorderColumns(rows: Matrix, order: number[]): Matrix {
  return rows.map((row) => order.map((j) => row[j]));
}

/** The document with its inputs in the app's feature order (the same network and data). */
function inAppOrder(doc: ModelDocument): ModelDocument {
  const order = canonicalOrder(doc.inputs);
  if (order.every((j, i) => j === i)) return doc;
  const split = (s: { X: Matrix; Y: Matrix }) => ({ X: reorderColumns(s.X, order), Y: s.Y });
  const [first, ...rest] = doc.layers;
  return {
    ...doc,
    inputs: order.map((j) => doc.inputs[j]),
    layers: [{ ...first, W: order.map((j) => first.W[j]) }, ...rest],
    data: { train: split(doc.data.train), test: doc.data.test && split(doc.data.test) },
  };
}

/** The examples as the app's point sets: (x1, x2) where the inputs have them, labels per encoding. */
function datasetOf(
  split: { X: Matrix; Y: Matrix } | undefined,
  inputs: readonly FeatureId[],
  encoding: TargetEncoding,
  classes: number,
): Dataset {
  const X = split?.X ?? [];
  const Y = split?.Y ?? [];
  const i1 = inputs.indexOf('x1');
  const i2 = inputs.indexOf('x2');
  const points = new Float64Array(2 * X.length);
  const labels = new Float64Array(X.length);
  X.forEach((row, i) => {
    points[2 * i] = i1 >= 0 ? row[i1] : 0;
    points[2 * i + 1] = i2 >= 0 ? row[i2] : 0;
    const y = Y[i];
    if (encoding === 'one-hot') labels[i] = y.indexOf(Math.max(...y));
    else if (encoding === 'zero-one') labels[i] = y[0] >= 0.5 ? 1 : 0;
    else labels[i] = y[0];
  });
  return { points, labels, count: X.length, classes };
}

function isPointSet(doc: ModelDocument, outputs: number, classes: number): boolean {
  if (!doc.inputs.includes('x1') || !doc.inputs.includes('x2')) return false;
  const all = [...doc.data.train.X, ...(doc.data.test?.X ?? [])];
  if (all.length < MIN_POINT_SET) return false;
  if (outputs > 1 && classes === 0) return false;
  const i1 = doc.inputs.indexOf('x1');
  const i2 = doc.inputs.indexOf('x2');
  return all.every((row) => Math.abs(row[i1]) <= PLANE_HALF_WIDTH && Math.abs(row[i2]) <= PLANE_HALF_WIDTH);
}

/**
 * The settings a file's `app` section keeps for the app itself (the ones the file's own fields do
 * not say: where the data came from, how the weights were drawn), sanitized with the rest.
 */
const APP_SETTINGS = [
  'dataset',
  'classes',
  'noise',
  'trainPercent',
  'datasetSize',
  'init',
  'initScale',
] as const;

function appSettingsOf(app: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of APP_SETTINGS) if (app && app[key] !== undefined) out[key] = app[key];
  return out;
}

/**
 * Checks a parsed document against the app's limits and builds the run's parts. Throws a
 * ModelLoadError naming what the app cannot run; nothing is applied anywhere before it returns.
 */
export function prepareModelRun(parsed: ModelDocument, base: RunConfig): LoadedModel {
  const hiddenActivation = checkArchitecture(parsed);
  const { output, encoding, classes } = outputOf(parsed);
  const doc = inAppOrder(parsed);
  const L = doc.layers.length;
  const outputs = doc.layers[L - 1].b.length;
  const own: NonNullable<OwnData> = { classes, outputs };
  const training = doc.training ?? {};
  const requested: Record<string, unknown> = {
    ...base,
    ...appSettingsOf(doc.app),
    features: doc.inputs,
    hiddenLayers: doc.layers.slice(0, -1).map((l) => l.b.length),
    activation: hiddenActivation ?? base.activation,
    output,
    seed: doc.seed ?? base.seed,
  };
  for (const key of TRAINING_KEYS) {
    if (training[key] !== undefined) requested[key] = training[key];
  }
  const { value: config, notices } = sanitizeConfig(requested, base, own);
  if (config.output !== output || config.features.length !== doc.inputs.length) {
    refuse(`the app cannot run this output (${output}) on this data`);
  }
  const trainX = flattenMatrix(doc.data.train.X);
  const trainY = flattenMatrix(doc.data.train.Y);
  const d = doc.inputs.length;
  const pointSet = isPointSet(doc, outputs, classes);
  const train = datasetOf(doc.data.train, doc.inputs, encoding, classes);
  const test = datasetOf(doc.data.test, doc.inputs, encoding, classes);
  const data: RunData = {
    baseConfig: config,
    customData: null,
    encoding,
    train,
    test,
    classes,
    // Small points get a tighter plane (CS231n's spiral: radius 1), fitted to both parts.
    planeHalfWidth: pointSet
      ? Math.max(
          fittedPlaneHalfWidth(train.points, train.count),
          fittedPlaneHalfWidth(test.points, test.count),
        )
      : PLANE_HALF_WIDTH,
    features: doc.inputs,
    d,
    outUnits: outputs,
    trainX,
    trainY,
    testX: doc.data.test ? flattenMatrix(doc.data.test.X) : new Float64Array(0),
    testY: doc.data.test ? flattenMatrix(doc.data.test.Y) : new Float64Array(0),
  };
  const spec: MLPSpec = {
    inputSize: d,
    layers: doc.layers.map((l) => ({ units: l.b.length, activation: l.activation })),
    loss: doc.loss,
  };
  const params = doc.layers.flatMap((l) => [flattenMatrix(l.W), Float64Array.from(l.b)]);
  const settings = trainingOf(config);
  const optimizer =
    training.state && (training.optimizer ?? 'sgd') === config.optimizer
      ? optimizerStateFromModel(training.state, config.optimizer)
      : null;
  const order = training.batchOrder;
  const step = doc.step ?? 0;
  return {
    document: doc,
    config,
    info: { classes, outputs, pointSet },
    data,
    spec,
    notices,
    start(initial) {
      return {
        step,
        epoch: order?.epoch ?? 0,
        params: params.map((p) => p.slice()),
        settings,
        // No state in the file: the optimizer starts fresh (all zeros, no updates yet).
        optimizer: optimizer ?? { kind: config.optimizer, t: 0, slots: [] },
        batcher: order
          ? { permutation: Uint32Array.from(order.permutation), position: order.position, epoch: order.epoch }
          : initial.batcher,
        rng: order?.rng ? [...order.rng] : initial.rng,
      };
    },
  };
}

/**
 * The run as a model file, at its current step boundary (mid-step: the step's start, as a snapshot
 * keeps it). Settings are the ones the next update uses (a live change made now included).
 */
export function modelOfRun(run: Run, data: RunData): ModelDocument {
  const { keyframe } = run.snapshot();
  const config = run.config;
  const net = run.mlp.clone();
  net.setParameters(keyframe.params);
  const optimizer =
    keyframe.optimizer.kind === config.optimizer
      ? keyframe.optimizer
      : { kind: config.optimizer, t: 0, slots: [] };
  const split = (X: Float64Array, Y: Float64Array, n: number) => ({
    X: toMatrix(X, n, data.d),
    Y: toMatrix(Y, n, data.outUnits),
  });
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    inputs: [...data.features],
    layers: layersFromMLP(net),
    loss: net.loss,
    data: {
      train: split(data.trainX, data.trainY, data.train.count),
      test: data.test.count > 0 ? split(data.testX, data.testY, data.test.count) : undefined,
    },
    seed: config.seed,
    step: keyframe.step,
    training: {
      optimizer: config.optimizer,
      learningRate: config.learningRate,
      batchSize: config.batchSize,
      beta: config.beta,
      beta1: config.beta1,
      beta2: config.beta2,
      regularization: config.regularization,
      regularizationRate: config.regularizationRate,
      state: optimizerStateToModel(optimizer, net),
      batchOrder: {
        permutation: Array.from(keyframe.batcher.permutation),
        position: keyframe.batcher.position,
        epoch: keyframe.batcher.epoch,
        rng: [...keyframe.rng],
      },
    },
    app: Object.fromEntries(APP_SETTINGS.map((key) => [key, config[key]])),
  };
}

/** The first frame's points, with a model file's examples and what they are. */
export function frameDatasetOfModel(data: RunData, info: ModelDataInfo): FrameDataset {
  const n = data.train.count;
  return {
    ...frameDatasetOf(data),
    model: {
      ...info,
      inputs: [...data.features],
      X: toF32(data.trainX, n * data.d),
      Y: toF32(data.trainY, n * data.outUnits),
      count: n,
    },
  };
}
