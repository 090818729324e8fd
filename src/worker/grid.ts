/**
 * The network evaluated over the input plane's grid (model/plane.ts): the output at each grid point,
 * optionally every neuron's value, and each feature's value, for the decision boundary and the
 * neuron maps. The grid's inputs are built once per resolution.
 */
import { buildFeatures, type FeatureId } from '../engine';
import { planeGridPoints } from '../model/plane';
import type { Evaluator } from './evaluation';
import { toF32, type NonFiniteFlag } from './float32';
import { GRID_RESOLUTION_LIMITS, type FrameGrid, type GridRequest } from './protocol';

export class GridEvaluator {
  /** The features of the last resolution's grid points (one resolution is asked for at a time). */
  private inputs: { resolution: number; X: Float64Array } | null = null;

  constructor(
    private readonly evaluator: Evaluator,
    private readonly features: FeatureId[],
    private readonly outUnits: number,
  ) {}

  private inputFor(resolution: number): Float64Array {
    if (this.inputs?.resolution !== resolution) {
      const points = planeGridPoints(resolution);
      this.inputs = { resolution, X: buildFeatures(points, resolution * resolution, this.features) };
    }
    return this.inputs.X;
  }

  /** Evaluates the network at `step`'s parameters; `flag` is set when a value was not finite. */
  evaluate(request: GridRequest, step: number, flag: NonFiniteFlag = { nonFinite: false }): FrameGrid {
    const resolution = Math.round(
      Math.max(GRID_RESOLUTION_LIMITS.min, Math.min(GRID_RESOLUTION_LIMITS.max, request.resolution || 0)),
    );
    const count = resolution * resolution;
    const d = this.features.length;
    const X = this.inputFor(resolution);
    this.evaluator.sync();
    const net = this.evaluator.net;
    const pass = net.forward(X, count);
    const featureMaps = this.features.map((_, j) => {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = X[i * d + j];
      return out;
    });
    return {
      resolution,
      step,
      outputs: toF32(pass.A[net.layers.length - 1], count * this.outUnits, flag),
      neurons: request.neurons ? net.layers.map((_, l) => toF32(pass.A[l], pass.A[l].length, flag)) : null,
      features: featureMaps,
    };
  }
}
