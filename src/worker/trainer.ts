/**
 * The training state of a run and the moves on it: the network, the live settings in force, the
 * optimizer, the seeded batch order and the step and epoch counters; taking the next batch,
 * applying an update, and capturing or restoring all of it as a keyframe (bit-identical).
 */
import {
  createBatcher,
  createOptimizer,
  createRng,
  gatherRows,
  gradientCheck,
  resultVerdict,
  type BackwardFaults,
  type BackwardPass,
  type Batcher,
  type GradientCheckResult,
  type MLP,
  type Optimizer,
  type OptimizerState,
  type Rng,
} from '../engine';
import { optimizerConfigOf, type TrainingSettings } from '../model/config';
import type { DivergenceInfo, Keyframe, ParamKind, TimelineEvent } from './protocol';
import type { RunData } from './runData';

/** A batch of the training set: its rows, X (n × d), Y (n × outputs), and the epoch after it. */
export interface Batch {
  n: number;
  indices: Uint32Array;
  X: Float64Array;
  Y: Float64Array;
  epochAfter: number;
}

export class Trainer {
  /** Completed updates. */
  step = 0;
  /** Completed passes over the training set. */
  epoch = 0;
  private optimizer: Optimizer;
  private readonly rng: Rng;
  private readonly batcher: Batcher;
  /** Per-batch-size gather buffers, so the fast path allocates nothing. */
  private readonly buffers = new Map<number, { X: Float64Array; Y: Float64Array }>();

  constructor(
    readonly mlp: MLP,
    /** The live settings in force. */
    public settings: TrainingSettings,
    seed: number,
    private readonly data: Pick<RunData, 'trainX' | 'trainY' | 'd' | 'outUnits' | 'train'>,
  ) {
    this.optimizer = createOptimizer(optimizerConfigOf(settings));
    this.rng = createRng(seed);
    this.batcher = createBatcher(this.trainCount, Math.min(settings.batchSize, this.trainCount), this.rng);
  }

  private get trainCount(): number {
    return this.data.train.count;
  }

  /** The next batch; `fresh` gathers into new arrays (kept by a phased step), else reused buffers. */
  nextBatch(fresh: boolean): Batch {
    const { trainX, trainY, d, outUnits } = this.data;
    const batch = this.batcher.next();
    const n = batch.indices.length;
    const indices = fresh ? batch.indices.slice() : batch.indices;
    let X: Float64Array;
    let Y: Float64Array;
    if (fresh) {
      X = new Float64Array(n * d);
      Y = new Float64Array(n * outUnits);
    } else {
      let b = this.buffers.get(n);
      if (!b) {
        if (this.buffers.size >= 8) this.buffers.clear();
        b = { X: new Float64Array(n * d), Y: new Float64Array(n * outUnits) };
        this.buffers.set(n, b);
      }
      ({ X, Y } = b);
    }
    gatherRows(trainX, d, indices, X);
    gatherRows(trainY, outUnits, indices, Y);
    return { n, indices, X, Y, epochAfter: batch.epochEnded ? batch.epoch + 1 : batch.epoch };
  }

  /** The optimizer's update with these gradients (the counters are the run's to move). */
  update(grads: BackwardPass): void {
    this.optimizer.step(this.mlp, grads);
  }

  /** New live settings (from the next update). */
  applySettings(next: TrainingSettings): void {
    const kindChanged = next.optimizer !== this.settings.optimizer;
    this.settings = next;
    if (kindChanged) this.optimizer = createOptimizer(optimizerConfigOf(next));
    else this.optimizer.configure(optimizerConfigOf(next));
    this.batcher.setBatchSize(Math.min(next.batchSize, this.trainCount));
  }

  /** A live change (timeline.ts): new settings, or one parameter's new value. */
  applyEvent(e: TimelineEvent): void {
    if (e.kind === 'set-training') this.applySettings({ ...this.settings, ...e.patch });
    else this.writeParam(e.layer, e.param, e.index, e.value);
  }

  writeParam(layer: number, kind: ParamKind, index: number, value: number): void {
    const target = kind === 'W' ? this.mlp.layers[layer].W : this.mlp.layers[layer].b;
    target[index] = value;
  }

