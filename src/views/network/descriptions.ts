/**
 * The words for the graph, for screen readers and the tooltip: every node's, weight's and bias's
 * name (its aria-label, in the seed's notation: "Weight W₁[2,3] from x₂ to neuron 3 of layer 1"),
 * and the live read-out of its numbers. Pure text builders.
 *
 * Layers are counted as in the layout: 0 is the inputs, sizes.length − 1 the outputs; weight layer l
 * (0-based) connects layer l to layer l + 1 and is W₍l+1₎ in the UI.
 */
import { FEATURE_BY_ID } from '../../engine';
import type { FeatureId } from '../../engine';
import type { AppState } from '../../store/types';
import { preciseNumber } from '../../model/format';
import { bundleValue, columnValue } from './frameView';
import type { BundleAxis } from './frameView';
import type { Geometry, Item } from './geometry';

/** What the names depend on: the layer sizes (inputs … outputs) and the input features. */
export interface NamedShape {
  sizes: readonly number[];
  features: readonly FeatureId[];
}

export function subscript(n: number): string {
  return String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)]);
}

/** A unit's name in a sentence: "x₁", "neuron 2 of layer 1", "output", "output 3". */
export function unitName({ sizes, features }: NamedShape, layer: number, unit: number): string {
  if (layer === 0) return FEATURE_BY_ID[features[unit]]?.label ?? `input ${unit + 1}`;
  if (layer === sizes.length - 1) return sizes[layer] === 1 ? 'output' : `output ${unit + 1}`;
  return `neuron ${unit + 1} of layer ${layer}`;
}

/** A node's own name: "Input x₁", "Neuron 2 of layer 1", "Output", "Output 3". */
export function nodeLabel(shape: NamedShape, layer: number, unit: number): string {
  const { sizes } = shape;
  if (layer === 0) return `Input ${unitName(shape, 0, unit)}`;
  if (layer === sizes.length - 1) return sizes[layer] === 1 ? 'Output' : `Output ${unit + 1}`;
  return `Neuron ${unit + 1} of layer ${layer}`;
}

/** The output's mark beside its node: ŷ, or ŷ₁, ŷ₂ … for several outputs. */
export function outputMark(outputs: number, unit: number): string {
  return outputs === 1 ? 'ŷ' : `ŷ${subscript(unit + 1)}`;
}

/** Weight W₍l+1₎[i+1, j+1] from unit i of layer l to unit j of layer l + 1. */
export function weightLabel(shape: NamedShape, l: number, i: number, j: number): string {
  const from = unitName(shape, l, i);
  const to = unitName(shape, l + 1, j);
  return `Weight W${subscript(l + 1)}[${i + 1},${j + 1}] from ${from} to ${to}`;
}

/** A bundle of weights drawn as one edge, where a layer is drawn as a block. */
export function bundleLabel(shape: NamedShape, l: number, axis: BundleAxis, at: number): string {
  const fanIn = shape.sizes[l];
  const units = shape.sizes[l + 1];
  const what =
    axis === 'all'
      ? `(${fanIn} × ${units})`
      : axis === 'row'
        ? `from ${unitName(shape, l, at)} (${units} weights)`
        : `to ${unitName(shape, l + 1, at)} (${fanIn} weights)`;
  return `Weights W${subscript(l + 1)} ${what}`;
}

export function biasLabel(shape: NamedShape, l: number, index: number): string {
  return `Bias b${subscript(l + 1)}[${index + 1}] of ${unitName(shape, l + 1, index)}`;
}

/** All of a block layer's biases, drawn as one marker. */
export function biasBundleLabel(l: number, units: number): string {
  return `Biases b${subscript(l + 1)} (${units} values)`;
}

/** The weight editor's title for a parameter: its label without where it sits ("Weight W₁[2,3]"). */
export function editorTitle(item: Item): string {
  return item.label.replace(/ (from|of) .*$/, '');
}

/** The live read-out for an item: the value and, for parameters, the latest gradient. */
export function describeLive(item: Item, state: Pick<AppState, 'frame' | 'ui'>, geometry: Geometry): string {
  const frame = state.frame;
  if (!frame) return item.label;
  const { sizes } = geometry;
  const was = (now: number | undefined, prev: number | undefined): string =>
    prev !== undefined && now !== undefined ? ` (was ${preciseNumber(prev)})` : '';
  switch (item.type) {
    case 'W': {
      const w = frame.params[item.layer]?.W[item.index];
      const g = frame.batch?.dW[item.layer]?.[item.index];
      const prev = frame.prevParams?.[item.layer]?.W[item.index];
      return `w = ${preciseNumber(w)}${was(w, prev)} · ∂L/∂w = ${preciseNumber(g)}`;
    }
    case 'b': {
      const b = frame.params[item.layer]?.b[item.index];
      const g = frame.batch?.db[item.layer]?.[item.index];
      const prev = frame.prevParams?.[item.layer]?.b[item.index];
      return `b = ${preciseNumber(b)}${was(b, prev)} · ∂L/∂b = ${preciseNumber(g)}`;
    }
    case 'agg': {
      const W = frame.params[item.layer]?.W;
      if (!W) return item.label;
      const { rms, mean } = bundleValue(W, sizes[item.layer], sizes[item.layer + 1], item.axis, item.at);
      return `mean w = ${preciseNumber(mean)} · RMS = ${preciseNumber(rms)}`;
    }
    case 'bagg': {
      const b = frame.params[item.layer]?.b;
      if (!b) return item.label;
      const { rms, mean } = bundleValue(b, 1, b.length, 'row', 0);
      return `mean b = ${preciseNumber(mean)} · RMS = ${preciseNumber(rms)}`;
    }
    case 'node': {
      const batch = frame.batch;
      const units = sizes[item.layer];
      const selected = state.ui.selectedExample;
      const row = selected !== null && batch && selected < batch.n ? selected : null;
      const which = row === null ? 'batch mean' : `example ${row + 1}`;
      if (!batch) return `${which}: —`;
      const n = batch.n;
      const read = (data: Float32Array | null | undefined): number =>
        data && data.length === n * units ? columnValue(data, n, units, item.unit, row) : NaN;
      if (item.layer === 0) return `${which}: ${preciseNumber(read(batch.X))}`;
      const l = item.layer - 1;
      const parts = [`z = ${preciseNumber(read(batch.Z[l]))}`, `a = ${preciseNumber(read(batch.A[l]))}`];
      const dZ = batch.dZ[l];
      if (dZ) parts.push(`∂L/∂z = ${preciseNumber(read(dZ))}`);
      const b = frame.params[l]?.b[item.unit];
      if (b !== undefined) parts.push(`b = ${preciseNumber(b)}`);
      return `${which}: ${parts.join(' · ')}`;
    }
  }
}
