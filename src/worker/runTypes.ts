/**
 * The contract of a training run (src/worker/run.ts builds it): what the worker's handlers, the
 * tests and the bench drive, and the limits on the history it keeps.
 */
import type { BackwardFaults, Dataset, GradientCheckResult, MLP } from '../engine';
import type { RunConfig, TrainingSettings } from '../model/config';
import type { ModelDataInfo } from './loadModel';
import type { RunData } from './runData';
import type {
  DivergenceInfo,
  Frame,
  FrameGrid,
  GridRequest,
  LearningRateDiagnosis,
  ParamKind,
  Phase,
  RunSnapshot,
  Speed,
  TimelineEvent,
} from './protocol';

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
  /** Most steps between keyframes near the present: what one step back may have to replay. */
  nearKeyframeSpacing: number;
  /** Furthest a seek may go past the end of the timeline (it trains there); history is never cut. */
  maxSeekStep: number;
}

/**
 * Furthest a seek may go past the end of the timeline, by default: a billion steps (hours of
 * replay at the engine's speed; long seeks replay in cancellable chunks, handlers.ts replaySlice).
 */
export const MAX_SEEK_STEP = 1_000_000_000;

export const DEFAULT_LIMITS: Readonly<RunLimits> = Object.freeze({
  historyCap: 20_000,
  evalHistoryCap: 4_096,
  maxKeyframes: 128,
  keyframeBudgetBytes: 64 * 1024 * 1024,
  minKeyframes: 16,
  nearKeyframeSpacing: 1024,
  maxSeekStep: MAX_SEEK_STEP,
});

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
  /** The data the run trains and is evaluated on (features and targets). */
  readonly data: RunData;
  /** For a run started from a model file: what its data is; null for generated or drawn data. */
  readonly modelData: ModelDataInfo | null;
  readonly mlp: MLP;
  readonly layerCount: number;
  readonly step: number;
  readonly epoch: number;
  readonly phase: Phase;
  readonly maxStep: number;
  readonly diverged: DivergenceInfo | null;
  /** The learning-rate watch's finding (diagnosis.ts) until answered; training stops where it is found. */
  readonly diagnosis: LearningRateDiagnosis | null;
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
  /** Lands on ready at `step` (0 … the furthest step reached or limits.maxSeekStep, whichever is later), bit-identical to training straight. */
  seek(step: number): void;
  /** Back to the last good step after divergence (exactly), discarding what came after. */
  rewind(): void;
  /** "Keep going": clears the diagnosis; the watch stays silent until the learning rate changes. */
  dismissDiagnosis(): void;
  /** Live settings from the next step; returns notices for clamped values. */
  setTraining(patch: Partial<TrainingSettings>): string[];
  /** Edits one parameter (an event on the timeline). Throws on a bad layer/index/value. */
  setWeight(layer: number, kind: ParamKind, index: number, value: number): void;
  /** The state to restart from after a crash (the current step boundary). */
  snapshot(): RunSnapshot;
  buildFrame(options: FrameOptions): Frame;
  /** Grid evaluation alone (the frame builder calls it; the handlers budget it). `flag` is set on NaN/∞. */
  evaluateGrid(request: GridRequest, flag?: { nonFinite: boolean }): FrameGrid;
  /** Whether `request` now would give the last evaluated grid again (same request, same parameters). */
  gridIsCurrent(request: GridRequest): boolean;
  gradientCheck(options?: { faults?: BackwardFaults; maxPerParameter?: number }): {
    result: GradientCheckResult;
    verdict: 'good' | 'suspicious' | 'wrong';
  };
  slotValues(layer: number, kind: ParamKind, index: number): Record<string, number>;
  /** Float64 copies [W0, b0, …] (tests compare bytes). */
  parameters(): Float64Array[];
  stats(): RunStats;
}