  /** Whether every parameter is a finite number. */
  paramsFinite(): boolean {
    let sum = 0;
    for (const { W, b } of this.mlp.layers) {
      for (let i = 0; i < W.length; i++) sum += W[i] * 0;
      for (let i = 0; i < b.length; i++) sum += b[i] * 0;
    }
    // x·0 is 0 for finite x and NaN for NaN and ±∞, so one NaN anywhere makes the sum NaN.
    return sum === 0;
  }

  capture(): Keyframe {
    return {
      step: this.step,
      epoch: this.epoch,
      params: this.mlp.getParameters(),
      settings: { ...this.settings },
      optimizer: this.optimizer.getState(),
      batcher: this.batcher.getState(),
      rng: this.rng.getState(),
    };
  }

  restore(kf: Keyframe): void {
    this.mlp.setParameters(kf.params);
    this.settings = { ...kf.settings };
    this.optimizer = createOptimizer(optimizerConfigOf(this.settings));
    this.optimizer.setState(kf.optimizer);
    this.batcher.setBatchSize(Math.min(this.settings.batchSize, this.trainCount));
    this.batcher.setState(kf.batcher);
    this.rng.setState(kf.rng);
    this.step = kf.step;
    this.epoch = kf.epoch;
  }

  /** Finite differences vs backprop on `batch` (or the first rows of the training set), on a copy. */
  gradientCheck(
    batch: { X: Float64Array; Y: Float64Array; n: number } | null,
    options: { faults?: BackwardFaults; maxPerParameter?: number },
  ): { result: GradientCheckResult; verdict: 'good' | 'suspicious' | 'wrong' } {
    const { trainX, trainY, d, outUnits } = this.data;
    const n = batch ? batch.n : Math.min(this.trainCount, Math.max(1, Math.min(this.settings.batchSize, 32)));
    const X = batch ? batch.X : trainX;
    const Y = batch ? batch.Y : trainY;
    const result = gradientCheck(this.mlp.clone(), X.slice(0, n * d), Y.slice(0, n * outUnits), n, options);
    return { result, verdict: resultVerdict(result) };
  }

  /** The optimizer's whole state (copies), for the update phase's frame. */
  optimizerState(): OptimizerState {
    return this.optimizer.getState();
  }

  slotValues(layer: number, kind: ParamKind, index: number): Record<string, number> {
    return this.optimizer.slotValues({ layer, kind, index });
  }
}

/** Throws when (layer, kind, index, value) is not a parameter of `mlp` and a finite value. */
export function checkWeightEdit(
  mlp: MLP,
  layer: number,
  kind: ParamKind,
  index: number,
  value: number,
): void {
  const L = mlp.layers.length;
  if (!Number.isInteger(layer) || layer < 0 || layer >= L) {
    throw new Error(`set weight: layer must be an integer in 0 … ${L - 1}, got ${String(layer)}`);
  }
  if (kind !== 'W' && kind !== 'b')
    throw new Error(`set weight: kind must be 'W' or 'b', got ${String(kind)}`);
  const size = kind === 'W' ? mlp.layers[layer].W.length : mlp.layers[layer].b.length;
  if (!Number.isInteger(index) || index < 0 || index >= size) {
    throw new Error(
      `set weight: index must be an integer in 0 … ${size - 1} for ${kind}${layer + 1}, got ${String(index)}`,
    );
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`set weight: value must be a finite number, got ${String(value)}`);
  }
}

/** A parameter as the UI names it: W2[row, column] (1-based layer) or b2[unit]. */
export function parameterName(mlp: MLP, layer: number, kind: ParamKind, index: number): string {
  const units = mlp.layers[layer].units;
  return kind === 'W'
    ? `W${layer + 1}[${Math.floor(index / units)}, ${index % units}]`
    : `b${layer + 1}[${index}]`;
}

/** The run diverged at `step`: its loss, or after its update a parameter, is not a finite number. */
export function divergenceAt(step: number, where: 'loss' | 'update'): DivergenceInfo {
  return {
    step,
    phase: { kind: where },
    reason:
      where === 'update'
        ? `The update of step ${step} made a weight overflow (no longer a finite number): the learning rate is probably too high.`
        : `The loss of step ${step} is not a finite number: the weights have exploded; the learning rate is probably too high.`,
    lastGoodStep: step - 1,
  };
}
