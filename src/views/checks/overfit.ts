/**
 * "Overfit a tiny dataset": the setup it applies, when it counts as passed or failed, and what it says.
 */
import type { RunConfig } from '../../model/config';
import type { Frame } from '../../worker/protocol';
import { formatValue } from '../inspector/inspectorModel';

/** The tiny-data setup: 8 training points of the current dataset, a roomy network, Adam, full batch. */
export function overfitPatch(config: RunConfig): Partial<RunConfig> {
  return {
    datasetSize: 16,
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

export const OVERFIT_TARGET_LOSS = 0.01;
export const OVERFIT_MAX_STEPS = 3000;

export type OverfitState =
  | { status: 'idle' }
  | { status: 'starting' }
  | { status: 'running'; step: number; loss: number }
  | { status: 'reached'; step: number; loss: number }
  | { status: 'failed'; step: number; loss: number }
  | { status: 'cancelled'; reason: string };

/** The next state of the overfit watch after a frame of the tiny-data run. */
export function overfitOutcome(frame: Pick<Frame, 'step' | 'trainLoss' | 'diverged'>): OverfitState {
  const { step, trainLoss } = frame;
  if (frame.diverged) return { status: 'failed', step, loss: trainLoss };
  if (Number.isFinite(trainLoss) && trainLoss < OVERFIT_TARGET_LOSS)
    return { status: 'reached', step, loss: trainLoss };
  if (step >= OVERFIT_MAX_STEPS) return { status: 'failed', step, loss: trainLoss };
  return { status: 'running', step, loss: trainLoss };
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
      return `✓ The loss reached ${formatValue(state.loss)} (below ${OVERFIT_TARGET_LOSS}) after ${state.step} steps: the network can memorize 8 points, so the forward pass, backward pass and update work together.`;
    case 'failed':
      return `✗ The loss is still ${formatValue(state.loss)} after ${state.step} steps (target below ${OVERFIT_TARGET_LOSS}). A network this size should memorize 8 points: suspect a bug, a learning rate that is too low or too high, or dead or saturated units.`;
    case 'cancelled':
      return `Stopped: ${state.reason}`;
  }
}
