/**
 * Switching between the user's own points and the generated datasets with exactly one restart, and
 * with an output layer that fits the data (the worker refuses, say, a sigmoid output on 3 classes).
 */
import type { StoreApi } from 'zustand';
import type { Dataset } from '../../engine';
import type { AppState } from '../../store/types';
import {
  needsRestart,
  outputsFor,
  sanitizeConfig,
  type OutputKind,
  type RunConfig,
} from '../../model/config';

/** The outputs that fit the data in use (own data decides by its own classes; src/model/outputs.ts). */
export function outputsForData(config: RunConfig, customData: Dataset | null): OutputKind[] {
  return outputsFor(config, customData);
}

/** Trains on `data` from now on (one restart), switching the output first if it does not fit. */
export function switchToOwnData(store: StoreApi<AppState>, data: Dataset): void {
  const { config } = store.getState();
  const allowed = outputsForData(config, data);
  // Only the output changes, so no restart of its own: setCustomData restarts once with it.
  if (!allowed.includes(config.output)) store.setState({ config: { ...config, output: allowed[0] } });
  store.getState().setCustomData(data);
}

/**
 * Back to the generated data, with `patch` applied (e.g. the dataset the user picked), in one
 * restart. Without custom data this is just setConfig(patch).
 */
export function switchToGeneratedData(store: StoreApi<AppState>, patch: Partial<RunConfig> = {}): void {
  const { config, customData } = store.getState();
  if (!customData) {
    store.getState().setConfig(patch);
    return;
  }
  const next = sanitizeConfig({ ...config, ...patch }, config).value;
  store.setState({ customData: null });
  const restarts = needsRestart(config, next);
  store.getState().setConfig(next);
  if (!restarts) store.getState().reset();
}
