/**
 * The parts of a frame that copy the network's state: the parameters, the batch's cached values as
 * far as the step has computed them, and each layer's training health. Float32 copies, non-finite
 * values replaced (float32.ts).
 */
import type { BackwardPass, MLP, OptimizerState } from '../engine';
import type { UnitActivity } from './evaluation';
import { phaseIndex, updateIndex } from '../model/phase';
import { finiteOr, toF32, type NonFiniteFlag } from './float32';
import type { LastBatch } from './phasedStep';
import type { RunConfig } from '../model/config';
import {
  EXACT_BATCH_VALUES,
  type BatchCache,
  type ExactBatch,
  type Frame,
  type FrameDataset,
  type LayerHealth,
  type LayerParams,
  type OptimizerSlot,
} from './protocol';
import type { Timeline } from './timeline';

export { SATURATION_THRESHOLD } from './evaluation';

/** W and b of each layer, from the network or from `source` ([W0, b0, W1, b1, …]). */
export function copyParams(
  mlp: MLP,
  source: readonly Float64Array[] | null,
  flag: NonFiniteFlag,
): LayerParams[] {
  return mlp.layers.map((layer, l) => ({
    W: toF32(source ? source[2 * l] : layer.W, undefined, flag),
    b: toF32(source ? source[2 * l + 1] : layer.b, undefined, flag),
  }));
}

/** The names of the optimizer's slots, in the order getState() lists them. */
const SLOT_NAMES: Record<OptimizerState['kind'], OptimizerSlot['name'][]> = {
  sgd: [],
  momentum: ['velocity'],
  adam: ['m', 'v'],
};

/**
 * The optimizer's state as the update phase's frame carries it: each slot laid out like the
 * parameters (getState() lists [W0, b0, W1, b1, …] per slot, slot after slot), and t.
 */
export function optimizerFrameState(
  mlp: MLP,
  state: OptimizerState,
  flag: NonFiniteFlag,
): Pick<Frame, 'optimizerSlots' | 'optimizerT'> {
  const names = SLOT_NAMES[state.kind];
  const perSlot = 2 * mlp.layers.length;
  // Before the first step (or right after a change of optimizer) there are no slots yet.
  if (state.slots.length !== names.length * perSlot) return { optimizerSlots: [], optimizerT: state.t };
  return {
    optimizerSlots: names.map((name, s) => ({
      name,
      params: copyParams(mlp, state.slots.slice(s * perSlot, (s + 1) * perSlot), flag),
    })),
    optimizerT: state.t,
  };
}

/**
 * A batch's values with the step they belong to, whatever their phase: a LastBatch whose backward
 * pass may not have run yet.
 */
export interface BatchSource extends Omit<LastBatch, 'grads'> {
  grads: BackwardPass | null;
}

/**
 * The batch cache of a frame: the values computed up to the phase at index `reached` (a whole
 * step's at the update), null for the others.
 */
export function batchCacheOf(
  mlp: MLP,
  src: BatchSource,
  reached: number,
  widths: { d: number; outUnits: number },
  flag: NonFiniteFlag,
): BatchCache {
  const L = mlp.layers.length;
  const { n, pass, grads } = src;
  const has = (phase: Parameters<typeof phaseIndex>[0]): boolean => reached >= phaseIndex(phase, L);
  const copy = (a: Float64Array | undefined, ok: boolean): Float32Array | null =>
    ok && a ? toF32(a, a.length, flag) : null;
  const forwardDone = (l: number) => has({ kind: 'forward', layer: l });
  const lossDone = has({ kind: 'loss' });
  // dZ[l] comes from the loss for the output layer, from backward l + 1 for a hidden one; dW and db from backward l.
  const dZDone = (l: number) => (l === L - 1 ? lossDone : has({ kind: 'backward', layer: l + 1 }));
  const backwardDone = (l: number) => has({ kind: 'backward', layer: l });
  return {
    step: src.step,
    n,
    indices: src.indices.slice(),
    X: toF32(src.X, n * widths.d, flag),
    Y: toF32(src.Y, n * widths.outUnits, flag),
    Z: mlp.layers.map((_, l) => copy(pass.Z[l], forwardDone(l))),
    A: mlp.layers.map((_, l) => copy(pass.A[l], forwardDone(l))),
    loss: grads && lossDone ? finiteOr(grads.loss, flag) : null,
    dZ: mlp.layers.map((_, l) => copy(grads?.dZ[l], dZDone(l))),
    dA: mlp.layers.slice(0, L - 1).map((_, l) => copy(grads?.dA[l], dZDone(l))),
    dW: mlp.layers.map((_, l) => copy(grads?.dW[l], backwardDone(l))),
    db: mlp.layers.map((_, l) => copy(grads?.db[l], backwardDone(l))),
    ...exactOf(mlp, src, widths, forwardDone),
  };
}

