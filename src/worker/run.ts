/**
 * One training run: the orchestrator over the run's parts. It owns the training state (model,
 * optimizer, the seeded batch order, the step and epoch counters, the position inside the current
 * step) and hands each other job to its own module:
 *   runData.ts (the data and the config sanitized for it) · phasedStep.ts (a step phase by phase) ·
 *   keyframes.ts (keyframes for seeking) · timeline.ts (live changes) · lossHistory.ts (the loss
 *   series) · runWatch.ts (the learning-rate watch) · runFrame.ts with frames.ts, evaluation.ts,
 *   grid.ts (what a frame shows) · snapshot.ts (what the page keeps). The contract is runTypes.ts.
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
import type { RunConfig, TrainingSettings } from '../model/config';
import { phaseAt, updateIndex } from '../model/phase';
import { Evaluator } from './evaluation';
import { GridEvaluator } from './grid';
import { cloneKeyframe, KeyframeStore } from './keyframes';
import { LossHistory } from './lossHistory';
import { copyLastBatch, runPhase, startStep, type LastBatch, type StepInProgress } from './phasedStep';
import type { DivergenceInfo, Frame, Keyframe, ParamKind, RunSnapshot } from './protocol';
import { BATCH_STREAM, deriveSeed, modelSpecOf, prepareRunData } from './runData';
import { RunFrames } from './runFrame';
import { RunWatch } from './runWatch';
import { snapshotAt } from './snapshot';
import { checkWeightEdit, divergenceAt, parameterName, Trainer } from './trainer';
import { DEFAULT_LIMITS, type FrameOptions, type Run, type RunLimits } from './runTypes';
import { checkTrainingPatch, formatValue, Timeline, trainingOf } from './timeline';
import { prepareModelRun, type LoadedModel } from './loadModel';
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
  const { baseConfig, encoding, train, outUnits } = data;
  /** The data that decides which outputs fit: the user's points, or the model file's examples. */
  const ownData: OwnData = loaded ? loaded.info : customData;

  // ---- model
  const mlp = createMLP(loaded ? loaded.spec : modelSpecOf(data));
  const L = mlp.layers.length;
  /** The phase index of the update, the step's last phase. */
  const UPDATE = updateIndex(L);
  const evaluator = new Evaluator(mlp, encoding, outUnits);
  const grid = new GridEvaluator(mlp, data.features, outUnits, data.planeHalfWidth);

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

  // ---- what the frames show, and the learning-rate watch (sees every step trained, not replays)
  const frames = new RunFrames({ mlp, data, loaded, trainer, evaluator, grid, history, timeline });
  const watch = new RunWatch(mlp, data, evaluator, trainer);
  let replaying = false;

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
    for (const e of timeline.takeEventsAt(s)) trainer.applyEvent(e);
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

  /** After an update: counters, history, divergence check, keyframe, the learning-rate watch. */
  function completeStep(grads: BackwardPass, epochAfter: number): void {
    const lossValue = grads.loss;
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
    if (!replaying) watch.observeStep(step, lossValue, grads);
  }

  /** One whole step with nothing copied (the fast path and the replay path). */
  function fastStep(): void {
    if (timeline.nextEventStep === trainer.step) applyEventsAt(trainer.step);
    const { n, indices, X, Y, epochAfter } = trainer.nextBatch(false);
    const pass = mlp.forward(X, n);
    const grads = mlp.backward(pass, Y);
    trainer.update(grads);
    completeStep(grads, epochAfter);
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

  /** A phased step from here: continuing from a past step discards the future after it. */
  function beginPhasedStep(): void {
    truncateFuture(trainer.step);
    startPhasedStep();
  }

  /**
   * Starts a phased step at the current boundary (the events due there applied first). Discards
   * nothing: stepping back replays a step that is already history, and the run is deterministic.
   */
  function startPhasedStep(): void {
    const step = trainer.step;
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
      completeStep(grads, s.epochAfter);
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
    // A new diagnosis stops the run where it was found, like a divergence.
    const answered = watch.diagnosis;
    for (let i = 0; i < k && diverged === null && watch.diagnosis === answered; i++) fastStep();
    version++;
    return trainer.step - before;
  }

  function seek(target: number): void {
    // Anywhere the run has been; past its end, up to step limits.maxSeekStep (it trains there).
    const furthest = Math.max(maxStep, limits.maxSeekStep);
    const t = Math.max(0, Math.min(furthest, Math.floor(Number.isFinite(target) ? target : 0)));
    goToBoundary(t, t);
    version++;
  }

  /**
   * To the boundary after step t: restore the nearest keyframe ≤ `replayFrom` (≤ t) and replay. A
   * replay of at least one step leaves that step's batch in lastBatch, as on the way forward.
   */
  function goToBoundary(t: number, replayFrom: number): void {
    const fromHere = atBoundary() && diverged === null;
    const kf = keyframes.nearest(replayFrom);
    // Replaying from where we stand is as exact as from a keyframe, and shorter when it is nearer.
    if (!(fromHere && trainer.step <= replayFrom && kf.step <= trainer.step)) restoreKeyframe(kf);
    phaseIndex = 0;
    inProgress = null;
    diverged = null;
    replaying = true;
    try {
      while (trainer.step < t && diverged === null) fastStep();
    } finally {
      replaying = false;
    }
    if (diverged === null) applyWeightEditsAt(t);
    watch.restart();
  }

  /**
   * Step back one phase (DESIGN.md "One training step, as phases"). Inside a step: the phase before.
   * From forward 1, or from `ready` after Step or Play, back across the boundary into the previous
   * step's update, then its backward phases, … its forward 1. `ready` itself is only reached at
   * step 0, where there is no previous step.
   */
  function stepBack(): void {
    const target = phaseIndex - 1;
    const completed = trainer.step;
    if (target >= 1) {
      // Back to the start of this step and forward again to the target phase: exact, and cheap.
      restartStepInProgress();
      startPhasedStep();
      while (phaseIndex < target) advancePhase();
    } else if (completed > 0) {
      reenterStep(completed, UPDATE);
    } else if (target === 0) {
      restartStepInProgress(); // forward 1 of step 1 → ready at step 0
    } else {
      return; // ready at step 0: nothing before it
    }
    version++;
  }

  /** Back to the boundary the step in progress started from, its batch not yet drawn. */
  function restartStepInProgress(): void {
    const s = inProgress as StepInProgress;
    restoreKeyframe(s.start);
    diverged = null;
    lastBatch = s.lastBefore;
  }

  /**
   * Into step k's phase `target` from history: the boundary k − 1 (replayed from k − 2, so step
   * k − 1's batch is there for the layer health, as on the way forward), then step k phase by phase.
   * The same numbers as on the way forward, and the future is kept.
   */
  function reenterStep(k: number, target: number): void {
    goToBoundary(k - 1, Math.max(0, k - 2));
    if (diverged !== null) return;
    startPhasedStep();
    while (phaseIndex < target && diverged === null) advancePhase();
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
    const { value, notices, change } = checkTrainingPatch(current, patch, ownData);
    if (!change) return notices;
    // A new learning rate answers the diagnosis (the watch judges it afresh from the next step).
    if (value.learningRate !== current.learningRate) watch.diagnosis = null;
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

  function buildFrame(options: FrameOptions): Frame {
    const config = effectiveConfig();
    const { diagnosis } = watch;
    return frames.build({ phaseIndex, inProgress, lastBatch, maxStep, diverged, diagnosis, config }, options);
  }

  // ------------------------------------------------------------------------------------------------
  // Snapshots

  function snapshot(): RunSnapshot {
    const kf = inProgress && !atBoundary() ? cloneKeyframe(inProgress.start) : captureKeyframe();
    return snapshotAt(kf, { baseConfig, customData, timeline, history, loaded });
  }

  // ---- initial keyframe, or the model file's state, or the snapshot's state
  if (loaded) {
    // The run begins at the file's step: there is no earlier state to seek back to.
    restoreKeyframe(loaded.start(captureKeyframe()));
    maxStep = trainer.step;
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
  }
  watch.restart();

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
    get diagnosis() {
      return watch.diagnosis;
    },
    dismissDiagnosis() {
      if (watch.dismiss()) version++;
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
    gridIsCurrent: (request) => grid.isCurrent(request),
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
