/**
 * The worker protocol: every message between the page and the training worker, typed on both ends.
 *
 * - `ToWorker`: commands, keyed by `type`. The worker handles them in one exhaustive switch
 *   (src/worker/handlers.ts) ending in a `never` check.
 * - `FromWorker`: replies, keyed by `type`.
 *
 * Pacing: the client keeps exactly one `request-frame` outstanding. The worker answers it once, as
 * soon as there is something new to show (at once when paused and something changed, at the end of
 * the next training slice when playing), and sends no frame without a request, so it never floods
 * the page. A second `request-frame` before the first is answered replaces it (one answer).
 *
 * Every typed array in a reply is transferred (postMessage transfer list), never shared: a buffer
 * the worker sent has `byteLength === 0` on its side afterwards. Frames never contain NaN or ±∞:
 * non-finite values are replaced in the copies (NaN → 0, ±∞ → ±FLOAT32_MAX) and `nonFinite` says so.
 *
 * Notation as in the engine: layer `l` is 0-based here and `l + 1` in the UI (`Z[0]` is Z1).
 */
import type {
  BackwardFaults,
  BatcherState,
  Dataset,
  FeatureId,
  GradientCheckResult,
  OptimizerState,
  RngState,
} from '../engine';
import type { RunConfig, TrainingSettings } from '../model/config';
import type { ModelDocument } from '../model/files/modelFile';
import type { ModelDataInfo } from './loadModel';

// ---------------------------------------------------------------------------------------------------
// Position inside a training step

// The phases of a step are the app's model (src/model/phase.ts); re-exported for the protocol's users.
import type { Phase } from '../model/phase';
export type { Phase, PhaseKind } from '../model/phase';
export { phaseLabel, phasesEqual } from '../model/phase';

/** Steps per second while playing, or 'max' for as fast as the worker can train. */
export type Speed = number | 'max';

/** Bounds for a numeric speed (steps per second). */
export const SPEED_LIMITS = { min: 0.1, max: 100_000 } as const;

/** What the client wants evaluated over the input plane in the next frame. */
export interface GridRequest {
  /** Points per side, clamped to GRID_RESOLUTION_LIMITS (the grid is resolution × resolution). */
  resolution: number;
  /** Also every neuron's value (for the neuron maps), not only the output. */
  neurons: boolean;
}

export const GRID_RESOLUTION_LIMITS = { min: 4, max: 200 } as const;

export type ParamKind = 'W' | 'b';

// ---------------------------------------------------------------------------------------------------
// Page → worker

