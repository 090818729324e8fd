/**
 * "Overfit a tiny dataset": the setup it applies, when it counts as passed or failed, and what it says.
 */
import { DATASETS, type Dataset } from '../../engine';
import type { RunConfig } from '../../model/config';
import type { LossHistory } from '../../store/types';
import type { Frame, FrameDataset } from '../../worker/protocol';
import { formatValue } from '../../model/format';

/** Points of the tiny set (half of them train: 8), as overfitPatch's datasetSize and trainPercent say. */
export const OVERFIT_POINTS = 16;

/** The tiny-data setup: 8 training points of the current dataset, a roomy network, Adam, full batch. */
export function overfitPatch(config: RunConfig): Partial<RunConfig> {
  return {
    datasetSize: OVERFIT_POINTS,
    trainPercent: 50,
    hiddenLayers: [16, 16],
    activation:
      config.activation === 'linear' || config.activation === 'sigmoid' ? 'tanh' : config.activation,
    init: 'xavier',
    optimizer: 'adam',
    learningRate: 0.01,
    regularization: 'none',
    regularizationRate: 0,
    batchSize: 8,
  };
}

/**
 * The learner's own points cut to OVERFIT_POINTS, evenly spaced through them (a set stored class by
 * class keeps every class): drawn or imported points, or a model file's points of the plane. A run on
 * own points trains on all of them whatever datasetSize says, so without this cut "8 training points,
 * full batch" would be false. Null for a generated set (datasetSize does it) and for a model file's
 * examples that are not plane points (the check then uses the config's generated set: ownDataWords).
 */
export function tinyOwnData(customData: Dataset | null, dataset: FrameDataset | null): Dataset | null {
  const model = dataset?.model;
  const source: Dataset | null =
    customData ??
    (model?.pointSet && dataset
      ? {
          points: Float64Array.from(dataset.train.points.subarray(0, 2 * dataset.train.count)),
          labels: Float64Array.from(dataset.train.labels.subarray(0, dataset.train.count)),
          count: dataset.train.count,
          classes: dataset.classes,
          planeHalfWidth: dataset.planeHalfWidth,
        }
      : null);
  if (!source) return null;
  const count = Math.min(OVERFIT_POINTS, source.count);
  const points = new Float64Array(2 * count);
  const labels = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const from = Math.floor((i * source.count) / count);
    points[2 * i] = source.points[2 * from];
    points[2 * i + 1] = source.points[2 * from + 1];
    labels[i] = source.labels[from];
  }
  return { ...source, points, labels, count };
}

/** Which points the check trains on, in the words of its description. */
export function overfitDataWords(
  config: RunConfig,
  customData: Dataset | null,
  dataset: FrameDataset | null,
): string {
  const own = customData?.count ?? (dataset?.model?.pointSet ? dataset.train.count : null);
  if (own !== null)
    return own > OVERFIT_POINTS
      ? `This takes ${OVERFIT_POINTS} of your own points (8 to train on)`
      : `This takes your ${own} points (half of them to train on)`;
  if (dataset?.model)
    return `A model file's examples are not points of the plane, so this uses 8 training points of the ${DATASETS[config.dataset].label} set`;
  return 'This keeps your dataset but uses 8 training points';
}

export const OVERFIT_TARGET_LOSS = 0.01;
export const OVERFIT_MAX_STEPS = 3000;

/** How the check ended for the learner's own settings. */
export type OverfitRestore =
  /** Put back automatically (the run restarted with them). */
  | 'restored'
  /** Not put back: the learner changed the settings during the check (a Restore button offers it). */
  | 'offered';

export type OverfitState =
  | { status: 'idle' }
  | { status: 'starting' }
  | { status: 'running'; step: number; loss: number }
  /** `step`: the first step at which the loss was below the target; `exact` false when the history was thinned. */
  | { status: 'reached'; step: number; loss: number; exact: boolean; restore?: OverfitRestore }
  | { status: 'failed'; step: number; loss: number; restore?: OverfitRestore }
  | { status: 'cancelled'; reason: string; restore?: OverfitRestore };

