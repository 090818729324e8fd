/**
 * The model file's other half: writing a document (serializeModelFile) and converting between the
 * document's nested rows and the engine's row-major arrays (weights, optimizer state). Reading and
 * validating a file is modelFile.ts.
 */
import { createMLP, type MLP, type OptimizerKind, type OptimizerState } from '../../engine';
import { isObject } from './json';
import {
  MODEL_FORMAT,
  MODEL_VERSION,
  slotNamesOf,
  type Matrix,
  type ModelDocument,
  type ModelLayer,
  type ModelLayerState,
  type ModelOptimizerState,
} from './modelFile';

/**
 * JSON with each row of numbers on one line: a layer's W reads as its matrix, and the file stays
 * a few lines per layer rather than one line per number.
 */
function formatJson(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) return JSON.stringify(value);
    const inner = indent + '  ';
    return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (isObject(value)) {
    const inner = indent + '  ';
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const body = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`);
    return `{\n${body.join(',\n')}\n${indent}}`;
  }
  // Numbers print as JS's shortest round-trip decimal, so parse(serialize(doc)) gives the same doubles.
  return JSON.stringify(value);
}

/** Writes a model file (fields in the documented order; parseModelFile reads it back exactly). */
export function serializeModelFile(doc: ModelDocument): string {
  const ordered = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    inputs: doc.inputs,
    layers: doc.layers.map((l) => ({ activation: l.activation, W: l.W, b: l.b })),
    loss: doc.loss,
    data: { train: doc.data.train, test: doc.data.test },
    seed: doc.seed,
    step: doc.step,
    training: doc.training,
    app: doc.app,
  };
  return formatJson(ordered, '') + '\n';
}

/** Nested rows → row-major, the engine's layout. */
export function flattenMatrix(rows: Matrix): Float64Array {
  const cols = rows.length > 0 ? rows[0].length : 0;
  const out = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => out.set(row, i * cols));
  return out;
}

/** Row-major → nested rows. */
export function toMatrix(data: ArrayLike<number>, rows: number, cols: number): Matrix {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => data[i * cols + j]));
}

/** An engine MLP with the document's architecture, loss and weights. */
export function mlpFromModel(doc: ModelDocument): MLP {
  const mlp = createMLP({
    inputSize: doc.inputs.length,
    layers: doc.layers.map((l) => ({ units: l.b.length, activation: l.activation })),
    loss: doc.loss,
  });
  doc.layers.forEach((layer, l) => {
    mlp.layers[l].W.set(flattenMatrix(layer.W));
    mlp.layers[l].b.set(layer.b);
  });
  return mlp;
}

/** The document's layers from an engine MLP's current weights. */
export function layersFromMLP(mlp: MLP): ModelLayer[] {
  return mlp.layers.map((layer) => ({
    activation: layer.activation,
    W: toMatrix(layer.W, layer.fanIn, layer.units),
    b: Array.from(layer.b),
  }));
}

/**
 * The engine's optimizer state in the document's shapes. An optimizer that has not stepped yet
 * holds no slots: its state is all zeros, which is what it would allocate.
 */
export function optimizerStateToModel(state: OptimizerState, mlp: MLP): ModelOptimizerState {
  const names = slotNamesOf(state.kind);
  const L = mlp.layers.length;
  return {
    t: state.t,
    layers: mlp.layers.map((layer, l) => {
      const entry: ModelLayerState = {};
      names.forEach((name, s) => {
        const W = state.slots[s * 2 * L + 2 * l] ?? new Float64Array(layer.W.length);
        const b = state.slots[s * 2 * L + 2 * l + 1] ?? new Float64Array(layer.units);
        entry[name] = { W: toMatrix(W, layer.fanIn, layer.units), b: Array.from(b) };
      });
      return entry;
    }),
  };
}

/** The document's optimizer state for the engine's Optimizer.setState (kind: the document's optimizer). */
export function optimizerStateFromModel(state: ModelOptimizerState, kind: OptimizerKind): OptimizerState {
  const names = slotNamesOf(kind);
  const slots = names.flatMap((name) =>
    state.layers.flatMap((entry) => {
      const slot = entry[name];
      if (slot === undefined) throw new Error(`optimizer state: a layer has no "${name}" slot for ${kind}`);
      return [flattenMatrix(slot.W), Float64Array.from(slot.b)];
    }),
  );
  return { kind, t: state.t, slots };
}