export type ToWorker =
  /**
   * Starts a run. `config` must already have passed sanitizeConfig (the worker checks it again and
   * answers `notice`s for what it changed). `customData`: drawn or imported points used instead of
   * the generated dataset. `snapshot`: restore a keyframe the client kept (crash recovery); the run
   * then continues at the snapshot's step, bit-identical to the run that sent it. `events`: live
   * changes the new run replays at their steps (a link's timeline; checked again, as the config is).
   */
  | {
      type: 'init';
      config: RunConfig;
      customData?: Dataset;
      snapshot?: RunSnapshot;
      events?: readonly TimelineEvent[];
    }
  /** A new run with a new config (the "this resets training" settings). Same as init without snapshot. */
  | { type: 'restart'; config: RunConfig; customData?: Dataset; events?: readonly TimelineEvent[] }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'set-speed'; stepsPerSecond: Speed }
  /** Finishes the current training step (or does one whole step from a boundary); lands on `ready`. */
  | { type: 'step' }
  /** Advances one phase. */
  | { type: 'step-layer' }
  /** One phase back inside the step; at `ready` of step s, to `ready` of step s − 1. */
  | { type: 'step-back' }
  /** Restores the nearest keyframe ≤ step and replays to `step` (bit-identical); lands on `ready`. */
  | { type: 'seek'; step: number }
  /**
   * Live settings (learning rate, optimizer and betas, regularization, batch size): validated by
   * sanitizeConfig, recorded as a timeline event, applied from the next training step (the step in
   * progress finishes with the old settings).
   */
  | { type: 'set-training'; patch: Partial<TrainingSettings> }
  /**
   * The user edits one parameter: W[layer][index] (row-major, fanIn × units) or b[layer][index].
   * Recorded as a timeline event; applied at once. Mid-step, the partial step is dropped first (its
   * cached activations would no longer match the weights), so the run is at `ready`.
   */
  | { type: 'set-weight'; layer: number; kind: ParamKind; index: number; value: number }
  /** Asks for the next frame (see "Pacing" above); `grid` null for no grid evaluation. */
  | { type: 'request-frame'; grid: GridRequest | null }
  /** Finite differences vs backprop on the current batch and parameters (a copy; the run is untouched). */
  | { type: 'gradient-check'; faults?: BackwardFaults; maxPerParameter?: number }
  /** After divergence: back to the last good step, exactly (a seek to `lastGoodStep`). */
  | { type: 'rewind' }
  /**
   * "Regenerate": a new draw of everything random with the next seed. The config's seed becomes
   * seed + 1 (wrapping to 0 after 2³² − 1) and the run restarts: new data points (or, with custom
   * data, a new train/test split), new initial weights, new batch order. The seed is in the config,
   * so the URL still reproduces the run; the new config comes back in the next frame.
   */
  | { type: 'regenerate' }
  /** The optimizer's per-parameter state (velocity, or Adam's m and v) of one parameter. */
  | { type: 'slot-values'; layer: number; kind: ParamKind; index: number }
  /**
   * "Are you there?": answered with `pong` and the same id once the commands before it are done.
   * The client sends one after each command while paused, when no frame may be due, so a worker
   * that died while paused is noticed on the next command (client.ts, the liveness check).
   */
  | { type: 'ping'; id: number }
  /**
   * "Keep going" after a learning-rate diagnosis: clears it, and the watch stays silent for this run
   * until the learning rate changes.
   */
  | { type: 'dismiss-diagnosis' }
  /**
   * The run as a model file ("Export model"): answered with `model` carrying `requestId`. At a step
   * boundary; mid-step, the step's start (the partial step is not part of the training state).
   */
  | { type: 'export-model'; requestId: number }
  /**
   * A new run from a model file's text ("Import model"): parsed and checked against the worker's
   * limits completely first; a refusal is an `error` reply and the current run is untouched.
   * Otherwise the run starts at the file's step with its weights, data, settings, optimizer state
   * and batch order, and frames flow as after init.
   */
  | { type: 'load-model'; text: string };

export type ToWorkerType = ToWorker['type'];

// ---------------------------------------------------------------------------------------------------
// Worker → page

export interface DivergenceInfo {
  /** The step whose update produced a non-finite loss or parameter. */
  step: number;
  /** Where it was seen: `loss` for a non-finite loss, `update` for a non-finite parameter. */
  phase: Phase;
  /** One plain sentence for the UI. */
  reason: string;
  /** The last step whose parameters and loss were all finite; `rewind` goes back there. */
  lastGoodStep: number;
}

/**
 * The learning-rate watch's finding (src/worker/diagnosis.ts): the learning rate is probably too high.
 * The worker pauses the run when it is found, as for divergence, but the run can go on.
 */
export interface LearningRateDiagnosis {
  /**
   * Which sign: a sustained loss rise, a loss worse than a constant guess, swings without progress,
   * a layer of dead ReLUs, or every weight gradient exactly 0 after units died.
   */
  kind: 'loss-rise' | 'worse-than-guessing' | 'oscillation' | 'dead-layer' | 'dead-units' | 'zero-gradient';
  /** The step at which it was found (the run is paused there). */
  step: number;
  /** The step the trouble began. */
  since: number;
  /** The step before it began: "Rewind to step …" seeks there. */
  rewindStep: number;
  /** The learning rate in force when it was found. */
  learningRate: number;
  /** Plain sentences with the numbers ("layer 1: 100 % of units dead since step 3 …"). */
  evidence: string[];
}

