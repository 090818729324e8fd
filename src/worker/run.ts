/**
 * One training run: config, data, model, optimizer, the seeded batch order, the step and epoch
 * counters, the position inside the current step, and the run's history (loss series, keyframes,
 * live-change events). DOM-free and Worker-free, so tests drive it directly.
 *
 * A step, as phases (DESIGN.md "One training step, as phases"):
 *   ready → forward 0 … forward L−1 → loss → backward L−1 … backward 0 → update
 * stepLayer() advances one phase with the engine's forwardLayer / backwardLoss / backwardLayer;
 * trainSteps(k) is the fast path (full forward, backward, update, nothing copied).
 *
 * Determinism (DESIGN.md "History and determinism"): every random choice comes from seeded
 * generators, the engine's sums have a fixed order, and live changes are events applied at step
 * boundaries, so seek(t) = restore the nearest keyframe ≤ t and replay = training straight to t,
 * bit for bit. An event recorded at step s (after s updates) applies before update s + 1.
 * A keyframe at step s holds the state after s updates, before the events at s.
 */
import {
  createBatcher,
  createMLP,
  createOptimizer,
  createRng,
  buildFeatures,
  buildTargets,
  gatherRows,
  generateDataset,
  gradientCheck,
  gradientCheckVerdict,
  lossFns,
  splitDataset,
  targetColumns,
  DOMAIN,
  type BackwardFaults,
  type BackwardPass,
  type Batcher,
  type Dataset,
  type ForwardPass,
  type GradientCheckResult,
  type MLP,
  type Optimizer,
  type Rng,
} from '../engine';
import {
  OUTPUTS,
  TRAINING_KEYS,
  mlpSpecOf,
  optimizerConfigOf,
  DEFAULT_CONFIG,
  sanitizeConfig,
  type RunConfig,
  type TrainingSettings,
} from '../model/config';
import type {
  BatchCache,
  DivergenceInfo,
  Frame,
  FrameDataPoints,
  FrameDataset,
  FrameGrid,
  GridRequest,
  HistoryChunk,
  Keyframe,
  LayerHealth,
  LayerParams,
  ParamKind,
  Phase,
  RunSnapshot,
  Speed,
  TimelineEvent,
} from './protocol';
import { GRID_RESOLUTION_LIMITS } from './protocol';

// ---------------------------------------------------------------------------------------------------
// Limits

export interface RunLimits {
  /** Most batch-loss points kept; past it every other one is dropped and the stride doubles. */
  historyCap: number;
  /** Most train/test evaluation points kept (thinned the same way). */
  evalHistoryCap: number;
  /** Most keyframes kept; past it the keyframe interval doubles and the odd multiples go. */
  maxKeyframes: number;
  /** Memory budget for keyframes; big networks keep fewer (at least `minKeyframes`). */
  keyframeBudgetBytes: number;
  minKeyframes: number;
}

export const DEFAULT_LIMITS: Readonly<RunLimits> = Object.freeze({
  historyCap: 20_000,
  evalHistoryCap: 4_096,
  maxKeyframes: 128,
  keyframeBudgetBytes: 64 * 1024 * 1024,
  minKeyframes: 16,
});

/** Furthest a seek may go past the end of the timeline (it trains there). */
export const MAX_SEEK_STEP = 10_000_000;

const FLOAT32_MAX = 3.4028234663852886e38;
/** |tanh| beyond this, or sigmoid outside [1 − this, this], counts as saturated. */
export const SATURATION_THRESHOLD = 0.97;

