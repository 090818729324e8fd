/**
 * The app's store: the singleton the page uses, its React hook, and the wiring to the worker.
 * Tests use `createAppStore()` for a fresh store each (test/helpers/realStore.ts connects one to a
 * recording port and feeds it frames of a real run).
 *
 * How views reach the store, one way: a required `store` prop. main.tsx hands `appStore` to App,
 * App to each view, each view to the parts that need it; a test renders a view with its own store.
 * Views never import `appStore`, and there is no context or singleton fallback to mix in.
 */
import {
  createTrainerClient,
  type TrainerClient,
  type TrainerClientOptions,
  type WorkerFactory,
} from '../worker/client';
import { createAppStore, type AppStore } from './createAppStore';

export {
  createAppStore,
  DEFAULT_UI,
  MAX_NOTICES,
  type AppStore,
  type AppStoreOptions,
} from './createAppStore';
export { emptyHistory, mergeHistory } from './history';
export { frameUpdate, PLAYBACK_THROTTLE_MS } from './frames';
export * from './selectors';
export type * from './types';

/** The page's store. */
export const appStore: AppStore = createAppStore();

let client: TrainerClient | null = null;

/**
 * Starts the training worker for `store` (the page's by default) once; later calls return the same
 * client. The app calls this after applying the URL's config with `store.setState({ config })`.
 */
export function startTrainer(
  store: AppStore = appStore,
  workerFactory?: WorkerFactory,
  options?: TrainerClientOptions,
): TrainerClient {
  if (!client) client = createTrainerClient(store, workerFactory, options);
  return client;
}

export function stopTrainer(): void {
  client?.dispose();
  client = null;
}
