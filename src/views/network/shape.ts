/**
 * What shapes the network graph, and nothing else: the input features, the hidden layer sizes, the
 * output units and the activations. The graph is rebuilt (and an open tooltip or weight editor
 * closed) only when this changes, so a live setting (learning rate, optimizer, batch size,
 * regularization) leaves the graph as it is.
 *
 * The store's config is a new object on every setConfig, and its arrays may be new copies with the
 * same values; so the shape is compared by value and kept by reference while it is equal.
 */
import type { Activation, Dataset, FeatureId } from '../../engine';
import type { AppState } from '../../store/types';
import { OUTPUTS, classCountOf } from '../../model/config';
import type { RunConfig } from '../../model/config';

export interface NetworkShape {
  features: readonly FeatureId[];
  hiddenLayers: readonly number[];
  /** Output units: k for softmax (k from the custom data when drawn), else 1. */
  outputs: number;
  activation: Activation;
  outputActivation: Activation;
}

/** Output units: k for softmax (k from the custom data when drawn), else 1. */
export function outputCount(config: RunConfig, customData: Dataset | null): number {
  if (config.output !== 'softmax-ce') return 1;
  return customData && customData.classes > 2 ? customData.classes : Math.max(2, classCountOf(config));
}

export function networkShapeOf(state: Pick<AppState, 'config' | 'customData'>): NetworkShape {
  const { config, customData } = state;
  return {
    features: config.features,
    hiddenLayers: config.hiddenLayers,
    outputs: outputCount(config, customData),
    activation: config.activation,
    outputActivation: OUTPUTS[config.output].activation,
  };
}

function sameValues<T>(a: readonly T[], b: readonly T[]): boolean {
  return a === b || (a.length === b.length && a.every((v, i) => v === b[i]));
}

export function sameShape(a: NetworkShape, b: NetworkShape): boolean {
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
export function createShapeSelector(): (state: Pick<AppState, 'config' | 'customData'>) => NetworkShape {
  let last: NetworkShape | null = null;
  return (state) => {
    const next = networkShapeOf(state);
    if (last === null || !sameShape(last, next)) last = next;
    return last;
  };
}
