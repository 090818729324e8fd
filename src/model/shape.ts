/**
 * The network's shape, derived once from the config and the data in use: the input width (one per
 * feature), the units and activation of every weight layer (hidden layers, then the output layer),
 * and L, the number of weight layers (what the phases of a step count).
 */
import type { Activation } from '../engine';
import type { RunConfig } from './config';
import { OUTPUTS, outputUnits, type OwnData } from './outputs';

export interface NetworkShape {
  /** Input units: one per feature (X is n × inputs). */
  inputs: number;
  /** Units of each weight layer l = 0 … L−1 (the last is the output layer). */
  sizes: number[];
  /** Activation of each weight layer (the hidden activation, then the output's). */
  activations: Activation[];
  /** Output units: k for softmax, a model file's target columns, else 1. */
  outputs: number;
  /** Weight layers (hidden layers + 1). */
  L: number;
}

export type ShapeConfig = Pick<
  RunConfig,
  'features' | 'hiddenLayers' | 'activation' | 'output' | 'dataset' | 'classes'
>;

export function networkShape(config: ShapeConfig, data?: OwnData): NetworkShape {
  const outputs = outputUnits(config, data);
  const sizes = [...config.hiddenLayers, outputs];
  return {
    inputs: config.features.length,
    sizes,
    activations: [...config.hiddenLayers.map(() => config.activation), OUTPUTS[config.output].activation],
    outputs,
    L: sizes.length,
  };
}

/** Every layer's width from the input to the output: [inputs, ...sizes]. */
export function layerWidths(shape: NetworkShape): number[] {
  return [shape.inputs, ...shape.sizes];
}