/** BatchCache.exact: float64 copies for a textbook-sized, all-finite batch; nothing otherwise. */
function exactOf(
  mlp: MLP,
  src: BatchSource,
  widths: { d: number; outUnits: number },
  forwardDone: (l: number) => boolean,
): { exact?: ExactBatch } {
  const { n, pass } = src;
  const X = src.X.subarray(0, n * widths.d);
  const Y = src.Y.subarray(0, n * widths.outUnits);
  const Z = mlp.layers.map((_, l) => (forwardDone(l) && pass.Z[l] ? pass.Z[l] : null));
  const A = mlp.layers.map((_, l) => (forwardDone(l) && pass.A[l] ? pass.A[l] : null));
  const W = mlp.layers.map((layer) => layer.W);
  const all = [X, Y, ...W, ...Z, ...A].filter((a): a is Float64Array => a !== null);
  const total = all.reduce((sum, a) => sum + a.length, 0);
  if (total > EXACT_BATCH_VALUES || !all.every((a) => a.every(Number.isFinite))) return {};
  const copy = (a: Float64Array | null) => (a ? a.slice() : null);
  return {
    exact: { X: X.slice(), Y: Y.slice(), Z: Z.map(copy), A: A.map(copy), W: W.map((w) => w.slice()) },
  };
}

/** The phase index a completed step's batch has reached (all of it). */
export function completedIndex(mlp: MLP): number {
  return updateIndex(mlp.layers.length);
}

/**
 * Training health per layer. Dead and saturated units are measured on the whole training set (the
 * frame's evaluation pass, `activity`): a unit that is 0 for one mini-batch may be alive for the
 * others. The activation mean and spread and the gradient norm come from the latest values of each
 * layer: this step's where computed, else the previous step's, so a frame depends only on the
 * position. Keeps the last numbers of a layer when neither has them.
 */
export class LayerHealthTracker {
  private readonly cache: LayerHealth[];

  constructor(private readonly mlp: MLP) {
    this.cache = mlp.layers.map(() => ({
      activationMean: 0,
      activationStd: 0,
      saturatedFraction: null,
      deadFraction: null,
      gradientNorm: null,
    }));
  }

  health(
    batch: BatchCache | null,
    previous: LastBatch | null,
    activity: readonly UnitActivity[],
    flag: NonFiniteFlag,
  ): LayerHealth[] {
    return this.mlp.layers.map((_, l) => {
      const cached = this.cache[l];
      const A: ArrayLike<number> | null | undefined = batch?.A[l] ?? previous?.pass.A[l];
      if (A && A.length > 0) {
        let sum = 0;
        let sumSq = 0;
        for (let i = 0; i < A.length; i++) {
          sum += A[i];
          sumSq += A[i] * A[i];
        }
        const mean = sum / A.length;
        cached.activationMean = finiteOr(mean, flag, 0);
        cached.activationStd = finiteOr(Math.sqrt(Math.max(0, sumSq / A.length - mean * mean)), flag, 0);
      }
      const units = activity[l];
      if (units) {
        cached.saturatedFraction = units.saturated === null ? null : units.saturated / units.units;
        cached.deadFraction = units.dead === null ? null : units.dead / units.units;
      }
      const dW: ArrayLike<number> | null | undefined = batch?.dW[l] ?? previous?.grads.dW[l];
      if (dW) {
        let s = 0;
        for (let i = 0; i < dW.length; i++) s += dW[i] * dW[i];
        cached.gradientNorm = finiteOr(Math.sqrt(s), flag);
      }
      return { ...cached };
    });
  }
}

/**
 * What changes rarely is sent only when it changed: the timeline's events, the effective config,
 * and the dataset (once per run).
 */
export class FrameNews {
  private eventsVersion = -1;
  private configKey = '';
  private datasetSent = false;

  since(
    timeline: Timeline,
    config: RunConfig,
    dataset: () => FrameDataset,
  ): Pick<Frame, 'events' | 'config' | 'dataset'> {
    const news: Pick<Frame, 'events' | 'config' | 'dataset'> = {};
    if (timeline.version !== this.eventsVersion) {
      news.events = timeline.events.map((e) => ({ ...e }));
      this.eventsVersion = timeline.version;
    }
    const configKey = JSON.stringify(config);
    if (configKey !== this.configKey) {
      news.config = config;
      this.configKey = configKey;
    }
    if (!this.datasetSent) {
      news.dataset = dataset();
      this.datasetSent = true;
    }
    return news;
  }
}
