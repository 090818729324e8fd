/** Labels along a matrix's axes: the network's units (n1, n2 …; ŷ or class j at the output) and the input features. */
import { FEATURE_BY_ID, type FeatureId } from '../../engine';
import type { Axis } from './equationModel';

/** Layer l's units, in a network of L weight layers. */
export function unitAxis(l: number, units: number, L: number): Axis {
  const labels =
    l !== L - 1
      ? Array.from({ length: units }, (_, j) => `n${j + 1}`)
      : units === 1
        ? ['ŷ']
        : Array.from({ length: units }, (_, j) => `class ${j}`);
  return { kind: 'unit', labels };
}

/** The input features, named as the data panel names them (x1, x2 … when unknown). */
export function featureAxis(features: readonly FeatureId[], inputs: number): Axis {
  const labels = Array.from({ length: inputs }, (_, j) => FEATURE_BY_ID[features[j]]?.label ?? `x${j + 1}`);
  return { kind: 'feature', labels };
}