export type FromWorker =
  | { type: 'frame'; frame: Frame }
  /** Sent once when the learning-rate watch finds something; the run is paused. */
  | ({ type: 'diagnosis' } & LearningRateDiagnosis)
  | {
      type: 'gradient-check-result';
      step: number;
      result: GradientCheckResult;
      verdict: 'good' | 'suspicious' | 'wrong';
    }
  | ({ type: 'diverged' } & DivergenceInfo)
  /** Sent about every 2 s while the run changes; the client keeps the latest for crash recovery. */
  | { type: 'keyframe'; snapshot: RunSnapshot }
  | { type: 'error'; message: string }
  /** Something the user should read (e.g. a setting that was clamped). */
  | { type: 'notice'; message: string }
  | { type: 'slot-values'; layer: number; kind: ParamKind; index: number; values: Record<string, number> }
  /** The answer to `ping`. */
  | { type: 'pong'; id: number }
  /**
   * A long seek replays in chunks (handlers.ts replaySlice): `done` of `total` steps towards
   * `target`, sent after each chunk (so it doubles as a heartbeat); `finished` when it reached the
   * target, or stopped (a pause, another command, divergence).
   */
  | { type: 'progress'; done: number; total: number; target: number; finished: boolean }
  /** The answer to `export-model`: the model file's text (format "backprop-lab/model"). */
  | { type: 'model'; requestId: number; text: string };

export type FromWorkerType = FromWorker['type'];

/** Parameters of one layer, float32 copies for display. */
export interface LayerParams {
  /** W[l], fanIn × units, row-major. */
  W: Float32Array;
  /** b[l], units. */
  b: Float32Array;
}

/**
 * The current batch's cached values, float32 copies. Entries not computed yet in this step are
 * null. Layer l arrays are n × units[l], row-major (one row per example of the batch).
 */
/** Float64 copies of what the worked chain rule reads (see BatchCache.exact). */
export interface ExactBatch {
  X: Float64Array;
  Y: Float64Array;
  Z: (Float64Array | null)[];
  A: (Float64Array | null)[];
  /** W[l], fanIn × units: the current weights (in forward … backward phases, the ones the pass used). */
  W: Float64Array[];
}

/** Most values (X, Y, every Z, A and W) a batch may have to be sent in float64 as well. */
export const EXACT_BATCH_VALUES = 4096;

export interface BatchCache {
  /** The training step (1-based update number) these values belong to. */
  step: number;
  n: number;
  /** Indices of the batch's examples in the training set. */
  indices: Uint32Array;
  /** X: n × inputs (the features). */
  X: Float32Array;
  /** Y: n × outputs (targets in the output's encoding). */
  Y: Float32Array;
  /** Z[l] = A[l−1]·W[l] + b[l]. */
  Z: (Float32Array | null)[];
  /** A[l] = f(Z[l]); A[L−1] is ŷ. */
  A: (Float32Array | null)[];
  /** The batch loss (data loss, no regularization), null before the loss phase. */
  loss: number | null;
  /** dZ[l] = ∂L/∂Z[l]. dZ[L−1] from the loss phase, dZ[l−1] from backward l. */
  dZ: (Float32Array | null)[];
  /** dA[l] = ∂L/∂A[l], hidden layers only (length L − 1), from backward l + 1. */
  dA: (Float32Array | null)[];
  /** dW[l] = A[l−1]ᵀ·dZ[l], fanIn × units[l]. */
  dW: (Float32Array | null)[];
  /** db[l] = Σ_rows dZ[l]. */
  db: (Float32Array | null)[];
  /**
   * Textbook-sized, all-finite batches only (EXACT_BATCH_VALUES): the forward values and weights in
   * float64. The worked chain rule prints 9 digits, float32 has 7 (Mazur's y = 0.01 is 0.00999999978).
   */
  exact?: ExactBatch;
}