/** The loss history the check reads (the store's, as the frames append it). */
export type OverfitHistory = Pick<LossHistory, 'steps' | 'batchLoss' | 'stride'>;

/** Where the loss first went below the target: the network after `step` updates had loss `loss`. */
export interface FirstBelow {
  step: number;
  loss: number;
  /** False when the history keeps only every stride-th step: then it went below at `step` or before. */
  exact: boolean;
}

/**
 * The first step at which the training loss was below the target, from the run's loss history (every
 * step, unless thinned) and the latest frame. The batch loss recorded at step s is the loss of the
 * network after s − 1 updates on that step's batch, which in the tiny-data setup (full batch) is the
 * whole training set: so a batch loss below the target at s means the loss was below it after s − 1
 * steps. Frames come only now and then, so the frame's own step is a late witness; it counts only
 * when the history has not seen the crossing yet (the batch loss of the next step is not known yet).
 */
export function firstBelowTarget(
  history: OverfitHistory,
  frame: Pick<Frame, 'step' | 'trainLoss'> | null,
  target = OVERFIT_TARGET_LOSS,
): FirstBelow | null {
  const { steps, batchLoss, stride } = history;
  for (let i = 0; i < steps.length; i++) {
    if (batchLoss[i] < target) {
      return { step: Math.max(0, steps[i] - 1), loss: batchLoss[i], exact: stride === 1 };
    }
  }
  if (frame && Number.isFinite(frame.trainLoss) && frame.trainLoss < target) {
    return { step: frame.step, loss: frame.trainLoss, exact: stride === 1 };
  }
  return null;
}

/** The next state of the overfit watch after a frame of the tiny-data run (and its loss history). */
export function overfitOutcome(
  frame: Pick<Frame, 'step' | 'trainLoss' | 'diverged'>,
  history: OverfitHistory = NO_HISTORY,
): OverfitState {
  const { step, trainLoss } = frame;
  if (frame.diverged) return { status: 'failed', step, loss: trainLoss };
  const first = firstBelowTarget(history, frame);
  if (first) return { status: 'reached', ...first };
  if (step >= OVERFIT_MAX_STEPS) return { status: 'failed', step, loss: trainLoss };
  return { status: 'running', step, loss: trainLoss };
}

const NO_HISTORY: OverfitHistory = { steps: new Float64Array(0), batchLoss: new Float32Array(0), stride: 1 };

function restoreWords(restore: OverfitRestore | undefined): string {
  if (restore === 'restored')
    return ' Your own settings (network, optimizer, initialization, data) are back, and the run restarted with them.';
  if (restore === 'offered')
    return ' Your earlier settings were not put back, since you changed the settings yourself: “Restore my settings” does it.';
  return '';
}

export function overfitWords(state: OverfitState): string {
  switch (state.status) {
    case 'idle':
      return '';
    case 'starting':
      return 'Setting up 8 training points and restarting…';
    case 'running':
      return `Training… step ${state.step}, loss ${formatValue(state.loss)}.`;
    case 'reached':
      return (
        `✓ The loss first went below ${OVERFIT_TARGET_LOSS} ${state.exact ? 'after' : 'by'} ${state.step} steps ` +
        `(it was ${formatValue(state.loss)}): the network can memorize 8 points, so the forward pass, backward pass and update work together.` +
        restoreWords(state.restore)
      );
    case 'failed':
      return (
        `✗ The loss is still ${formatValue(state.loss)} after ${state.step} steps (target below ${OVERFIT_TARGET_LOSS}). A network this size should memorize 8 points: suspect a bug, a learning rate that is too low or too high, or dead or saturated units.` +
        restoreWords(state.restore)
      );
    case 'cancelled':
      return `Stopped: ${state.reason}${restoreWords(state.restore)}`;
  }
}
