/**
 * The app store: one vanilla zustand store (usable outside React: the worker client writes it with
 * setState, views subscribe imperatively), composed of slices (zustand's slices pattern): each
 * slice creator in ./slices/ makes its own state and the actions that own it. Tests create a fresh
 * store per test.
 *
 * Actions validate at the edge and send typed commands through the connected client (slices/link.ts).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { DEFAULT_CONFIG, sanitizeConfig, type RunConfig } from '../model/config';
import { createFrameSlice } from './slices/frame';
import { createConnectionSlice, createWorkerLink } from './slices/link';
import { createModelFileSlice } from './slices/modelFile';
import { createPlaybackSlice } from './slices/playback';
import { createRunSlice } from './slices/run';
import { createUiSlice } from './slices/ui';
import type { AppState, UiState } from './types';

export { DEFAULT_UI, MAX_NOTICES } from './slices/ui';
export { DEFAULT_SPEED } from './slices/playback';

export type AppStore = StoreApi<AppState>;

export interface AppStoreOptions {
  config?: RunConfig;
  notices?: string[];
  ui?: Partial<UiState>;
}

export function createAppStore(options: AppStoreOptions = {}): AppStore {
  const link = createWorkerLink();
  const initial = sanitizeConfig(options.config ?? DEFAULT_CONFIG);
  return createStore<AppState>()((...a) => ({
    ...createRunSlice(link, initial.value)(...a),
    ...createModelFileSlice(link)(...a),
    ...createPlaybackSlice(link)(...a),
    ...createFrameSlice(link)(...a),
    ...createUiSlice([...(options.notices ?? []), ...initial.notices], options.ui)(...a),
    ...createConnectionSlice(link)(...a),
  }));
}
