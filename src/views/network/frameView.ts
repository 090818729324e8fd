/**
 * From a frame to what the graph shows: which layers a phase highlights, what the edges are coloured
 * by, and the values read for a node or a bundle of weights. Pure.
 */
import type { BatchCache, Phase } from '../../worker/protocol';

/** Edges show the weights, their gradients (backward phases) or their change (update phase). */
export type EdgeMode = 'W' | 'dW' | 'delta';

/** Which way values travel along the highlighted weights: inputs → outputs, or back. */
export type Flow = 'forward' | 'backward';

/** How a bundle of a block layer gathers weights: one input's row, one unit's column, or all. */
export type BundleAxis = 'row' | 'col' | 'all';

export interface PhaseView {
  /** Layout layers (0 = inputs) highlighted; null: nothing dimmed. */
  activeNodes: Set<number> | null;
  /** Weight layers highlighted; null: nothing dimmed. */
  activeWeights: Set<number> | null;
  /** Whether nodes show dZ (where computed) instead of A. */
  nodesByGradient: boolean;
  edgeMode: (layer: number, batch: BatchCache | null) => EdgeMode;
  /** The direction the active weights carry values in this phase (null: nothing moves). */
  flow: Flow | null;
}

/**
 * @param layers weight layers (L)
 * @param hasPrev whether the frame carries the parameters before the update (for ΔW)
 */
export function phaseView(phase: Phase, layers: number, hasPrev: boolean): PhaseView {
  const byWeight = (): EdgeMode => 'W';
  switch (phase.kind) {
    case 'forward':
      return {
        activeNodes: new Set([phase.layer + 1]),
        activeWeights: new Set([phase.layer]),
        nodesByGradient: false,
        edgeMode: byWeight,
        flow: 'forward',
      };
    case 'loss':
      return {
        activeNodes: new Set([layers]),
        activeWeights: new Set(),
        nodesByGradient: true,
        edgeMode: byWeight,
        flow: null,
      };
    case 'backward':
      return {
        activeNodes: new Set([phase.layer, phase.layer + 1]),
        activeWeights: new Set([phase.layer]),
        nodesByGradient: true,
        edgeMode: (layer, batch) => (batch?.dW[layer] ? 'dW' : 'W'),
        flow: 'backward',
      };
    case 'update':
      return {
        activeNodes: null,
        activeWeights: null,
        nodesByGradient: false,
        edgeMode: () => (hasPrev ? 'delta' : 'W'),
        flow: null,
      };
    default:
      return {
        activeNodes: null,
        activeWeights: null,
        nodesByGradient: false,
        edgeMode: byWeight,
        flow: null,
      };
  }
}

/**
 * Column j of an n × units matrix: the mean over its rows, or row `row`'s value when an example is
 * selected.
 */
export function columnValue(
  data: ArrayLike<number>,
  n: number,
  units: number,
  j: number,
  row: number | null,
): number {
  if (row !== null) return data[row * units + j];
  let sum = 0;
  for (let r = 0; r < n; r++) sum += data[r * units + j];
  return n > 0 ? sum / n : NaN;
}

/**
 * One bundle of a fanIn × units weight matrix: RMS for the width, the mean (its sign) for the colour.
 * Non-finite values are left out; none left gives NaN for both.
 */
export function bundleValue(
  values: ArrayLike<number>,
  fanIn: number,
  units: number,
  axis: BundleAxis,
  at: number,
): { rms: number; mean: number } {
  let sum = 0;
  let sq = 0;
  let n = 0;
  const addOne = (v: number): void => {
    if (v - v === 0) {
      sum += v;
      sq += v * v;
      n++;
    }
  };
  if (axis === 'row') for (let j = 0; j < units; j++) addOne(values[at * units + j]);
  else if (axis === 'col') for (let i = 0; i < fanIn; i++) addOne(values[i * units + at]);
  else for (let k = 0; k < fanIn * units; k++) addOne(values[k]);
  return n > 0 ? { rms: Math.sqrt(sq / n), mean: sum / n } : { rms: NaN, mean: NaN };
}