/** Per-layer training-health numbers. */
export interface LayerHealth {
  /** Mean and standard deviation of A[l] over the batch and the units. */
  activationMean: number;
  activationStd: number;
  /**
   * tanh, sigmoid: share of the layer's UNITS that are saturated (|a| > 0.97, or a outside
   * [0.03, 0.97]) for ≥ 95 % of the training set's examples; null for other activations.
   */
  saturatedFraction: number | null;
  /** relu: share of the layer's units that are 0 for every example of the TRAINING SET; else null. */
  deadFraction: number | null;
  /** ‖dW[l]‖ (Frobenius) of the last complete backward pass; null before the first. */
  gradientNorm: number | null;
}

/**
 * The loss series, as the worker sends them (HistoryChunk) and the store keeps them (LossHistory):
 * batch loss at every `stride`-th step, train/test loss and metric at the frames' evaluation steps.
 */
export interface LossSeries {
  /** Batch-loss points are kept at steps that are multiples of `stride` (it doubles as the run grows). */
  stride: number;
  /** Accuracy (classification) or RMSE (regression): what trainMetric and testMetric hold. */
  metric: 'accuracy' | 'rmse';
  /** Steps (number of updates done) of the batch-loss points. */
  steps: Float64Array;
  /** The batch loss of the update that produced that step (exact, data loss). */
  batchLoss: Float32Array;
  /** Steps at which the full train and test sets were evaluated (at frame time, so irregular). */
  evalSteps: Float64Array;
  trainLoss: Float32Array;
  testLoss: Float32Array;
  /** Accuracy (classification, 0 … 1) or RMSE (regression), per `metric`. */
  trainMetric: Float32Array;
  testMetric: Float32Array;
}

/**
 * Loss history since the last frame. When `reset` is true the arrays are the whole (thinned) series
 * and replace what the client had; otherwise they are appended.
 */
export interface HistoryChunk extends LossSeries {
  reset: boolean;
}

/** A live change on the timeline. It applies from step `step + 1` on (it was made after `step` updates). */
export type TimelineEvent =
  | {
      step: number;
      kind: 'set-training';
      patch: Partial<TrainingSettings>;
      /** The values before the change, so a link can recover the config the run started with. */
      previous?: Partial<TrainingSettings>;
      detail: string;
    }
  | {
      step: number;
      kind: 'set-weight';
      layer: number;
      param: ParamKind;
      index: number;
      value: number;
      detail: string;
    };

/**
 * Values over the input plane [-6, 6]². Rows go with y ASCENDING from the bottom of the plane
 * (row 0 is y ≈ −6), columns with x ascending, at cell centres:
 *   x(c) = −6 + (c + 0.5)·12/resolution,  y(r) = −6 + (r + 0.5)·12/resolution.
 * Painters that draw row 0 at the top of a canvas must flip vertically.
 * Per-pixel values are interleaved: entry (r, c, j) is at ((r·resolution + c)·units + j).
 */
export interface FrameGrid {
  resolution: number;
  /** The step whose parameters were evaluated (the grid may lag the frame while training fast). */
  step: number;
  /** The network output, resolution² × outputs. */
  outputs: Float32Array;
  /** Every layer's activations A[l], resolution² × units[l]; only when the request asked for neurons. */
  neurons: Float32Array[] | null;
  /** Each input feature's value, resolution² each, in config.features order. */
  features: Float32Array[];
}

export interface FrameDataPoints {
  /** count × 2, raw coordinates (x1, x2). */
  points: Float32Array;
  /** Class index (classification) or target value (regression). */
  labels: Float32Array;
  count: number;
}

export interface FrameDataset {
  train: FrameDataPoints;
  test: FrameDataPoints;
  /** 2 binary, k multi-class, 0 regression. */
  classes: number;
  /** The input plane the points lie on and the grids sample: [−w, w]² (model/plane.ts). */
  planeHalfWidth: number;
  /** Only for a run started from a model file: what its data is, and its training examples. */
  model?: FrameModelData;
}

/** A model file's training examples, as the views list them when they are not plane points. */
export interface FrameModelData extends ModelDataInfo {
  /** The input features (the config's), one column of X each. */
  inputs: FeatureId[];
  /** n × inputs and n × outputs, float32 copies. */
  X: Float32Array;
  Y: Float32Array;
  count: number;
}

