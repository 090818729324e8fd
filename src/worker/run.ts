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
import { createMLP, type BackwardPass, type Dataset } from '../engine';
import { TRAINING_KEYS, sanitizeConfig, type RunConfig, type TrainingSettings } from '../model/config';
import { phaseAt, updateIndex } from '../model/phase';
import { Evaluator, frameMetrics } from './evaluation';
import {
  batchCacheOf,
  completedIndex,
  copyParams,
  FrameNews,
  LayerHealthTracker,
  type BatchSource,
} from './frames';
import { GridEvaluator } from './grid';
import { cloneKeyframe, KeyframeStore } from './keyframes';
import { LossHistory } from './lossHistory';
import { copyLastBatch, runPhase, startStep, type LastBatch, type StepInProgress } from './phasedStep';
import type { BatchCache, DivergenceInfo, Frame, Keyframe, ParamKind, RunSnapshot } from './protocol';
import {
  BATCH_STREAM,
  copyConfig,
  copyDataset,
  deriveSeed,
  frameDatasetOf,
  modelSpecOf,
  prepareRunData,
} from './runData';
import { checkWeightEdit, divergenceAt, parameterName, Trainer } from './trainer';
import { DEFAULT_LIMITS, MAX_SEEK_STEP, type FrameOptions, type Run, type RunLimits } from './runTypes';
import { formatValue, Timeline, trainingChange, trainingOf } from './timeline';
import { frameDatasetOfModel, prepareModelRun, type LoadedModel } from './loadModel';
import type { OwnData } from '../model/outputs';

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
  // A run started from a model file is rebuilt from that file, then brought to the snapshot's step.
  const loaded = snapshot.model ? prepareModelRun(snapshot.model, snapshot.baseConfig) : null;
  const all = { ...DEFAULT_LIMITS, ...limits };
  return buildRun(snapshot.baseConfig, snapshot.customData, all, snapshot, loaded);
}

/** A run from a model file (prepared and checked by prepareModelRun): its weights, data and state. */
export function createRunFromModel(loaded: LoadedModel, limits: Partial<RunLimits> = {}): Run {
  return buildRun(loaded.config, null, { ...DEFAULT_LIMITS, ...limits }, null, loaded);
}

