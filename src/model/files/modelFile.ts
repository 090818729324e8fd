/**
 * The model file: a trained (or training) network as JSON, format "backprop-lab/model", version 1.
 *
 *   { "format": "backprop-lab/model", "version": 1, "inputs": ["x1", "x2"],
 *     "layers": [ { "activation": "sigmoid", "W": [[0.15, 0.25], [0.2, 0.3]], "b": [0.35, 0.35] }, … ],
 *     "loss": "mse",
 *     "data": { "train": { "X": [[0.05, 0.1]], "Y": [[0.01, 0.99]] }, "test": { … } },
 *     "seed": 7, "step": 120,
 *     "training": { "optimizer": "adam", "learningRate": 0.01, "batchSize": 10, "beta1": 0.9, … ,
 *                   "state": { "t": 120, "layers": [ { "m": { "W": …, "b": … }, "v": { … } }, … ] },
 *                   "batchOrder": { "permutation": [3, 0, …], "position": 20, "epoch": 5,
 *                                   "rng": [a, b, c, d] } },
 *     "app": { … } }
 *
 * `W` is fanIn × units (row i holds the weights out of input i, as in Z = X·W + b), `inputs` are
 * the engine's feature ids, `Y` has one column per output unit. Optimizer state has the shapes of
 * W and b: `velocity` (momentum) or `m` and `v` (Adam) per layer, and the update count `t`.
 * `batchOrder` is the engine batcher's state (BatcherState) plus the 4-number Rng state that
 * draws the later epochs' shuffles. `app` is free-form: the app validates its own settings.
 *
 * This module reads and validates (writing and converting: modelConvert.ts). parseModelFile never
 * throws: a file comes from anywhere, so every refusal is a message naming
 * the field and the shapes involved. Unknown fields are ignored (a newer writer may add some).
 */
import {
  ACTIVATIONS,
  LOSSES,
  LOSS_FNS,
  OPTIMIZERS,
  REGULARIZATIONS,
  FEATURES,
  isFeatureId,
  type Activation,
  type FeatureId,
  type LossKind,
  type OptimizerKind,
  type RegularizationKind,
} from '../../engine';
import { isObject, type Json } from './json';
import { MAX_MODEL_FILE_CHARS } from './limits';
import { unknownFields } from './unknownFields';
import { formatCount } from '../format';

export const MODEL_FORMAT = 'backprop-lab/model';
export const MODEL_VERSION = 1;
export { MAX_MODEL_FILE_CHARS };
/** Most weights and biases accepted in one network. */
export const MAX_MODEL_PARAMETERS = 4_000_000;

/** Rows of numbers, all the same length. */
export type Matrix = number[][];

export interface ModelLayer {
  activation: Activation;
  /** fanIn × units. */
  W: Matrix;
  /** units. */
  b: number[];
}

export interface ModelDataSplit {
  /** n × inputs. */
  X: Matrix;
  /** n × output units. */
  Y: Matrix;
}

/** One optimizer slot of one layer: the same shapes as that layer's W and b. */
export interface ParameterSlot {
  W: Matrix;
  b: number[];
}

export interface ModelLayerState {
  /** Momentum's velocity. */
  velocity?: ParameterSlot;
  /** Adam's first moment. */
  m?: ParameterSlot;
  /** Adam's second moment. */
  v?: ParameterSlot;
}

export interface ModelOptimizerState {
  /** Updates applied so far (Adam's bias correction uses it). */
  t: number;
  layers: ModelLayerState[];
}

export interface ModelBatchOrder {
  /** The current epoch's order of the training examples. */
  permutation: number[];
  /** How many entries of `permutation` were already used this epoch. */
  position: number;
  epoch: number;
  /** The Rng state (4 unsigned 32-bit integers) that shuffles the next epochs. */
  rng?: [number, number, number, number];
}

export interface ModelTraining {
  optimizer?: OptimizerKind;
  learningRate?: number;
  batchSize?: number;
  beta?: number;
  beta1?: number;
  beta2?: number;
  regularization?: RegularizationKind;
  regularizationRate?: number;
  state?: ModelOptimizerState;
  batchOrder?: ModelBatchOrder;
}

export interface ModelDocument {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  inputs: FeatureId[];
  layers: ModelLayer[];
  loss: LossKind;
  data: { train: ModelDataSplit; test?: ModelDataSplit };
  seed?: number;
  step?: number;
  training?: ModelTraining;
  app?: Record<string, unknown>;
}

