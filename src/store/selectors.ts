/**
 * Selectors for the store. Those returning a new object or array each call must be used with
 * `useShallow` (zustand/react/shallow) in React, or they re-render on every store change.
 */
import { classCountOf, problemOf, TRAINING_KEYS, type TrainingSettings } from '../model/config';
import { shortStatus } from '../model/phase';
import type { OwnData } from '../model/outputs';
import { layerWidths, networkShape } from '../model/shape';
import type { GridRequest } from '../worker/protocol';
import type { AppState } from './types';

/**
 * The short status, "Step 12" or "Step 13 · Backward · layer 1": inside a step it names the step in
 * progress, as the status line does (model/phase.ts statusStep).
 */
export function selectStatusText(state: Pick<AppState, 'step' | 'phase'>): string {
  return shortStatus(state.step, state.phase);
}

/**
 * Step back has somewhere to go everywhere but `ready` at step 0: inside a step to the phase before,
 * from forward 1 or `ready` at step t > 0 into step t's update (the worker's run.ts stepBack).
 */
export const selectCanStepBack = (state: AppState): boolean => state.step > 0 || state.phase.kind !== 'ready';
/** The data that replaces the generated dataset: drawn or imported points, or a model file's examples. */
export const selectOwnData = (state: Pick<AppState, 'customData' | 'dataset'>): OwnData =>
  state.customData ?? state.dataset?.model ?? null;
export const selectIsRegression = (state: AppState): boolean => {
  const own = selectOwnData(state);
  return own ? own.classes === 0 : problemOf(state.config.dataset) === 'regression';
};
export const selectClassCount = (state: AppState): number => classCountOf(state.config, selectOwnData(state));

/** Units per layer from input to output: [features, ...hidden, outputs] (use with useShallow). */
export const selectLayerSizes = (state: AppState): number[] =>
  layerWidths(networkShape(state.config, selectOwnData(state)));

/** The live settings (use with useShallow). */
export const selectTrainingSettings = (state: AppState): TrainingSettings => {
  const out = {} as Record<string, unknown>;
  for (const key of TRAINING_KEYS) out[key] = state.config[key];
  return out as unknown as TrainingSettings;
};

/** The grid the views want from the worker (null for none). */
export const selectGridRequest = (state: AppState): GridRequest | null =>
  state.ui.gridResolution > 0 ? { resolution: state.ui.gridResolution, neurons: state.ui.gridNeurons } : null;