function buildRun(
  inputConfig: RunConfig,
  customData: Dataset | null,
  limits: RunLimits,
  fromSnapshot: RunSnapshot | null,
  loaded: LoadedModel | null = null,
): Run {
  const data = loaded ? loaded.data : prepareRunData(inputConfig, customData);
  const { baseConfig, encoding, train, d, outUnits } = data;
  /** The data that decides which outputs fit: the user's points, or the model file's examples. */
  const ownData: OwnData = loaded ? loaded.info : customData;

  // ---- model
  const mlp = createMLP(loaded ? loaded.spec : modelSpecOf(data));
  const L = mlp.layers.length;
  /** The phase index of the update, the step's last phase. */
  const UPDATE = updateIndex(L);
  const evaluator = new Evaluator(mlp, encoding, outUnits);
  const grid = new GridEvaluator(evaluator, data.features, outUnits);

  // ---- training state
  const trainer = new Trainer(mlp, trainingOf(baseConfig), deriveSeed(baseConfig.seed, BATCH_STREAM), data);
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
  const news = new FrameNews();
  const healthTracker = new LayerHealthTracker(mlp);

  /** At a step boundary: ready, or the update of the step just done. */
  const atBoundary = (): boolean => phaseIndex === 0 || phaseIndex === UPDATE;

  // ------------------------------------------------------------------------------------------------
  // Keyframes

  const captureKeyframe = (): Keyframe => trainer.capture();

  function restoreKeyframe(kf: Keyframe): void {
    trainer.restore(kf);
    phaseIndex = 0;
    inProgress = null;
    lastBatch = null;
    timeline.refresh(trainer.step);
  }

  // ------------------------------------------------------------------------------------------------
  // Events

  /** Applies the events recorded at step s (before update s + 1). Idempotent. */
  function applyEventsAt(s: number): void {
    for (const e of timeline.takeEventsAt(s)) {
      if (e.kind === 'set-training') trainer.applySettings({ ...trainer.settings, ...e.patch });
      else trainer.writeParam(e.layer, e.param, e.index, e.value);
    }
  }

  /** A weight edited at step s is visible at s (set-training waits for the next step). */
  function applyWeightEditsAt(s: number): void {
    for (const e of timeline.events)
      if (e.step === s && e.kind === 'set-weight') trainer.writeParam(e.layer, e.param, e.index, e.value);
  }

  /** The step a live change made now is recorded at (it applies from the next step). */
  function eventStepNow(): number {
    return atBoundary() ? trainer.step : trainer.step + 1;
  }

  /** "Continuing from a past step discards the future after it": keyframes, events, history > s. */
  function truncateFuture(s: number): void {
    if (maxStep <= s) return;
    maxStep = s;
    keyframes.truncateAfter(s);
    timeline.truncateAfter(s, trainer.step);
    history.truncateAfter(s);
  }

  // ------------------------------------------------------------------------------------------------
  // Steps

  /** After an update: counters, history, divergence check, keyframe. */
  function completeStep(lossValue: number, epochAfter: number): void {
    const step = ++trainer.step;
    trainer.epoch = epochAfter;
    if (step > maxStep) maxStep = step;
    history.recordLoss(step, lossValue);
    const lossOk = Number.isFinite(lossValue);
    if (!lossOk || !trainer.paramsFinite()) {
      diverged = divergenceAt(step, lossOk ? 'update' : 'loss');
      return;
    }
    keyframes.maybeKeep(step, captureKeyframe);
  }

  /** One whole step with nothing copied (the fast path and the replay path). */
  function fastStep(): void {
    if (timeline.nextEventStep === trainer.step) applyEventsAt(trainer.step);
    const { n, indices, X, Y, epochAfter } = trainer.nextBatch(false);
    const pass = mlp.forward(X, n);
    const grads = mlp.backward(pass, Y);
    trainer.update(grads);
    completeStep(grads.loss, epochAfter);
    // One reused object: the fast path allocates nothing per step.
    fastLast.step = trainer.step;
    fastLast.n = n;
    fastLast.indices = indices;
    fastLast.X = X;
    fastLast.Y = Y;
    fastLast.pass = pass;
    fastLast.grads = grads;
    lastBatch = fastLast;
  }

  function beginPhasedStep(): void {
    const step = trainer.step;
    truncateFuture(step);
    if (timeline.nextEventStep === step) applyEventsAt(step);
    const start = captureKeyframe();
    const lastBefore = lastBatch && lastBatch.step === step ? copyLastBatch(lastBatch) : null;
    inProgress = startStep(mlp, trainer.nextBatch(true), start, lastBefore);
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
      trainer.update(grads);
      completeStep(grads.loss, s.epochAfter);
      lastBatch = { step: trainer.step, n: s.n, indices: s.indices, X: s.X, Y: s.Y, pass: s.pass, grads };
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
      truncateFuture(trainer.step);
      fastStep();
    }
    version++;
  }

  function trainSteps(k: number): number {
    requireNotDiverged('train');
    const before = trainer.step;
    if (phaseIndex !== 0) {
      const wasMid = phaseIndex !== UPDATE;
      finishInProgress();
      if (wasMid) k--;
    }
    truncateFuture(trainer.step);
    for (let i = 0; i < k && diverged === null; i++) fastStep();
    version++;
    return trainer.step - before;
  }

  function seek(target: number): void {
    const t = Math.max(0, Math.min(MAX_SEEK_STEP, Math.floor(Number.isFinite(target) ? target : 0)));
    const fromHere = atBoundary() && diverged === null;
    const kf = keyframes.nearest(t);
    // Replaying from where we stand is as exact as from a keyframe, and shorter when it is nearer.
    if (!(fromHere && trainer.step <= t && kf.step <= trainer.step)) restoreKeyframe(kf);
    phaseIndex = 0;
    inProgress = null;
    diverged = null;
    while (trainer.step < t && diverged === null) fastStep();
    if (diverged === null) applyWeightEditsAt(t);
    version++;
  }

  function stepBack(): void {
    if (phaseIndex === 0) {
      if (trainer.step > 0) seek(trainer.step - 1);
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
    const { value, notices } = sanitizeConfig({ ...current, ...picked }, current, ownData);
    const change = trainingChange(current, value);
    if (!change) return notices;
    const at = eventStepNow();
    truncateFuture(trainer.step);
    timeline.add({ step: at, kind: 'set-training', ...change }, trainer.step);
    version++;
    return notices;
  }

  function setWeight(layer: number, kind: ParamKind, index: number, value: number): void {
    requireNotDiverged('set weight');
    checkWeightEdit(mlp, layer, kind, index, value);
    if (!atBoundary() && inProgress) {
      // Drop the partial step: its cached activations would not match the new weight.
      restoreKeyframe(inProgress.start);
    }
    phaseIndex = 0;
    inProgress = null;
    truncateFuture(trainer.step);
    const old = kind === 'W' ? mlp.layers[layer].W[index] : mlp.layers[layer].b[index];
    trainer.writeParam(layer, kind, index, value);
    const detail = `${parameterName(mlp, layer, kind, index)} ${formatValue(old)} → ${formatValue(value)}`;
    timeline.add(
      { step: trainer.step, kind: 'set-weight', layer, param: kind, index, value, detail },
      trainer.step,
    );
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
      src = { ...s, step: phaseIndex === UPDATE ? trainer.step : trainer.step + 1 };
      reached = phaseIndex;
    } else if (lastBatch && lastBatch.step === trainer.step) {
      src = lastBatch;
      reached = completedIndex(mlp);
    } else {
      return null;
    }
    return batchCacheOf(mlp, src, reached, { d, outUnits }, flag);
  }

  function buildFrame(options: FrameOptions): Frame {
    const flag = { nonFinite: false };
    const sets = evaluator.evaluateSets(data, flag);
    if (!diverged)
      history.recordEval(trainer.step, sets.trainLoss, sets.testLoss, sets.trainMetric, sets.testMetric);
    const batch = batchCache(flag);
    const frame: Frame = {
      seq: options.seq,
      runId: options.runId ?? 0,
      step: trainer.step,
      epoch: trainer.epoch,
      phase: phaseAt(phaseIndex, L),
      playing: options.playing,
      speed: options.speed,
      maxStep,
      ...frameMetrics(sets, encoding),
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
    Object.assign(
      frame,
      news.since(timeline, effectiveConfig(), () =>
        loaded ? frameDatasetOfModel(data, loaded.info) : frameDatasetOf(data),
      ),
    );
    if (options.grid) frame.grid = grid.evaluate(options.grid, trainer.step, flag);
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
      baseConfig: copyConfig(baseConfig),
      customData: copyDataset(customData),
      keyframe: kf,
      events: timeline.events.filter((e) => e.step <= limit).map((e) => ({ ...e })),
      history: history.upTo(kf.step),
      maxStep: kf.step,
      ...(loaded ? { model: loaded.document } : {}),
    };
  }

  // ---- initial keyframe, or the model file's state, or the snapshot's state
  if (loaded) {
    // The run begins at the file's step: there is no earlier state to seek back to.
    restoreKeyframe(loaded.start(captureKeyframe()));
    maxStep = trainer.step;
    keyframes.spaceFor(trainer.step);
  }
  keyframes.keep(captureKeyframe());
  if (fromSnapshot) {
    const kf = cloneKeyframe(fromSnapshot.keyframe);
    timeline.replace(fromSnapshot.events, trainer.step);
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
    data,
    modelData: loaded ? loaded.info : null,
    mlp,
    layerCount: L,
    get step() {
      return trainer.step;
    },
    get epoch() {
      return trainer.epoch;
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
    testCount: data.test.count,
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
    evaluateGrid: (request, flag) => grid.evaluate(request, trainer.step, flag),
    gradientCheck(options = {}) {
      return trainer.gradientCheck(inProgress ?? lastBatch, options);
    },
    slotValues(layer, kind, index) {
      return trainer.slotValues(layer, kind, index);
    },
    parameters() {
      return mlp.getParameters();
    },
    stats() {
      return { ...history.stats(), ...keyframes.stats(), events: timeline.events.length };
    },
  };
}
