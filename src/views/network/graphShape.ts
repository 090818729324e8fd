/**
 * What shapes the network graph, and nothing else: the input features, the hidden layer sizes, the
 * output units and the activations, taken from the network's shape (model/shape.ts) for the data in
 * use. The graph is rebuilt (and an open tooltip or weight editor closed) only when this changes, so
 * a live setting (learning rate, optimizer, batch size, regularization) leaves the graph as it is.
 *
 * The store's config is a new object on every setConfig, and its arrays may be new copies with the
 * same values; so the shape is compared by value and kept by reference while it is equal.
 */
import type { Activation, FeatureId } from '../../engine';
import { networkShape } from '../../model/shape';
import { selectOwnData } from '../../store/selectors';
import type { AppState } from '../../store/types';

export interface GraphShape {
  features: readonly FeatureId[];
  hiddenLayers: readonly number[];
  /** Output units: k for softmax, a model file's target columns, else 1. */
  outputs: number;
  activation: Activation;
  outputActivation: Activation;
}

type ShapeState = Pick<AppState, 'config' | 'customData' | 'dataset'>;

export function graphShapeOf(state: ShapeState): GraphShape {
  const { config } = state;
  const shape = networkShape(config, selectOwnData(state));
  return {
    features: config.features,
    hiddenLayers: config.hiddenLayers,
    outputs: shape.outputs,
    activation: config.activation,
    outputActivation: shape.activations[shape.L - 1],
  };
}

function sameValues<T>(a: readonly T[], b: readonly T[]): boolean {
  return a === b || (a.length === b.length && a.every((v, i) => v === b[i]));
}

export function sameGraphShape(a: GraphShape, b: GraphShape): boolean {
  return (
    a.outputs === b.outputs &&
    a.activation === b.activation &&
    a.outputActivation === b.outputActivation &&
    sameValues(a.features, b.features) &&
    sameValues(a.hiddenLayers, b.hiddenLayers)
  );
}

/**
 * A store selector for the shape that returns the same object for as long as the shape is equal
 * by value, so a component selecting it re-renders (and its memos recompute) only on a real change.
 * Each component makes its own (the memory is per selector).
 */
export function createGraphShapeSelector(): (state: ShapeState) => GraphShape {
  let last: GraphShape | null = null;
  return (state) => {
    const next = graphShapeOf(state);
    if (last === null || !sameGraphShape(last, next)) last = next;
    return last;
  };
}