/** Independent streams from one seed: the data and the batch order must not share random numbers. */
export function deriveSeed(seed: number, stream: number): number {
  return ((seed >>> 0) ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
}
const DATA_STREAM = 1;
const BATCH_STREAM = 2;

// ---------------------------------------------------------------------------------------------------
// Small helpers

function trainingOf(config: RunConfig): TrainingSettings {
  const out = {} as Record<string, unknown>;
  for (const key of TRAINING_KEYS) out[key] = config[key];
  return out as unknown as TrainingSettings;
}

const SETTING_LABELS: Record<keyof TrainingSettings, string> = {
  learningRate: 'Learning rate',
  optimizer: 'Optimizer',
  beta: 'Momentum β',
  beta1: 'Adam β₁',
  beta2: 'Adam β₂',
  regularization: 'Regularization',
  regularizationRate: 'Regularization rate',
  batchSize: 'Batch size',
};

function fmt(v: unknown): string {
  return typeof v === 'number' ? String(+v.toPrecision(6)) : String(v);
}

/** Sanitizes a float64 source into a new float32 array; returns whether anything was replaced. */
function toF32(src: ArrayLike<number>, length = src.length, flag?: { nonFinite: boolean }): Float32Array {
  const out = new Float32Array(length);
  let bad = false;
  for (let i = 0; i < length; i++) {
    let v = src[i];
    if (v - v !== 0) {
      bad = true;
      v = v !== v ? 0 : v > 0 ? FLOAT32_MAX : -FLOAT32_MAX;
    } else if (v > FLOAT32_MAX) {
      v = FLOAT32_MAX;
    } else if (v < -FLOAT32_MAX) {
      v = -FLOAT32_MAX;
    }
    out[i] = v;
  }
  if (bad && flag) flag.nonFinite = true;
  return out;
}

function finiteOr(v: number, flag: { nonFinite: boolean }, replacement = FLOAT32_MAX): number {
  if (Number.isFinite(v)) return v;
  flag.nonFinite = true;
  return v !== v ? replacement : v > 0 ? FLOAT32_MAX : -FLOAT32_MAX;
}

/** A float64 series that keeps its length separately from its capacity. */
class Series {
  data: Float64Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Float64Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(Math.max(16, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

// ---------------------------------------------------------------------------------------------------
// Phases as integers: 0 ready, 1 … L forward 0 … L−1, L+1 loss, L+2 … 2L+1 backward L−1 … 0, 2L+2 update

export function phaseOf(index: number, L: number): Phase {
  if (index === 0) return { kind: 'ready' };
  if (index <= L) return { kind: 'forward', layer: index - 1 };
  if (index === L + 1) return { kind: 'loss' };
  if (index <= 2 * L + 1) return { kind: 'backward', layer: 2 * L + 1 - index };
  return { kind: 'update' };
}

export function phaseIndexOf(phase: Phase, L: number): number {
  switch (phase.kind) {
    case 'ready':
      return 0;
    case 'forward':
      return phase.layer + 1;
    case 'loss':
      return L + 1;
    case 'backward':
      return 2 * L + 1 - phase.layer;
    case 'update':
      return 2 * L + 2;
  }
}

/** Every phase of one step in order, from forward 0 to update (what step-layer walks through). */
export function phasesOfStep(L: number): Phase[] {
  return Array.from({ length: 2 * L + 2 }, (_, i) => phaseOf(i + 1, L));
}

// ---------------------------------------------------------------------------------------------------
// The run

export interface FrameOptions {
  grid: GridRequest | null;
  playing: boolean;
  speed: Speed;
  seq: number;
  /** The worker's count of runs started (Frame.runId); 0 for a run used on its own (tests, bench). */
  runId?: number;
}

export interface RunStats {
  historyPoints: number;
  historyStride: number;
  evalPoints: number;
  keyframes: number;
  keyframeInterval: number;
  events: number;
  /** Bytes held by the keyframes' arrays. */
  keyframeBytes: number;
}

export interface Run {
  /** The config the run started with. */
  readonly baseConfig: Readonly<RunConfig>;
  /** The effective config: base plus the live changes in force at this position (or pending). */
  readonly config: Readonly<RunConfig>;
  readonly customData: Dataset | null;
  readonly mlp: MLP;
  readonly layerCount: number;
  readonly step: number;
  readonly epoch: number;
  readonly phase: Phase;
  readonly maxStep: number;
  readonly diverged: DivergenceInfo | null;
  readonly events: readonly TimelineEvent[];
  readonly trainCount: number;
  readonly testCount: number;
  /** Bumped on every change of state a frame shows. */
  readonly version: number;
  /** Advances one phase. */
  stepLayer(): void;
  /** One phase back inside the step; at `ready` of step s, to `ready` of step s − 1. */
  stepBack(): void;
  /** Finishes the step in progress (from ready or update: one whole step); lands on ready. */
  finishStep(): void;
  /** The fast path: k whole steps (finishes a step in progress first). Returns steps done. */
  trainSteps(k: number): number;
  /** Lands on ready at `step` (clamped to 0 … MAX_SEEK_STEP), bit-identical to training straight. */
  seek(step: number): void;
  /** Back to the last good step after divergence (exactly), discarding what came after. */
  rewind(): void;
  /** Live settings from the next step; returns notices for clamped values. */
  setTraining(patch: Partial<TrainingSettings>): string[];
  /** Edits one parameter (an event on the timeline). Throws on a bad layer/index/value. */
  setWeight(layer: number, kind: ParamKind, index: number, value: number): void;
  /** The state to restart from after a crash (the current step boundary). */
  snapshot(): RunSnapshot;
  buildFrame(options: FrameOptions): Frame;
  /** Grid evaluation alone (the frame builder calls it; the handlers budget it). `flag` is set on NaN/∞. */
  evaluateGrid(request: GridRequest, flag?: { nonFinite: boolean }): FrameGrid;
  gradientCheck(options?: { faults?: BackwardFaults; maxPerParameter?: number }): {
    result: GradientCheckResult;
    verdict: 'good' | 'suspicious' | 'wrong';
  };
  slotValues(layer: number, kind: ParamKind, index: number): Record<string, number>;
  /** Float64 copies [W0, b0, …] (tests compare bytes). */
  parameters(): Float64Array[];
  stats(): RunStats;
}

interface LastBatch {
  step: number;
  n: number;
  indices: Uint32Array;
  X: Float64Array;
  Y: Float64Array;
  pass: ForwardPass;
  grads: BackwardPass;
}

/** The phased step in progress. */
interface StepInProgress {
  /** State at the start of the step (after the events at `step` were applied). */
  start: Keyframe;
  n: number;
  indices: Uint32Array;
  epochAfter: number;
  X: Float64Array;
  Y: Float64Array;
  pass: ForwardPass;
  grads: BackwardPass | null;
  /** Parameters before the update, in the update phase. */
  prevParams: Float64Array[] | null;
  /** A copy of the previous step's batch values, shown again when stepping back to ready. */
  lastBefore: LastBatch | null;
}

function copyLastBatch(b: LastBatch): LastBatch {
  const X = b.X.slice();
  return {
    step: b.step,
    n: b.n,
    indices: b.indices.slice(),
    X,
    Y: b.Y.slice(),
    pass: { n: b.pass.n, X, Z: b.pass.Z.map((a) => a.slice()), A: b.pass.A.map((a) => a.slice()) },
    grads: {
      loss: b.grads.loss,
      dZ: b.grads.dZ.map((a) => a.slice()),
      dW: b.grads.dW.map((a) => a.slice()),
      db: b.grads.db.map((a) => a.slice()),
      dA: b.grads.dA.map((a) => a.slice()),
    },
  };
}

export function createRun(
  config: RunConfig,
  customData?: Dataset | null,
  limits: Partial<RunLimits> = {},
): Run {
  return buildRun(config, customData ?? null, { ...DEFAULT_LIMITS, ...limits }, null);
}

/** Rebuilds a run from a client-kept snapshot: same timeline, same bits from the snapshot's step on. */
export function restoreRun(snapshot: RunSnapshot, limits: Partial<RunLimits> = {}): Run {
  if (!snapshot || snapshot.version !== 1) throw new Error('restore: unknown snapshot version');
  return buildRun(snapshot.baseConfig, snapshot.customData, { ...DEFAULT_LIMITS, ...limits }, snapshot);
}

function buildRun(
  inputConfig: RunConfig,
  customData: Dataset | null,
  limits: RunLimits,
  fromSnapshot: RunSnapshot | null,
): Run {
  const baseConfig: RunConfig = sanitizeConfig(inputConfig, DEFAULT_CONFIG, customData).value;
  const encoding = OUTPUTS[baseConfig.output].encoding;

  // ---- data
  const dataRng = createRng(deriveSeed(baseConfig.seed, DATA_STREAM));
  const full =
    customData ??
    generateDataset({
      kind: baseConfig.dataset,
      count: baseConfig.datasetSize,
      noise: baseConfig.noise,
      classes: baseConfig.classes,
      rng: dataRng,
    });
  const { train, test } = splitDataset(full, baseConfig.trainPercent / 100, dataRng);
  const classes = full.classes;
  if (encoding === 'value' && classes !== 0) {
    throw new Error(
      `The output "${baseConfig.output}" is for regression, but the data has ${classes} classes.`,
    );
  }
  if (encoding !== 'value' && classes === 0) {
    throw new Error(
      `The output "${baseConfig.output}" is for classification, but the data is a regression set.`,
    );
  }
  if (encoding !== 'one-hot' && classes > 2) {
    throw new Error(`The output "${baseConfig.output}" is binary, but the data has ${classes} classes.`);
  }
  const features = baseConfig.features;
  const d = features.length;
  const trainX = buildFeatures(train.points, train.count, features);
  const testX = buildFeatures(test.points, test.count, features);
  const trainY = buildTargets(train, encoding);
  const testY = buildTargets(test, encoding);

  // ---- model
  const spec = mlpSpecOf(baseConfig, customData);
  if (encoding === 'one-hot') spec.layers[spec.layers.length - 1].units = classes;
  const outUnits = targetColumns(classes, encoding);
  const mlp = createMLP(spec);
  const L = mlp.layers.length;
  const evalNet = mlp.clone();
  const loss = lossFns(mlp.loss);

  // ---- training state
  let applied: TrainingSettings = trainingOf(baseConfig);
  let optimizer: Optimizer = createOptimizer(optimizerConfigOf(applied));
  const batchRng: Rng = createRng(deriveSeed(baseConfig.seed, BATCH_STREAM));
  const batcher: Batcher = createBatcher(train.count, Math.min(applied.batchSize, train.count), batchRng);
  let step = 0;
  let epoch = 0;
  let maxStep = 0;
  let phaseIndex = 0;
  let diverged: DivergenceInfo | null = null;
  let version = 0;
  let inProgress: StepInProgress | null = null;
  let lastBatch: LastBatch | null = null;
  const fastLast = {} as LastBatch;

  // ---- history
  let events: TimelineEvent[] = [];
  let eventsVersion = 0;
  /** Step of the first event not yet applied (≥ current step), or Infinity. */
  let nextEventStep = Infinity;
  const histSteps = new Series(1024);
  const histLoss = new Series(1024);
  let stride = 1;
  const evalSteps = new Series(64);
  const evalTrainLoss = new Series(64);
  const evalTestLoss = new Series(64);
  const evalTrainMetric = new Series(64);
  const evalTestMetric = new Series(64);
  const keyframes = new Map<number, Keyframe>();
  let keyframeInterval = 1;
  const paramCount = mlp.parameterCount;
  const keyframeBytesEstimate = 8 * paramCount * 3 + 4 * train.count + 64;
  const maxKeyframes = Math.max(
    limits.minKeyframes,
    Math.min(limits.maxKeyframes, Math.floor(limits.keyframeBudgetBytes / keyframeBytesEstimate)),
  );

  // ---- what the frames have sent
  let historySent = 0;
  let evalSent = 0;
  let historyReset = true;
  let sentEventsVersion = -1;
  let sentConfigKey = '';
  let datasetSent = false;
  const healthCache: LayerHealth[] = mlp.layers.map(() => ({
    activationMean: 0,
    activationStd: 0,
    saturatedFraction: null,
    deadFraction: null,
    gradientNorm: null,
  }));

  // Per-batch-size gather buffers, so the fast path allocates nothing.
  const gatherBuffers = new Map<number, { X: Float64Array; Y: Float64Array }>();
  function gatherFor(n: number): { X: Float64Array; Y: Float64Array } {
    let b = gatherBuffers.get(n);
    if (!b) {
      if (gatherBuffers.size >= 8) gatherBuffers.clear();
      b = { X: new Float64Array(n * d), Y: new Float64Array(n * outUnits) };
      gatherBuffers.set(n, b);
    }
    return b;
  }

  // ------------------------------------------------------------------------------------------------
  // Keyframes

  function captureKeyframe(): Keyframe {
    return {
      step,
      epoch,
      params: mlp.getParameters(),
      settings: { ...applied },
      optimizer: optimizer.getState(),
      batcher: batcher.getState(),
      rng: batchRng.getState(),
    };
  }

  function restoreKeyframe(kf: Keyframe): void {
    mlp.setParameters(kf.params);
    applied = { ...kf.settings };
    optimizer = createOptimizer(optimizerConfigOf(applied));
    optimizer.setState(kf.optimizer);
    batcher.setBatchSize(Math.min(applied.batchSize, train.count));
    batcher.setState(kf.batcher);
    batchRng.setState(kf.rng);
    step = kf.step;
    epoch = kf.epoch;
    phaseIndex = 0;
    inProgress = null;
    lastBatch = null;
    refreshNextEvent();
  }

  function keyframeBytes(kf: Keyframe): number {
    let bytes = kf.batcher.permutation.byteLength;
    for (const p of kf.params) bytes += p.byteLength;
    for (const s of kf.optimizer.slots) bytes += s.byteLength;
    return bytes;
  }

  function maybeKeyframe(): void {
    if (step % keyframeInterval !== 0 || keyframes.has(step)) return;
    keyframes.set(step, captureKeyframe());
    if (keyframes.size > maxKeyframes) {
      keyframeInterval *= 2;
      for (const s of [...keyframes.keys()]) if (s % keyframeInterval !== 0) keyframes.delete(s);
    }
  }

  function nearestKeyframe(t: number): Keyframe {
    let best: Keyframe | undefined;
    for (const [s, kf] of keyframes) if (s <= t && (!best || s > best.step)) best = kf;
    // Step 0 is always kept (0 is a multiple of every interval).
    return best ?? (keyframes.get(0) as Keyframe);
  }

  // ------------------------------------------------------------------------------------------------
  // Events

  function refreshNextEvent(): void {
    nextEventStep = Infinity;
    for (const e of events) {
      if (e.step >= step && e.step < nextEventStep) nextEventStep = e.step;
    }
  }

  /** Applies the events recorded at step s (before update s + 1). Idempotent. */
  function applyEventsAt(s: number): void {
    for (const e of events) {
      if (e.step !== s) continue;
      if (e.kind === 'set-training') applySettings({ ...applied, ...e.patch });
      else writeParam(e.layer, e.param, e.index, e.value);
    }
    if (nextEventStep <= s) {
      nextEventStep = Infinity;
      for (const e of events) if (e.step > s && e.step < nextEventStep) nextEventStep = e.step;
    }
  }

  function applySettings(next: TrainingSettings): void {
    const kindChanged = next.optimizer !== applied.optimizer;
    applied = next;
    if (kindChanged) optimizer = createOptimizer(optimizerConfigOf(applied));
    else optimizer.configure(optimizerConfigOf(applied));
    batcher.setBatchSize(Math.min(applied.batchSize, train.count));
  }

  function writeParam(layer: number, kind: ParamKind, index: number, value: number): void {
    const target = kind === 'W' ? mlp.layers[layer].W : mlp.layers[layer].b;
    target[index] = value;
  }

  /** The step a live change made now is recorded at (it applies from the next step). */
  function eventStepNow(): number {
    return phaseIndex === 0 || phaseIndex === 2 * L + 2 ? step : step + 1;
  }

  /** "Continuing from a past step discards the future after it": keyframes, events, history > s. */
  function truncateFuture(s: number): void {
    if (maxStep <= s) return;
    maxStep = s;
    for (const k of [...keyframes.keys()]) if (k > s) keyframes.delete(k);
    const before = events.length;
    events = events.filter((e) => e.step <= s);
    if (events.length !== before) eventsVersion++;
    refreshNextEvent();
    let n = histSteps.length;
    while (n > 0 && histSteps.data[n - 1] > s) n--;
    if (n !== histSteps.length) {
      histSteps.length = histLoss.length = n;
      historyReset = true;
    }
    let m = evalSteps.length;
    while (m > 0 && evalSteps.data[m - 1] > s) m--;
    if (m !== evalSteps.length) {
      evalSteps.length =
        evalTrainLoss.length =
        evalTestLoss.length =
        evalTrainMetric.length =
        evalTestMetric.length =
          m;
      historyReset = true;
    }
  }

  // ------------------------------------------------------------------------------------------------
  // History

  function recordLoss(value: number): void {
    if (step % stride !== 0) return;
    const last = histSteps.length > 0 ? histSteps.data[histSteps.length - 1] : 0;
    if (step <= last) return; // replaying a stretch that is already recorded
    histSteps.push(step);
    histLoss.push(Number.isFinite(value) ? value : FLOAT32_MAX);
    if (histSteps.length >= limits.historyCap) {
      stride *= 2;
      let w = 0;
      for (let r = 0; r < histSteps.length; r++) {
        if (histSteps.data[r] % stride === 0) {
          histSteps.data[w] = histSteps.data[r];
          histLoss.data[w] = histLoss.data[r];
          w++;
        }
      }
      histSteps.length = histLoss.length = w;
      historyReset = true;
    }
  }

  function recordEval(trainLoss: number, testLoss: number, trainMetric: number, testMetric: number): void {
    const last = evalSteps.length > 0 ? evalSteps.data[evalSteps.length - 1] : -1;
    if (step <= last) return;
    evalSteps.push(step);
    evalTrainLoss.push(trainLoss);
    evalTestLoss.push(testLoss);
    evalTrainMetric.push(trainMetric);
    evalTestMetric.push(testMetric);
    if (evalSteps.length >= limits.evalHistoryCap) {
      const all = [evalSteps, evalTrainLoss, evalTestLoss, evalTrainMetric, evalTestMetric];
      let w = 0;
      // Keep the even indices and always the newest point.
      for (let r = 0; r < evalSteps.length; r++) {
        if (r % 2 === 0 || r === evalSteps.length - 1) {
          for (const s of all) s.data[w] = s.data[r];
          w++;
        }
      }
      for (const s of all) s.length = w;
      historyReset = true;
    }
  }

  // ------------------------------------------------------------------------------------------------
  // Steps

  function paramsFinite(): boolean {
    let sum = 0;
    for (let l = 0; l < L; l++) {
      const { W, b } = mlp.layers[l];
      for (let i = 0; i < W.length; i++) sum += W[i] * 0;
      for (let i = 0; i < b.length; i++) sum += b[i] * 0;
    }
    // x·0 is 0 for finite x and NaN for NaN and ±∞, so one NaN anywhere makes the sum NaN.
    return sum === 0;
  }

  /** After an update: counters, history, divergence check, keyframe. */
  function completeStep(lossValue: number, epochAfter: number): void {
    step++;
    epoch = epochAfter;
    if (step > maxStep) maxStep = step;
    recordLoss(lossValue);
    const lossOk = Number.isFinite(lossValue);
    if (!lossOk || !paramsFinite()) {
      diverged = {
        step,
        phase: lossOk ? { kind: 'update' } : { kind: 'loss' },
        reason: lossOk
          ? `The update of step ${step} made a weight overflow (no longer a finite number): the learning rate is probably too high.`
          : `The loss of step ${step} is not a finite number: the weights have exploded; the learning rate is probably too high.`,
        lastGoodStep: step - 1,
      };
      return;
    }
    maybeKeyframe();
  }

  /** One whole step with nothing copied (the fast path and the replay path). */
  function fastStep(): void {
    if (nextEventStep === step) applyEventsAt(step);
    const batch = batcher.next();
    const indices = batch.indices;
    const n = indices.length;
    const buffers = gatherFor(n);
    gatherRows(trainX, d, indices, buffers.X);
    gatherRows(trainY, outUnits, indices, buffers.Y);
    const pass = mlp.forward(buffers.X, n);
    const grads = mlp.backward(pass, buffers.Y);
    optimizer.step(mlp, grads);
    const epochAfter = batch.epochEnded ? batch.epoch + 1 : batch.epoch;
    completeStep(grads.loss, epochAfter);
    // One reused object: the fast path allocates nothing per step.
    fastLast.step = step;
    fastLast.n = n;
    fastLast.indices = indices;
    fastLast.X = buffers.X;
    fastLast.Y = buffers.Y;
    fastLast.pass = pass;
    fastLast.grads = grads;
    lastBatch = fastLast;
  }

  function beginPhasedStep(): void {
    truncateFuture(step);
    if (nextEventStep === step) applyEventsAt(step);
    const start = captureKeyframe();
    const lastBefore = lastBatch && lastBatch.step === step ? copyLastBatch(lastBatch) : null;
    const batch = batcher.next();
    const n = batch.indices.length;
    const indices = batch.indices.slice();
    const X = new Float64Array(n * d);
    const Y = new Float64Array(n * outUnits);
    gatherRows(trainX, d, indices, X);
    gatherRows(trainY, outUnits, indices, Y);
    const pass: ForwardPass = {
      n,
      X,
      Z: mlp.layers.map((layer) => new Float64Array(n * layer.units)),
      A: mlp.layers.map((layer) => new Float64Array(n * layer.units)),
    };
    inProgress = {
      start,
      n,
      indices,
      epochAfter: batch.epochEnded ? batch.epoch + 1 : batch.epoch,
      X,
      Y,
      pass,
      grads: null,
      prevParams: null,
      lastBefore,
    };
    lastBatch = null;
    phaseIndex = 0;
  }

  /** Runs the phase that takes phaseIndex to phaseIndex + 1 (inProgress is set). */
  function advancePhase(): void {
    const s = inProgress as StepInProgress;
    const next = phaseIndex + 1;
    if (next <= L) {
      mlp.forwardLayer(s.pass, next - 1);
    } else if (next === L + 1) {
      s.grads = mlp.backwardLoss(s.pass, s.Y);
    } else if (next <= 2 * L + 1) {
      mlp.backwardLayer(s.pass, s.grads as BackwardPass, 2 * L + 1 - next);
    } else {
      s.prevParams = mlp.getParameters();
      optimizer.step(mlp, s.grads as BackwardPass);
      completeStep((s.grads as BackwardPass).loss, s.epochAfter);
      lastBatch = {
        step,
        n: s.n,
        indices: s.indices,
        X: s.X,
        Y: s.Y,
        pass: s.pass,
        grads: s.grads as BackwardPass,
      };
    }
    phaseIndex = next;
  }

  function requireNotDiverged(what: string): void {
    if (diverged) {
      throw new Error(`${what}: the run diverged at step ${diverged.step}; rewind or restart first.`);
    }
  }

  function stepLayer(): void {
    requireNotDiverged('step layer');
    if (phaseIndex === 0 || phaseIndex === 2 * L + 2) beginPhasedStep();
    advancePhase();
    version++;
  }

  function finishInProgress(): void {
    while (phaseIndex !== 0 && phaseIndex !== 2 * L + 2 && !diverged) advancePhase();
    phaseIndex = 0;
    inProgress = null;
  }

  function finishStep(): void {
    requireNotDiverged('step');
    if (phaseIndex !== 0 && phaseIndex !== 2 * L + 2) {
      finishInProgress();
    } else {
      phaseIndex = 0;
      inProgress = null;
      truncateFuture(step);
      fastStep();
    }
    version++;
  }

  function trainSteps(k: number): number {
    requireNotDiverged('train');
    const before = step;
    if (phaseIndex !== 0) {
      const wasMid = phaseIndex !== 2 * L + 2;
      finishInProgress();
      if (wasMid) k--;
    }
    truncateFuture(step);
    for (let i = 0; i < k && diverged === null; i++) fastStep();
    version++;
    return step - before;
  }

  function seek(target: number): void {
    const t = Math.max(0, Math.min(MAX_SEEK_STEP, Math.floor(Number.isFinite(target) ? target : 0)));
    const atBoundary = (phaseIndex === 0 || phaseIndex === 2 * L + 2) && diverged === null;
    const kf = nearestKeyframe(t);
    // Replaying from where we stand is as exact as from a keyframe, and shorter when it is nearer.
    if (!(atBoundary && step <= t && kf.step <= step)) restoreKeyframe(kf);
    phaseIndex = 0;
    inProgress = null;
    diverged = null;
    while (step < t && diverged === null) fastStep();
    if (diverged === null) {
      // A weight edited at t is visible at t (set-training waits for the next step).
      for (const e of events)
        if (e.step === t && e.kind === 'set-weight') writeParam(e.layer, e.param, e.index, e.value);
    }
    version++;
  }

  function stepBack(): void {
    if (phaseIndex === 0) {
      if (step > 0) seek(step - 1);
      return;
    }
    const target = phaseIndex === 2 * L + 2 ? 2 * L + 1 : phaseIndex - 1;
    const s = inProgress as StepInProgress;
    // Back to the start of this step and forward again to the target phase: exact, and cheap.
    restoreKeyframe(s.start);
    diverged = null;
    if (target === 0) {
      lastBatch = s.lastBefore;
    } else {
      lastBatch = s.lastBefore;
      beginPhasedStep();
      while (phaseIndex < target) advancePhase();
    }
    version++;
  }

  function rewind(): void {
    if (!diverged) return;
    const good = diverged.lastGoodStep;
    diverged = null;
    seek(good);
    truncateFuture(good);
    version++;
  }

  // ------------------------------------------------------------------------------------------------
  // Live changes

  function setTraining(patch: Partial<TrainingSettings>): string[] {
    const current = effectiveConfig();
    const picked: Record<string, unknown> = {};
    for (const key of TRAINING_KEYS)
      if (patch && key in patch) picked[key] = (patch as Record<string, unknown>)[key];
    const { value, notices } = sanitizeConfig({ ...current, ...picked }, current, customData);
    const diff: Partial<TrainingSettings> = {};
    const details: string[] = [];
    for (const key of TRAINING_KEYS) {
      if (value[key] !== current[key]) {
        (diff as Record<string, unknown>)[key] = value[key];
        details.push(`${SETTING_LABELS[key]} ${fmt(current[key])} → ${fmt(value[key])}`);
      }
    }
    if (details.length === 0) return notices;
    const at = eventStepNow();
    truncateFuture(step);
    events.push({ step: at, kind: 'set-training', patch: diff, detail: details.join(', ') });
    eventsVersion++;
    refreshNextEvent();
    version++;
    return notices;
  }

  function setWeight(layer: number, kind: ParamKind, index: number, value: number): void {
    requireNotDiverged('set weight');
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
    if (phaseIndex !== 0 && phaseIndex !== 2 * L + 2 && inProgress) {
      // Drop the partial step: its cached activations would not match the new weight.
      restoreKeyframe(inProgress.start);
    }
    phaseIndex = 0;
    inProgress = null;
    truncateFuture(step);
    const old = kind === 'W' ? mlp.layers[layer].W[index] : mlp.layers[layer].b[index];
    const where =
      kind === 'W'
        ? `W${layer + 1}[${Math.floor(index / mlp.layers[layer].units)}, ${index % mlp.layers[layer].units}]`
        : `b${layer + 1}[${index}]`;
    writeParam(layer, kind, index, value);
    events.push({
      step,
      kind: 'set-weight',
      layer,
      param: kind,
      index,
      value,
      detail: `${where} ${fmt(old)} → ${fmt(value)}`,
    });
    eventsVersion++;
    refreshNextEvent();
    lastBatch = null;
    version++;
  }

  /** Base config plus the set-training events in force at (or pending for) this position. */
  function effectiveConfig(): RunConfig {
    const at = eventStepNow();
    const config: RunConfig = { ...baseConfig };
    for (const e of events) if (e.kind === 'set-training' && e.step <= at) Object.assign(config, e.patch);
    return config;
  }

  // ------------------------------------------------------------------------------------------------
  // Frames

  function copyParams(source: readonly Float64Array[] | null, flag: { nonFinite: boolean }): LayerParams[] {
    return mlp.layers.map((layer, l) => ({
      W: toF32(source ? source[2 * l] : layer.W, undefined, flag),
      b: toF32(source ? source[2 * l + 1] : layer.b, undefined, flag),
    }));
  }

  function batchCache(flag: { nonFinite: boolean }): BatchCache | null {
    let src: {
      step: number;
      n: number;
      indices: Uint32Array;
      X: Float64Array;
      Y: Float64Array;
      pass: ForwardPass;
      grads: BackwardPass | null;
    };
    let p: number;
    if (inProgress && phaseIndex !== 0) {
      const s = inProgress;
      src = {
        step: phaseIndex === 2 * L + 2 ? step : step + 1,
        n: s.n,
        indices: s.indices,
        X: s.X,
        Y: s.Y,
        pass: s.pass,
        grads: s.grads,
      };
      p = phaseIndex;
    } else if (lastBatch && lastBatch.step === step) {
      src = lastBatch;
      p = 2 * L + 2;
    } else {
      return null;
    }
    const { n, pass, grads } = src;
    const has = (minPhase: number): boolean => p >= minPhase;
    const copy = (a: Float64Array | undefined, ok: boolean): Float32Array | null =>
      ok && a ? toF32(a, a.length, flag) : null;
    return {
      step: src.step,
      n,
      indices: src.indices.slice(),
      X: toF32(src.X, n * d, flag),
      Y: toF32(src.Y, n * outUnits, flag),
      Z: mlp.layers.map((_, l) => copy(pass.Z[l], has(l + 1))),
      A: mlp.layers.map((_, l) => copy(pass.A[l], has(l + 1))),
      loss: grads && has(L + 1) ? finiteOr(grads.loss, flag) : null,
      dZ: mlp.layers.map((_, l) => copy(grads?.dZ[l], l === L - 1 ? has(L + 1) : has(2 * L - l))),
      dA: mlp.layers.slice(0, L - 1).map((_, l) => copy(grads?.dA[l], has(2 * L - l))),
      dW: mlp.layers.map((_, l) => copy(grads?.dW[l], has(2 * L + 1 - l))),
      db: mlp.layers.map((_, l) => copy(grads?.db[l], has(2 * L + 1 - l))),
    };
  }

  /**
   * Health from the latest values of each layer: this step's where computed, else the previous
   * step's (kept with the step in progress), so a frame depends only on the position.
   */
  function health(
    batch: BatchCache | null,
    previous: LastBatch | null,
    flag: { nonFinite: boolean },
  ): LayerHealth[] {
    return mlp.layers.map((layer, l) => {
      const cached = healthCache[l];
      const A: ArrayLike<number> | null | undefined = batch?.A[l] ?? previous?.pass.A[l];
      const n = batch?.A[l] ? batch.n : (previous?.n ?? 0);
      if (A && n > 0) {
        const units = layer.units;
        let sum = 0;
        let sumSq = 0;
        let saturated = 0;
        for (let i = 0; i < A.length; i++) {
          const a = A[i];
          sum += a;
          sumSq += a * a;
          if (
            layer.activation === 'tanh'
              ? Math.abs(a) > SATURATION_THRESHOLD
              : a < 1 - SATURATION_THRESHOLD || a > SATURATION_THRESHOLD
          ) {
            saturated++;
          }
        }
        const count = Math.max(1, A.length);
        const mean = sum / count;
        cached.activationMean = finiteOr(mean, flag, 0);
        cached.activationStd = finiteOr(Math.sqrt(Math.max(0, sumSq / count - mean * mean)), flag, 0);
        cached.saturatedFraction =
          layer.activation === 'tanh' || layer.activation === 'sigmoid' ? saturated / count : null;
        if (layer.activation === 'relu') {
          let dead = 0;
          for (let j = 0; j < units; j++) {
            let alive = false;
            for (let i = 0; i < n && !alive; i++) if (A[i * units + j] !== 0) alive = true;
            if (!alive) dead++;
          }
          cached.deadFraction = dead / units;
        } else {
          cached.deadFraction = null;
        }
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

  /** Loss and metric of a whole set at the current parameters (on a copy of the network). */
  function evaluateSet(
    X: Float64Array,
    Y: Float64Array,
    labels: Float64Array,
    n: number,
  ): { loss: number; metric: number } {
    const pass = evalNet.forward(X, n);
    const Z = pass.Z[L - 1];
    const A = pass.A[L - 1];
    const value = loss.loss(Z, A, Y, n, outUnits);
    let metric: number;
    if (encoding === 'value') {
      let s = 0;
      for (let i = 0; i < n; i++) s += (A[i] - Y[i]) * (A[i] - Y[i]);
      metric = Math.sqrt(s / n);
    } else {
      let correct = 0;
      for (let i = 0; i < n; i++) {
        let predicted: number;
        if (encoding === 'one-hot') {
          predicted = 0;
          for (let j = 1; j < outUnits; j++)
            if (A[i * outUnits + j] > A[i * outUnits + predicted]) predicted = j;
        } else {
          predicted = A[i] >= (encoding === 'zero-one' ? 0.5 : 0) ? 1 : 0;
        }
        if (predicted === labels[i]) correct++;
      }
      metric = correct / n;
    }
    return { loss: value, metric };
  }

  function syncEvalNet(): void {
    for (let l = 0; l < L; l++) {
      evalNet.layers[l].W.set(mlp.layers[l].W);
      evalNet.layers[l].b.set(mlp.layers[l].b);
    }
  }

  const gridInputs = new Map<string, { X: Float64Array; points: Float64Array }>();
  function gridInputFor(resolution: number): { X: Float64Array; points: Float64Array } {
    const key = String(resolution);
    let g = gridInputs.get(key);
    if (!g) {
      gridInputs.clear();
      const count = resolution * resolution;
      const points = new Float64Array(2 * count);
      const cell = (2 * DOMAIN) / resolution;
      for (let r = 0; r < resolution; r++) {
        for (let c = 0; c < resolution; c++) {
          const i = r * resolution + c;
          points[2 * i] = -DOMAIN + (c + 0.5) * cell;
          points[2 * i + 1] = -DOMAIN + (r + 0.5) * cell; // y ascending: row 0 is the bottom
        }
      }
      g = { points, X: buildFeatures(points, count, features) };
      gridInputs.set(key, g);
    }
    return g;
  }

  function evaluateGrid(request: GridRequest, flag = { nonFinite: false }): FrameGrid {
    const resolution = Math.round(
      Math.max(GRID_RESOLUTION_LIMITS.min, Math.min(GRID_RESOLUTION_LIMITS.max, request.resolution || 0)),
    );
    const count = resolution * resolution;
    const { X } = gridInputFor(resolution);
    syncEvalNet();
    const pass = evalNet.forward(X, count);
    const featureMaps = features.map((_, j) => {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = X[i * d + j];
      return out;
    });
    return {
      resolution,
      step,
      outputs: toF32(pass.A[L - 1], count * outUnits, flag),
      neurons: request.neurons ? mlp.layers.map((_, l) => toF32(pass.A[l], pass.A[l].length, flag)) : null,
      features: featureMaps,
    };
  }

  function datasetForFrame(): FrameDataset {
    const points = (ds: Dataset): FrameDataPoints => ({
      points: toF32(ds.points, 2 * ds.count),
      labels: toF32(ds.labels, ds.count),
      count: ds.count,
    });
    return { train: points(train), test: points(test), classes };
  }

  function historyChunk(full: boolean): HistoryChunk {
    const from = full ? 0 : historySent;
    const evalFrom = full ? 0 : evalSent;
    return {
      reset: full,
      stride,
      steps: histSteps.data.slice(from, histSteps.length),
      batchLoss: toF32(histLoss.data.subarray(from, histLoss.length)),
      evalSteps: evalSteps.data.slice(evalFrom, evalSteps.length),
      trainLoss: toF32(evalTrainLoss.data.subarray(evalFrom, evalTrainLoss.length)),
      testLoss: toF32(evalTestLoss.data.subarray(evalFrom, evalTestLoss.length)),
      trainMetric: toF32(evalTrainMetric.data.subarray(evalFrom, evalTrainMetric.length)),
      testMetric: toF32(evalTestMetric.data.subarray(evalFrom, evalTestMetric.length)),
      metric: encoding === 'value' ? 'rmse' : 'accuracy',
    };
  }

  function buildFrame(options: FrameOptions): Frame {
    const flag = { nonFinite: false };
    syncEvalNet();
    const trainEval = evaluateSet(trainX, trainY, train.labels, train.count);
    const testEval = evaluateSet(testX, testY, test.labels, test.count);
    const trainLoss = finiteOr(trainEval.loss, flag);
    const testLoss = finiteOr(testEval.loss, flag);
    const trainMetric = finiteOr(trainEval.metric, flag, 0);
    const testMetric = finiteOr(testEval.metric, flag, 0);
    if (!diverged) recordEval(trainLoss, testLoss, trainMetric, testMetric);
    const isRegression = encoding === 'value';
    const batch = batchCache(flag);
    const frame: Frame = {
      seq: options.seq,
      runId: options.runId ?? 0,
      step,
      epoch,
      phase: phaseOf(phaseIndex, L),
      playing: options.playing,
      speed: options.speed,
      maxStep,
      trainLoss,
      testLoss,
      trainAccuracy: isRegression ? null : trainMetric,
      testAccuracy: isRegression ? null : testMetric,
      trainRmse: isRegression ? trainMetric : null,
      testRmse: isRegression ? testMetric : null,
      params: copyParams(null, flag),
      prevParams:
        phaseIndex === 2 * L + 2 && inProgress?.prevParams ? copyParams(inProgress.prevParams, flag) : null,
      batch,
      health: health(batch, inProgress && phaseIndex !== 0 ? inProgress.lastBefore : null, flag),
      history: historyChunk(historyReset),
      diverged: diverged ? { ...diverged } : null,
      nonFinite: false,
    };
    historySent = histSteps.length;
    evalSent = evalSteps.length;
    historyReset = false;
    if (eventsVersion !== sentEventsVersion) {
      frame.events = events.map((e) => ({ ...e }));
      sentEventsVersion = eventsVersion;
    }
    const config = effectiveConfig();
    const configKey = JSON.stringify(config);
    if (configKey !== sentConfigKey) {
      frame.config = config;
      sentConfigKey = configKey;
    }
    if (!datasetSent) {
      frame.dataset = datasetForFrame();
      datasetSent = true;
    }
    if (options.grid) frame.grid = evaluateGrid(options.grid, flag);
    frame.nonFinite = flag.nonFinite || diverged !== null;
    return frame;
  }

  // ------------------------------------------------------------------------------------------------
  // Snapshots

  function snapshot(): RunSnapshot {
    const kf =
      inProgress && phaseIndex !== 0 && phaseIndex !== 2 * L + 2
        ? cloneKeyframe(inProgress.start)
        : captureKeyframe();
    const history = historyChunk(true);
    const limit = kf.step + 1;
    const keepHist = countUpTo(history.steps, kf.step);
    const keepEval = countUpTo(history.evalSteps, kf.step);
    return {
      version: 1,
      baseConfig: {
        ...baseConfig,
        features: [...baseConfig.features],
        hiddenLayers: [...baseConfig.hiddenLayers],
      },
      customData: customData
        ? {
            points: customData.points.slice(),
            labels: customData.labels.slice(),
            count: customData.count,
            classes: customData.classes,
          }
        : null,
      keyframe: kf,
      events: events.filter((e) => e.step <= limit).map((e) => ({ ...e })),
      history: {
        ...history,
        steps: history.steps.slice(0, keepHist),
        batchLoss: history.batchLoss.slice(0, keepHist),
        evalSteps: history.evalSteps.slice(0, keepEval),
        trainLoss: history.trainLoss.slice(0, keepEval),
        testLoss: history.testLoss.slice(0, keepEval),
        trainMetric: history.trainMetric.slice(0, keepEval),
        testMetric: history.testMetric.slice(0, keepEval),
      },
      maxStep: kf.step,
    };
  }

  function countUpTo(steps: Float64Array, s: number): number {
    let n = 0;
    while (n < steps.length && steps[n] <= s) n++;
    return n;
  }

  // ---- initial keyframe, or the snapshot's state
  keyframes.set(0, captureKeyframe());
  if (fromSnapshot) {
    const kf = cloneKeyframe(fromSnapshot.keyframe);
    events = fromSnapshot.events.map((e) => ({ ...e }));
    eventsVersion++;
    restoreKeyframe(kf);
    maxStep = Math.max(kf.step, 0);
    if (kf.step > 0) keyframes.set(kf.step, cloneKeyframe(kf));
    // Apply a weight edited at the snapshot's step (set-training waits for the next step).
    for (const e of events)
      if (e.step === kf.step && e.kind === 'set-weight') writeParam(e.layer, e.param, e.index, e.value);
    const h = fromSnapshot.history;
    stride = h.stride;
    for (let i = 0; i < h.steps.length; i++) {
      histSteps.push(h.steps[i]);
      histLoss.push(h.batchLoss[i]);
    }
    for (let i = 0; i < h.evalSteps.length; i++) {
      evalSteps.push(h.evalSteps[i]);
      evalTrainLoss.push(h.trainLoss[i]);
      evalTestLoss.push(h.testLoss[i]);
      evalTrainMetric.push(h.trainMetric[i]);
      evalTestMetric.push(h.testMetric[i]);
    }
    // Keyframe spacing as the original run would have had it, so memory stays bounded the same way.
    while (kf.step / keyframeInterval > maxKeyframes) keyframeInterval *= 2;
  }

  return {
    baseConfig,
    get config() {
      return effectiveConfig();
    },
    customData,
    mlp,
    layerCount: L,
    get step() {
      return step;
    },
    get epoch() {
      return epoch;
    },
    get phase() {
      return phaseOf(phaseIndex, L);
    },
    get maxStep() {
      return maxStep;
    },
    get diverged() {
      return diverged;
    },
    get events() {
      return events;
    },
    trainCount: train.count,
    testCount: test.count,
    get version() {
      return version;
    },
    stepLayer,
    stepBack,
    finishStep,
    trainSteps,
    seek,
    rewind,
    setTraining,
    setWeight,
    snapshot,
    buildFrame,
    evaluateGrid,
    gradientCheck(options = {}) {
      const copy = mlp.clone();
      let X: Float64Array;
      let Y: Float64Array;
      let n: number;
      const current = inProgress ?? lastBatch;
      if (current) {
        ({ X, Y, n } = current);
      } else {
        n = Math.min(train.count, Math.max(1, Math.min(applied.batchSize, 32)));
        X = trainX.slice(0, n * d);
        Y = trainY.slice(0, n * outUnits);
      }
      const result = gradientCheck(copy, X.slice(0, n * d), Y.slice(0, n * outUnits), n, {
        faults: options.faults,
        maxPerParameter: options.maxPerParameter,
      });
      return { result, verdict: gradientCheckVerdict(result.worst) };
    },
    slotValues(layer, kind, index) {
      return optimizer.slotValues({ layer, kind, index });
    },
    parameters() {
      return mlp.getParameters();
    },
    stats() {
      let bytes = 0;
      for (const kf of keyframes.values()) bytes += keyframeBytes(kf);
      return {
        historyPoints: histSteps.length,
        historyStride: stride,
        evalPoints: evalSteps.length,
        keyframes: keyframes.size,
        keyframeInterval,
        events: events.length,
        keyframeBytes: bytes,
      };
    },
  };
}

function cloneKeyframe(kf: Keyframe): Keyframe {
  return {
    step: kf.step,
    epoch: kf.epoch,
    params: kf.params.map((p) => p.slice()),
    settings: { ...kf.settings },
    optimizer: {
      kind: kf.optimizer.kind,
      t: kf.optimizer.t,
      slots: kf.optimizer.slots.map((s) => s.slice()),
    },
    batcher: {
      permutation: kf.batcher.permutation.slice(),
      position: kf.batcher.position,
      epoch: kf.batcher.epoch,
    },
    rng: [kf.rng[0], kf.rng[1], kf.rng[2], kf.rng[3]],
  };
}
