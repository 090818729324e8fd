/**
 * The network evaluated over the input plane's grid (model/plane.ts): the output at each grid point,
 * optionally every neuron's value, and each feature's value, for the decision boundary and the
 * neuron maps. The grid's inputs are built once per resolution; its forward pass is gridForward.ts
 * (it reads the trained parameters and writes only its own buffers).
 *
 * It remembers the parameters of the grid it evaluated last, so the worker can tell when a new grid
 * would be the same one: stepping through a step's forward and backward phases changes no
 * parameter, and re-evaluating 100 × 100 points (and repainting the boundary and every neuron map
 * in the page) for each phase cost the key press most of its time.
 */
import { buildFeatures, type FeatureId, type MLP } from '../engine';
import { planeGridPoints } from '../model/plane';
import { toF32, type NonFiniteFlag } from './float32';
import { GridForward } from './gridForward';
import { GRID_RESOLUTION_LIMITS, type FrameGrid, type GridRequest } from './protocol';

export class GridEvaluator {
  /** The features of the last resolution's grid points (one resolution is asked for at a time). */
  private inputs: { resolution: number; X: Float64Array } | null = null;
  /** The request and the trained parameters (W and b per layer) of the last evaluation. */
  private last: { resolution: number; neurons: boolean; params: Float64Array[] } | null = null;
  private readonly forward: GridForward;

  constructor(
    /** The network being trained, whose parameters the grid shows. */
    private readonly trained: MLP,
    private readonly features: FeatureId[],
    private readonly outUnits: number,
    /** The plane the grid samples: [−w, w]² (model/plane.ts). */
    private readonly planeHalfWidth: number,
  ) {
    this.forward = new GridForward(trained);
  }

  private inputFor(resolution: number): Float64Array {
    if (this.inputs?.resolution !== resolution) {
      const points = planeGridPoints(resolution, resolution, this.planeHalfWidth);
      this.inputs = { resolution, X: buildFeatures(points, resolution * resolution, this.features) };
    }
    return this.inputs.X;
  }

  /**
   * Whether evaluating `request` now would give the last grid again: the same resolution and
   * neurons, and the trained parameters bit for bit the same (O(parameters), far below a grid).
   */
  isCurrent(request: GridRequest): boolean {
    const last = this.last;
    if (!last || last.resolution !== resolutionOf(request) || last.neurons !== request.neurons) return false;
    const layers = this.trained.layers;
    for (let l = 0; l < layers.length; l++) {
      if (!sameValues(last.params[2 * l], layers[l].W) || !sameValues(last.params[2 * l + 1], layers[l].b))
        return false;
    }
    return true;
  }

  /** Evaluates the network at `step`'s parameters; `flag` is set when a value was not finite. */
  evaluate(request: GridRequest, step: number, flag: NonFiniteFlag = { nonFinite: false }): FrameGrid {
    const resolution = resolutionOf(request);
    this.last = {
      resolution,
      neurons: request.neurons,
      params: this.trained.layers.flatMap((layer) => [
        Float64Array.from(layer.W),
        Float64Array.from(layer.b),
      ]),
    };
    const count = resolution * resolution;
    const d = this.features.length;
    const X = this.inputFor(resolution);
    const A = this.forward.run(X, count);
    const L = A.length;
    const featureMaps = this.features.map((_, j) => {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = X[i * d + j];
      return out;
    });
    return {
      resolution,
      step,
      outputs: toF32(A[L - 1], count * this.outUnits, flag),
      neurons: request.neurons ? A.map((values) => toF32(values, values.length, flag)) : null,
      features: featureMaps,
    };
  }
}

function resolutionOf(request: GridRequest): number {
  return Math.round(
    Math.max(GRID_RESOLUTION_LIMITS.min, Math.min(GRID_RESOLUTION_LIMITS.max, request.resolution || 0)),
  );
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