/** One kind of the optimizer's per-parameter state, float32 copies laid out as the parameters. */
export interface OptimizerSlot {
  name: 'velocity' | 'm' | 'v';
  params: LayerParams[];
}

/** One frame: everything a view draws, as of the worker's current position. */
export interface Frame {
  /** Increases by one per frame sent by this worker. */
  seq: number;
  /**
   * Which run of this worker the frame shows: one more per init, restart and regenerate, so the
   * page knows a new run began (its dataset, grid and checks are new) without guessing it.
   */
  runId: number;
  /** Completed updates. In forward … backward phases the step in progress is `step + 1`. */
  step: number;
  /** Completed passes over the training set. */
  epoch: number;
  phase: Phase;
  playing: boolean;
  speed: Speed;
  /** The furthest step on the timeline (≥ step after a seek back). */
  maxStep: number;
  /** Full training and test sets at the current parameters (data loss, no regularization). */
  trainLoss: number;
  testLoss: number;
  /** Classification only, else null. */
  trainAccuracy: number | null;
  testAccuracy: number | null;
  /** Regression only, else null. */
  trainRmse: number | null;
  testRmse: number | null;
  /** Current parameters, per layer. */
  params: LayerParams[];
  /** Only in the `update` phase: the parameters before the update (for "before → after"). */
  prevParams: LayerParams[] | null;
  /**
   * Only in the `update` phase: the optimizer's per-parameter state after the update, per layer as
   * params (momentum: velocity; Adam: m then v; SGD: none), so the inspector shows the step taken.
   */
  optimizerSlots?: OptimizerSlot[];
  /** Only in the `update` phase: the optimizer's update count (Adam's bias correction uses t). */
  optimizerT?: number;
  /** The batch of the step in progress (or, at `ready`, of the last step), null when there is none. */
  batch: BatchCache | null;
  health: LayerHealth[];
  history: HistoryChunk;
  /** The whole timeline of live changes, only when it changed since the last frame. */
  events?: TimelineEvent[];
  /** The run's effective config (base config plus live changes), only when it changed. */
  config?: RunConfig;
  /** The points, only in the first frame after init, restart and regenerate. */
  dataset?: FrameDataset;
  /** Only when requested and evaluated for this frame; absent means "keep the last grid". */
  grid?: FrameGrid;
  /** Set while the run is paused by divergence. */
  diverged: DivergenceInfo | null;
  /** The learning-rate watch's finding until it is answered (lower, rewind, keep going, play). */
  diagnosis: LearningRateDiagnosis | null;
  /** True when some value in this frame was non-finite and replaced. */
  nonFinite: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Keyframes and snapshots

/** The complete training state at a step boundary: restoring it and training on is bit-identical. */
export interface Keyframe {
  step: number;
  epoch: number;
  /** [W0, b0, W1, b1, …], float64. */
  params: Float64Array[];
  /** The training settings in force (events at `step` itself are not applied yet). */
  settings: TrainingSettings;
  optimizer: OptimizerState;
  batcher: BatcherState;
  rng: RngState;
}

/** What the client keeps to restart a dead worker: the run's origin, its timeline and a keyframe. */
export interface RunSnapshot {
  version: 1;
  /** The config the run started with (live changes are in `events`). */
  baseConfig: RunConfig;
  customData: Dataset | null;
  keyframe: Keyframe;
  events: TimelineEvent[];
  /** The loss history up to the keyframe (thinned as in the run). */
  history: HistoryChunk;
  maxStep: number;
  /** A run started from a model file: that file (in the app's input order), to rebuild its data. */
  model?: ModelDocument;
}

// ---------------------------------------------------------------------------------------------------
// Helper shared by both ends

/** The next seed for "regenerate" (wraps to 0 after 2³² − 1). */
export function nextSeed(seed: number): number {
  return seed >= 2 ** 32 - 1 ? 0 : Math.floor(seed) + 1;
}
