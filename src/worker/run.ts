/**
 * One training run: the orchestrator over the run's parts. It owns the training state (model,
 * optimizer, the seeded batch order, the step and epoch counters, the position inside the current
 * step) and hands each other job to its own module:
 *   runData.ts (the data and the config sanitized for it) · phasedStep.ts (a step phase by phase) ·
 *   keyframes.ts (keyframes for seeking) · timeline.ts (live changes) · lossHistory.ts (the loss
 *   series) · frames.ts, evaluation.ts, grid.ts (what a frame shows). The contract is runTypes.ts.
 * DOM-free and Worker-free, so tests drive it directly.
 *
 * A step, as phases (src/model/phase.ts): ready → forward 1 … L → loss → backward L … 1 → update.
 * stepLayer() advances one phase; trainSteps(k) is the fast path (full forward, backward, update,
 * nothing copied).
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
  gatherRows,
  gradientCheck,
  gradientCheckVerdict,
  type BackwardPass,
  type Batcher,
  type Dataset,
  type Optimizer,
  type Rng,
} from '../engine';
import {
  TRAINING_KEYS,
  mlpSpecOf,
  optimizerConfigOf,
  sanitizeConfig,
  type RunConfig,
  type TrainingSettings,
} from '../model/config';
import { phaseAt, updateIndex } from '../model/phase';
import { Evaluator } from './evaluation';
import { finiteOr } from './float32';
import { batchCacheOf, completedIndex, copyParams, LayerHealthTracker, type BatchSource } from './frames';
import { GridEvaluator } from './grid';
import { cloneKeyframe, KeyframeStore } from './keyframes';
import { LossHistory } from './lossHistory';
import { copyLastBatch, runPhase, startStep, type LastBatch, type StepInProgress } from './phasedStep';
import type { BatchCache, DivergenceInfo, Frame, Keyframe, ParamKind, RunSnapshot } from './protocol';
import { BATCH_STREAM, copyDataset, deriveSeed, frameDatasetOf, prepareRunData } from './runData';
import { DEFAULT_LIMITS, MAX_SEEK_STEP, type FrameOptions, type Run, type RunLimits } from './runTypes';
import { formatValue, Timeline, trainingChange, trainingOf } from './timeline';

export { DEFAULT_LIMITS, MAX_SEEK_STEP } from './runTypes';
export type { FrameOptions, Run, RunLimits, RunStats } from './runTypes';
export { deriveSeed } from './runData';
export { SATURATION_THRESHOLD } from './frames';

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
  const data = prepareRunData(inputConfig, customData);
  const { baseConfig, encoding, train, test, classes, d, outUnits, trainX, trainY, testX, testY } = data;

  // ---- model
  const spec = mlpSpecOf(baseConfig, customData);
  if (encoding === 'one-hot') spec.layers[spec.layers.length - 1].units = classes;
  const mlp = createMLP(spec);
  const L = mlp.layers.length;
  /** The phase index of the update, the step's last phase. */
  const UPDATE = updateIndex(L);
  const evaluator = new Evaluator(mlp, encoding, outUnits);
  const grid = new GridEvaluator(evaluator, data.features, outUnits);

  // ---- training state
  let applied: TrainingSettings = trainingOf(baseConfig);
  let optimizer: Optimizer = createOptimizer(optimizerConfigOf(applied));
  const batchRng: Rng = createRng(deriveSeed(baseConfig.seed, BATCH_STREAM));
  const batcher: Batcher = createBatcher(train.count, Math.min(applied.batchSize, train.count), batchRng);
  let step = 0;
  let epoch = 0;
  let maxStep = 0;
  /** Where in the step the run stands: 0 ready … UPDATE (model/phase.ts phaseAt). */
  let phaseIndex = 0;
  let diverged: DivergenceInfo | null = null;
  let version = 0;
  let inProgress: StepInProgress | null = null;
  let lastBatch: LastBatch | null = null;
  const fastLast = {} as LastBatch;

  // ---- history
  const timeline = new Timeline();
  const history = new LossHistory(limits, encoding === 'value' ? 'rmse' : 'accuracy');
  const keyframes = new KeyframeStore(limits, mlp.parameterCount, train.count);

  // ---- what the frames have sent
  let sentEventsVersion = -1;
  let sentConfigKey = '';
  let datasetSent = false;
  const healthTracker = new LayerHealthTracker(mlp);

  /** At a step boundary: ready, or the update of the step just done. */
  const atBoundary = (): boolean => phaseIndex === 0 || phaseIndex === UPDATE;

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
    timeline.refresh(step);
  }

  // ------------------------------------------------------------------------------------------------
  // Events

  /** Applies the events recorded at step s (before update s + 1). Idempotent. */
  function applyEventsAt(s: number): void {
    for (const e of timeline.takeEventsAt(s)) {
      if (e.kind === 'set-training') applySettings({ ...applied, ...e.patch });
      else writeParam(e.layer, e.param, e.index, e.value);
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

  /** A weight edited at step s is visible at s (set-training waits for the next step). */
  function applyWeightEditsAt(s: number): void {
    for (const e of timeline.events)
      if (e.step === s && e.kind === 'set-weight') writeParam(e.layer, e.param, e.index, e.value);
  }

  /** The step a live change made now is recorded at (it applies from the next step). */
  function eventStepNow(): number {
    return atBoundary() ? step : step + 1;
  }

  /** "Continuing from a past step discards the future after it": keyframes, events, history > s. */
  function truncateFuture(s: number): void {
    if (maxStep <= s) return;
    maxStep = s;
    keyframes.truncateAfter(s);
    timeline.truncateAfter(s, step);
    history.truncateAfter(s);
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
    history.recordLoss(step, lossValue);
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
    keyframes.maybeKeep(step, captureKeyframe);
  }

  /** One whole step with nothing copied (the fast path and the replay path). */
  function fastStep(): void {
    if (timeline.nextEventStep === step) applyEventsAt(step);
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
    if (timeline.nextEventStep === step) applyEventsAt(step);
    const start = captureKeyframe();
    const lastBefore = lastBatch && lastBatch.step === step ? copyLastBatch(lastBatch) : null;
    const batch = batcher.next();
    const n = batch.indices.length;
    const indices = batch.indices.slice();
    const X = new Float64Array(n * d);
    const Y = new Float64Array(n * outUnits);
    gatherRows(trainX, d, indices, X);
    gatherRows(trainY, outUnits, indices, Y);
    const epochAfter = batch.epochEnded ? batch.epoch + 1 : batch.epoch;
    inProgress = startStep(mlp, { indices, X, Y, epochAfter }, start, lastBefore);
    lastBatch = null;
    phaseIndex = 0;
  }

  /** Runs the phase that takes phaseIndex to phaseIndex + 1 (inProgress is set). */
  function advancePhase(): void {
    const s = inProgress as StepInProgress;
    const next = phaseIndex + 1;
    if (next < UPDATE) {
      runPhase(mlp, s, next);
    } else {
      const grads = s.grads as BackwardPass;
      s.prevParams = mlp.getParameters();
      optimizer.step(mlp, grads);
      completeStep(grads.loss, s.epochAfter);
      lastBatch = { step, n: s.n, indices: s.indices, X: s.X, Y: s.Y, pass: s.pass, grads };
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
    if (atBoundary()) beginPhasedStep();
    advancePhase();
    version++;
  }

  function finishInProgress(): void {
    while (!atBoundary() && !diverged) advancePhase();
    phaseIndex = 0;
    inProgress = null;
  }

  function finishStep(): void {
    requireNotDiverged('step');
    if (!atBoundary()) {
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
      const wasMid = phaseIndex !== UPDATE;
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
    const fromHere = atBoundary() && diverged === null;
    const kf = keyframes.nearest(t);
    // Replaying from where we stand is as exact as from a keyframe, and shorter when it is nearer.
    if (!(fromHere && step <= t && kf.step <= step)) restoreKeyframe(kf);
    phaseIndex = 0;
    inProgress = null;
    diverged = null;
    while (step < t && diverged === null) fastStep();
    if (diverged === null) applyWeightEditsAt(t);
    version++;
  }

  function stepBack(): void {
    if (phaseIndex === 0) {
      if (step > 0) seek(step - 1);
      return;
    }
    // From the update, back to the last backward phase; else one phase back.
    const target = phaseIndex - 1;
    const s = inProgress as StepInProgress;
    // Back to the start of this step and forward again to the target phase: exact, and cheap.
    restoreKeyframe(s.start);
    diverged = null;
    lastBatch = s.lastBefore;
    if (target > 0) {
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
    const change = trainingChange(current, value);
    if (!change) return notices;
    const at = eventStepNow();
    truncateFuture(step);
    timeline.add({ step: at, kind: 'set-training', ...change }, step);
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
    if (!atBoundary() && inProgress) {
      // Drop the partial step: its cached activations would not match the new weight.
      restoreKeyframe(inProgress.start);
    }
    phaseIndex = 0;
    inProgress = null;
    truncateFuture(step);
    const old = kind === 'W' ? mlp.layers[layer].W[index] : mlp.layers[layer].b[index];
    const units = mlp.layers[layer].units;
    const where =
      kind === 'W'
        ? `W${layer + 1}[${Math.floor(index / units)}, ${index % units}]`
        : `b${layer + 1}[${index}]`;
    writeParam(layer, kind, index, value);
    const detail = `${where} ${formatValue(old)} → ${formatValue(value)}`;
    timeline.add({ step, kind: 'set-weight', layer, param: kind, index, value, detail }, step);
    lastBatch = null;
    version++;
  }

  /** Base config plus the set-training events in force at (or pending for) this position. */
  function effectiveConfig(): RunConfig {
    return timeline.configAt(baseConfig, eventStepNow());
  }

  // ------------------------------------------------------------------------------------------------
  // Frames

  /** The batch a frame shows: the step in progress as far as computed, else the last step's. */
  function batchCache(flag: { nonFinite: boolean }): BatchCache | null {
    let src: BatchSource;
    let reached: number;
    if (inProgress && phaseIndex !== 0) {
      const s = inProgress;
      src = { ...s, step: phaseIndex === UPDATE ? step : step + 1 };
      reached = phaseIndex;
    } else if (lastBatch && lastBatch.step === step) {
      src = lastBatch;
      reached = completedIndex(mlp);
    } else {
      return null;
    }
    return batchCacheOf(mlp, src, reached, { d, outUnits }, flag);
  }

  function buildFrame(options: FrameOptions): Frame {
    const flag = { nonFinite: false };
    evaluator.sync();
    const trainEval = evaluator.evaluateSet(trainX, trainY, train.labels, train.count);
    const testEval = evaluator.evaluateSet(testX, testY, test.labels, test.count);
    const trainLoss = finiteOr(trainEval.loss, flag);
    const testLoss = finiteOr(testEval.loss, flag);
    const trainMetric = finiteOr(trainEval.metric, flag, 0);
    const testMetric = finiteOr(testEval.metric, flag, 0);
    if (!diverged) history.recordEval(step, trainLoss, testLoss, trainMetric, testMetric);
    const isRegression = encoding === 'value';
    const batch = batchCache(flag);
    const frame: Frame = {
      seq: options.seq,
      runId: options.runId ?? 0,
      step,
      epoch,
      phase: phaseAt(phaseIndex, L),
      playing: options.playing,
      speed: options.speed,
      maxStep,
      trainLoss,
      testLoss,
      trainAccuracy: isRegression ? null : trainMetric,
      testAccuracy: isRegression ? null : testMetric,
      trainRmse: isRegression ? trainMetric : null,
      testRmse: isRegression ? testMetric : null,
      params: copyParams(mlp, null, flag),
      prevParams:
        phaseIndex === UPDATE && inProgress?.prevParams ? copyParams(mlp, inProgress.prevParams, flag) : null,
      batch,
      health: healthTracker.health(
        batch,
        inProgress && phaseIndex !== 0 ? inProgress.lastBefore : null,
        flag,
      ),
      history: history.takeChunk(),
      diverged: diverged ? { ...diverged } : null,
      nonFinite: false,
    };
    if (timeline.version !== sentEventsVersion) {
      frame.events = timeline.events.map((e) => ({ ...e }));
      sentEventsVersion = timeline.version;
    }
    const config = effectiveConfig();
    const configKey = JSON.stringify(config);
    if (configKey !== sentConfigKey) {
      frame.config = config;
      sentConfigKey = configKey;
    }
    if (!datasetSent) {
      frame.dataset = frameDatasetOf(data);
      datasetSent = true;
    }
    if (options.grid) frame.grid = grid.evaluate(options.grid, step, flag);
    frame.nonFinite = flag.nonFinite || diverged !== null;
    return frame;
  }

  // ------------------------------------------------------------------------------------------------
  // Snapshots

  function snapshot(): RunSnapshot {
    const kf = inProgress && !atBoundary() ? cloneKeyframe(inProgress.start) : captureKeyframe();
    const limit = kf.step + 1;
    return {
      version: 1,
      baseConfig: {
        ...baseConfig,
        features: [...baseConfig.features],
        hiddenLayers: [...baseConfig.hiddenLayers],
      },
      customData: copyDataset(customData),
      keyframe: kf,
      events: timeline.events.filter((e) => e.step <= limit).map((e) => ({ ...e })),
      history: history.upTo(kf.step),
      maxStep: kf.step,
    };
  }

  // ---- initial keyframe, or the snapshot's state
  keyframes.keep(captureKeyframe());
  if (fromSnapshot) {
    const kf = cloneKeyframe(fromSnapshot.keyframe);
    timeline.replace(fromSnapshot.events, step);
    restoreKeyframe(kf);
    maxStep = Math.max(kf.step, 0);
    if (kf.step > 0) keyframes.keep(cloneKeyframe(kf));
    applyWeightEditsAt(kf.step);
    history.restore(fromSnapshot.history);
    // Keyframe spacing as the original run would have had it, so memory stays bounded the same way.
    keyframes.spaceFor(kf.step);
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
      return phaseAt(phaseIndex, L);
    },
    get maxStep() {
      return maxStep;
    },
    get diverged() {
      return diverged;
    },
    get events() {
      return timeline.events;
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
    evaluateGrid: (request, flag) => grid.evaluate(request, step, flag),
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
      return { ...history.stats(), ...keyframes.stats(), events: timeline.events.length };
    },
  };
}