/**
 * `ignored`: the fields the file has that this version does not read (a newer writer may add some),
 * by path, so the page can say they were ignored rather than pass over them in silence.
 */
export type ParseModelResult =
  { ok: true; model: ModelDocument; ignored: string[] } | { ok: false; error: string };

/** A refusal on the way through the document; parseModelFile turns it into { ok: false }. */
class ModelFileError extends Error {}

function fail(message: string): never {
  throw new ModelFileError(message);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function object(value: unknown, path: string): Json {
  if (!isObject(value)) fail(`${path} must be an object, got ${describe(value)}`);
  return value;
}

function finite(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail(`${path} is not a finite number (got ${describe(value)})`);
  }
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (!allowed.includes(value as T)) {
    fail(`${path} must be one of ${allowed.join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}

function nonNegativeInteger(value: unknown, path: string): number {
  const v = finite(value, path);
  if (!Number.isInteger(v) || v < 0) fail(`${path} must be an integer ≥ 0, got ${v}`);
  return v;
}

function vector(value: unknown, path: string, length: number, lengthReason: string): number[] {
  if (!Array.isArray(value)) fail(`${path} must be an array of ${length} numbers, got ${describe(value)}`);
  if (value.length !== length) fail(`${path} has ${value.length} entries but ${lengthReason}`);
  for (let i = 0; i < value.length; i++) finite(value[i], `${path}[${i}]`);
  return value as number[];
}

/** Checks that `value` is a non-ragged array of arrays and returns its rows × cols (numbers unchecked). */
function matrixShape(value: unknown, path: string): [rows: number, cols: number] {
  if (!Array.isArray(value) || value.length === 0) {
    fail(`${path} must be a non-empty array of rows, got ${describe(value)}`);
  }
  const first: unknown = value[0];
  if (!Array.isArray(first)) fail(`${path}[0] must be an array (a row), got ${describe(first)}`);
  const cols = first.length;
  for (let i = 1; i < value.length; i++) {
    const row: unknown = value[i];
    if (!Array.isArray(row)) fail(`${path}[${i}] must be an array (a row), got ${describe(row)}`);
    if (row.length !== cols) {
      fail(`${path}[${i}] has ${row.length} entries but ${path}[0] has ${cols} (ragged rows)`);
    }
  }
  return [value.length, cols];
}

function matrixNumbers(value: unknown, path: string): Matrix {
  const rows = value as unknown[][];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    for (let j = 0; j < row.length; j++) finite(row[j], `${path}[${i}][${j}]`);
  }
  return rows as Matrix;
}

/** A matrix of exactly rows × cols, with the reason for each expected size in the message. */
function sizedMatrix(
  value: unknown,
  path: string,
  rows: number,
  rowsReason: string,
  cols: number,
  colsReason: string,
): Matrix {
  const [r, c] = matrixShape(value, path);
  if (r !== rows) fail(`${path} has ${r} rows but ${rowsReason}`);
  if (c !== cols) fail(`${path} has ${c} columns but ${colsReason}`);
  return matrixNumbers(value, path);
}

function parseInputs(value: unknown): FeatureId[] {
  if (!Array.isArray(value) || value.length === 0) {
    fail(`inputs must be a non-empty array of feature ids, got ${describe(value)}`);
  }
  const seen = new Set<string>();
  value.forEach((id: unknown, i) => {
    if (!isFeatureId(id)) {
      fail(`inputs[${i}] is ${describe(id)}, not a feature id (${FEATURES.map((f) => f.id).join(', ')})`);
    }
    if (seen.has(id)) fail(`inputs[${i}] "${id}" is listed twice`);
    seen.add(id);
  });
  return value as FeatureId[];
}

function parseLayers(value: unknown, inputCount: number): ModelLayer[] {
  if (!Array.isArray(value) || value.length === 0) {
    fail(`layers must be a non-empty array (hidden layers then the output layer), got ${describe(value)}`);
  }
  let fanIn = inputCount;
  let parameters = 0;
  return value.map((raw: unknown, l) => {
    const path = `layers[${l}]`;
    const layer = object(raw, path);
    const activation = oneOf(layer.activation, ACTIVATIONS, `${path}.activation`);
    if (activation === 'softmax' && l !== value.length - 1) {
      fail(`${path}.activation is softmax, which is only allowed in the output layer`);
    }
    const [rows, units] = matrixShape(layer.W, `${path}.W`);
    if (rows !== fanIn) {
      const source = l === 0 ? `there are ${inputCount} inputs` : `layer ${l - 1} has ${fanIn} units`;
      fail(`${path}.W is ${rows}×${units} but ${source}`);
    }
    if (units === 0) fail(`${path}.W is ${rows}×0: a layer needs at least one unit`);
    parameters += rows * units + units;
    if (parameters > MAX_MODEL_PARAMETERS) {
      fail(
        `layers[0 … ${l}] have ${formatCount(parameters)} weights and biases, more than the ` +
          `${formatCount(MAX_MODEL_PARAMETERS)} a model file may hold`,
      );
    }
    const W = matrixNumbers(layer.W, `${path}.W`);
    const b = vector(layer.b, `${path}.b`, units, `${path}.W has ${units} columns (units)`);
    fanIn = units;
    return { activation, W, b };
  });
}

function checkLossMatchesOutput(loss: LossKind, layers: ModelLayer[]): void {
  const L = layers.length;
  const out = layers[L - 1];
  const allowed = LOSS_FNS[loss].outputs;
  if (!allowed.includes(out.activation)) {
    fail(
      `loss "${loss}" needs an output activation in {${allowed.join(', ')}}, ` +
        `but layers[${L - 1}] (the output layer) is ${out.activation}`,
    );
  }
  if (out.activation === 'softmax' && out.b.length < 2) {
    fail(`layers[${L - 1}] is softmax with ${out.b.length} unit; softmax needs at least 2`);
  }
}

function parseSplit(value: unknown, path: string, inputCount: number, outputUnits: number): ModelDataSplit {
  const split = object(value, path);
  const [n] = matrixShape(split.X, `${path}.X`);
  const X = sizedMatrix(split.X, `${path}.X`, n, '', inputCount, `there are ${inputCount} inputs`);
  const unitWord = outputUnits === 1 ? 'unit' : 'units';
  const Y = sizedMatrix(
    split.Y,
    `${path}.Y`,
    n,
    `${path}.X has ${n} rows`,
    outputUnits,
    `the output layer has ${outputUnits} ${unitWord}`,
  );
  return { X, Y };
}

function parseSlot(value: unknown, path: string, layer: ModelLayer, l: number): ParameterSlot {
  const slot = object(value, path);
  const fanIn = layer.W.length;
  const units = layer.b.length;
  return {
    W: sizedMatrix(
      slot.W,
      `${path}.W`,
      fanIn,
      `layers[${l}].W has ${fanIn}`,
      units,
      `layers[${l}].W has ${units}`,
    ),
    b: vector(slot.b, `${path}.b`, units, `layers[${l}].b has ${units}`),
  };
}

function parseOptimizerState(value: unknown, kind: OptimizerKind, layers: ModelLayer[]): ModelOptimizerState {
  const path = 'training.state';
  const state = object(value, path);
  const t = nonNegativeInteger(state.t, `${path}.t`);
  if (!Array.isArray(state.layers) || state.layers.length !== layers.length) {
    fail(
      `${path}.layers must be an array of ${layers.length} (one per layer), got ${describe(state.layers)}`,
    );
  }
  const perLayer = state.layers.map((raw: unknown, l) => {
    const entry = object(raw, `${path}.layers[${l}]`);
    const parsed: ModelLayerState = {};
    for (const name of slotNamesOf(kind)) {
      parsed[name] = parseSlot(entry[name], `${path}.layers[${l}].${name}`, layers[l], l);
    }
    return parsed;
  });
  return { t, layers: perLayer };
}

function parseBatchOrder(value: unknown, trainCount: number): ModelBatchOrder {
  const path = 'training.batchOrder';
  const order = object(value, path);
  const permutation = vector(
    order.permutation,
    `${path}.permutation`,
    trainCount,
    `data.train has ${trainCount} examples`,
  );
  const seen = new Uint8Array(trainCount);
  permutation.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0 || v >= trainCount || seen[v] === 1) {
      fail(`${path}.permutation[${i}] is ${v}: not a permutation of 0 … ${trainCount - 1}`);
    }
    seen[v] = 1;
  });
  const position = nonNegativeInteger(order.position, `${path}.position`);
  if (position > trainCount)
    fail(`${path}.position is ${position} but data.train has ${trainCount} examples`);
  const epoch = nonNegativeInteger(order.epoch, `${path}.epoch`);
  const parsed: ModelBatchOrder = { permutation, position, epoch };
  if (order.rng !== undefined) {
    const rng = vector(order.rng, `${path}.rng`, 4, 'an Rng state has 4');
    rng.forEach((v, i) => {
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
        fail(`${path}.rng[${i}] is ${v}: not an unsigned 32-bit integer`);
      }
    });
    parsed.rng = rng as [number, number, number, number];
  }
  return parsed;
}

function parseTraining(value: unknown, layers: ModelLayer[], trainCount: number): ModelTraining {
  const training = object(value, 'training');
  const parsed: ModelTraining = {};
  if (training.optimizer !== undefined) {
    parsed.optimizer = oneOf(training.optimizer, OPTIMIZERS, 'training.optimizer');
  }
  for (const name of ['learningRate', 'regularizationRate'] as const) {
    if (training[name] === undefined) continue;
    const v = finite(training[name], `training.${name}`);
    if (v < 0) fail(`training.${name} must be ≥ 0, got ${v}`);
    parsed[name] = v;
  }
  if (training.batchSize !== undefined) {
    const size = nonNegativeInteger(training.batchSize, 'training.batchSize');
    if (size === 0) fail('training.batchSize must be at least 1, got 0');
    parsed.batchSize = size;
  }
  for (const name of ['beta', 'beta1', 'beta2'] as const) {
    if (training[name] === undefined) continue;
    const v = finite(training[name], `training.${name}`);
    if (!(v >= 0 && v < 1)) fail(`training.${name} must be in [0, 1), got ${v}`);
    parsed[name] = v;
  }
  if (training.regularization !== undefined) {
    parsed.regularization = oneOf(training.regularization, REGULARIZATIONS, 'training.regularization');
  }
  if (training.state !== undefined) {
    parsed.state = parseOptimizerState(training.state, parsed.optimizer ?? 'sgd', layers);
  }
  if (training.batchOrder !== undefined) {
    parsed.batchOrder = parseBatchOrder(training.batchOrder, trainCount);
  }
  return parsed;
}

function parseDocument(root: unknown): ModelDocument {
  const doc = object(root, 'the file');
  if (doc.format !== MODEL_FORMAT) {
    fail(
      `format must be "${MODEL_FORMAT}", got ${describe(doc.format)}: this is not a Backprop Lab model file`,
    );
  }
  if (doc.version !== MODEL_VERSION) {
    fail(`version ${describe(doc.version)} is not supported; this app reads version ${MODEL_VERSION}`);
  }
  const inputs = parseInputs(doc.inputs);
  const layers = parseLayers(doc.layers, inputs.length);
  const loss = oneOf(doc.loss, LOSSES, 'loss');
  checkLossMatchesOutput(loss, layers);
  const outputUnits = layers[layers.length - 1].b.length;
  const data = object(doc.data, 'data');
  const train = parseSplit(data.train, 'data.train', inputs.length, outputUnits);
  const model: ModelDocument = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    inputs,
    layers,
    loss,
    data: { train },
  };
  if (data.test !== undefined) {
    model.data.test = parseSplit(data.test, 'data.test', inputs.length, outputUnits);
  }
  if (doc.seed !== undefined) model.seed = finite(doc.seed, 'seed');
  if (doc.step !== undefined) model.step = nonNegativeInteger(doc.step, 'step');
  if (doc.training !== undefined) model.training = parseTraining(doc.training, layers, train.X.length);
  if (doc.app !== undefined) model.app = object(doc.app, 'app');
  return model;
}

/** Reads a model file. Never throws: a refusal says which field is wrong and how. */
export function parseModelFile(text: string): ParseModelResult {
  if (typeof text !== 'string')
    return { ok: false, error: `expected the file's text, got ${describe(text)}` };
  if (text.length > MAX_MODEL_FILE_CHARS) {
    const mb = (n: number): string => `${Math.round(n / 1e6)} MB`;
    return {
      ok: false,
      error: `the file is ${mb(text.length)}; model files are limited to ${mb(MAX_MODEL_FILE_CHARS)}`,
    };
  }
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  try {
    const model = parseDocument(root);
    return { ok: true, model, ignored: unknownFields(root) };
  } catch (e) {
    if (e instanceof ModelFileError) return { ok: false, error: e.message };
    // Anything else is a bug here, not in the file; still a refusal, never an uncaught throw.
    return { ok: false, error: `could not read the model: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The slot names of each optimizer, in the engine's order (OptimizerState.slots is m's then v's). */
export function slotNamesOf(kind: OptimizerKind): readonly (keyof ModelLayerState)[] {
  return kind === 'momentum' ? ['velocity'] : kind === 'adam' ? ['m', 'v'] : [];
}
