/**
 * A run's frame: everything the page draws of where the run stands (the step and phase, the metrics
 * on both sets, the parameters, the batch as far as computed, the layers' health, the live changes
 * and the config when they are news, the grid when asked). Apart from run.ts, which owns the state;
 * a frame only reads it (and records the evaluation in the loss history, as the page sees it).
 */
import type { MLP } from '../engine';
import type { RunConfig } from '../model/config';
import { phaseAt, updateIndex } from '../model/phase';
import { frameMetrics, type Evaluator } from './evaluation';
import {
  batchCacheOf,
  completedIndex,
  copyParams,
  FrameNews,
  LayerHealthTracker,
  optimizerFrameState,
  type BatchSource,
} from './frames';
import type { GridEvaluator } from './grid';
import { frameDatasetOfModel, type LoadedModel } from './loadModel';
import type { LossHistory } from './lossHistory';
import type { LastBatch, StepInProgress } from './phasedStep';
import type { BatchCache, DivergenceInfo, Frame, LearningRateDiagnosis } from './protocol';
import { frameDatasetOf, type RunData } from './runData';
import type { FrameOptions } from './runTypes';
import type { Timeline } from './timeline';
import type { Trainer } from './trainer';

/** The parts of a run a frame reads, the same for the run's whole life. */
export interface FrameParts {
  mlp: MLP;
  data: RunData;
  loaded: LoadedModel | null;
  trainer: Trainer;
  evaluator: Evaluator;
  grid: GridEvaluator;
  history: LossHistory;
  timeline: Timeline;
}

/** Where the run stands when the frame is built. */
export interface FramePosition {
  /** 0 ready … the update (model/phase.ts phaseAt). */
  phaseIndex: number;
  inProgress: StepInProgress | null;
  lastBatch: LastBatch | null;
  maxStep: number;
  diverged: DivergenceInfo | null;
  diagnosis: LearningRateDiagnosis | null;
  /** The config in force at this position. */
  config: RunConfig;
}

export class RunFrames {
  /** What the frames have sent (events, config, dataset go only when they change). */
  private readonly news = new FrameNews();
  private readonly healthTracker: LayerHealthTracker;
  private readonly UPDATE: number;

  constructor(private readonly parts: FrameParts) {
    this.healthTracker = new LayerHealthTracker(parts.mlp);
    this.UPDATE = updateIndex(parts.mlp.layers.length);
  }

  /** The batch a frame shows: the step in progress as far as computed, else the last step's. */
  private batchCache(at: FramePosition, flag: { nonFinite: boolean }): BatchCache | null {
    const { mlp, trainer, data } = this.parts;
    const { phaseIndex, inProgress, lastBatch } = at;
    let src: BatchSource;
    let reached: number;
    if (inProgress && phaseIndex !== 0) {
      const s = inProgress;
      src = { ...s, step: phaseIndex === this.UPDATE ? trainer.step : trainer.step + 1 };
      reached = phaseIndex;
    } else if (lastBatch && lastBatch.step === trainer.step) {
      src = lastBatch;
      reached = completedIndex(mlp);
    } else {
      return null;
    }
    return batchCacheOf(mlp, src, reached, { d: data.d, outUnits: data.outUnits }, flag);
  }

  build(at: FramePosition, options: FrameOptions): Frame {
    const { mlp, data, loaded, trainer, evaluator, grid, history, timeline } = this.parts;
    const { phaseIndex, inProgress, diverged, diagnosis } = at;
    const flag = { nonFinite: false };
    const sets = evaluator.evaluateSets(data, flag);
    if (!diverged)
      history.recordEval(trainer.step, sets.trainLoss, sets.testLoss, sets.trainMetric, sets.testMetric);
    const batch = this.batchCache(at, flag);
    const frame: Frame = {
      seq: options.seq,
      runId: options.runId ?? 0,
      step: trainer.step,
      epoch: trainer.epoch,
      phase: phaseAt(phaseIndex, mlp.layers.length),
      playing: options.playing,
      speed: options.speed,
      maxStep: at.maxStep,
      ...frameMetrics(sets, data.encoding),
      params: copyParams(mlp, null, flag),
      prevParams:
        phaseIndex === this.UPDATE && inProgress?.prevParams
          ? copyParams(mlp, inProgress.prevParams, flag)
          : null,
      batch,
      health: this.healthTracker.health(
        batch,
        inProgress && phaseIndex !== 0 ? inProgress.lastBefore : null,
        sets.trainActivity,
        flag,
      ),
      history: history.takeChunk(),
      diverged: diverged ? { ...diverged } : null,
      diagnosis: diagnosis ? { ...diagnosis, evidence: [...diagnosis.evidence] } : null,
      nonFinite: false,
    };
    if (phaseIndex === this.UPDATE)
      Object.assign(frame, optimizerFrameState(mlp, trainer.optimizerState(), flag));
    Object.assign(
      frame,
      this.news.since(timeline, at.config, () =>
        loaded ? frameDatasetOfModel(data, loaded.info) : frameDatasetOf(data),
      ),
    );
    if (options.grid) frame.grid = grid.evaluate(options.grid, trainer.step, flag);
    frame.nonFinite = flag.nonFinite || diverged !== null;
    return frame;
  }
}
