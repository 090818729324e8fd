/**
 * The run slice: the run's settings and data, and the actions that change them (live, or by
 * restarting the run), reset and regenerate.
 */
import type { StateCreator } from 'zustand/vanilla';
import {
  TRAINING_KEYS,
  needsRestart,
  sanitizeConfig,
  type RunConfig,
  type TrainingSettings,
} from '../../model/config';
import { selectOwnData } from '../selectors';
import type { AppState, RunSlice } from '../types';
import type { WorkerLink } from './link';
import { appendNotices } from './ui';

/** The live settings that differ between two configs. */
function trainingPatch(from: RunConfig, to: RunConfig): Partial<TrainingSettings> {
  const patch: Partial<TrainingSettings> = {};
  for (const key of TRAINING_KEYS) {
    if (from[key] !== to[key]) (patch as Record<string, unknown>)[key] = to[key];
  }
  return patch;
}

/** `config`: the sanitized config the store opens with. */
export const createRunSlice =
  (link: WorkerLink, config: RunConfig): StateCreator<AppState, [], [], RunSlice> =>
  (set, get) => {
    const { send } = link;
    /** Sends the live settings that changed (nothing when none did) and keeps `value` as the config. */
    const applyLive = (current: RunConfig, value: RunConfig): void => {
      const diff = trainingPatch(current, value);
      if (Object.keys(diff).length === 0) return;
      set({ config: value });
      send({ type: 'set-training', patch: diff });
    };
    const restart = (): void =>
      send({ type: 'restart', config: get().config, customData: get().customData ?? undefined });

    return {
      config,
      customData: null,

      setTraining(patch) {
        const current = get().config;
        const picked: Record<string, unknown> = {};
        for (const key of TRAINING_KEYS)
          if (patch && key in patch) picked[key] = (patch as Record<string, unknown>)[key];
        const { value, notices } = sanitizeConfig({ ...current, ...picked }, current, selectOwnData(get()));
        set(appendNotices(notices));
        applyLive(current, value);
      },
      setConfig(patch) {
        const current = get().config;
        let { value, notices } = sanitizeConfig(
          { ...current, ...(patch as object) },
          current,
          selectOwnData(get()),
        );
        if (needsRestart(current, value) && get().dataset?.model) {
          // A new network or new data leaves the model file's run: the restart uses the app's data.
          ({ value, notices } = sanitizeConfig(
            { ...current, ...(patch as object) },
            current,
            get().customData,
          ));
        }
        set(appendNotices(notices));
        if (needsRestart(current, value)) {
          set({ config: value, diverged: null, playing: false });
          restart();
        } else applyLive(current, value);
        return notices;
      },
      setCustomData(data, events) {
        set({ customData: data, diverged: null, playing: false });
        send({ type: 'restart', config: get().config, customData: data ?? undefined, events });
      },
      reset() {
        set({ diverged: null, playing: false });
        const { modelText, dataset } = get();
        // A model file's run starts over from the file, as importing it again would.
        if (modelText !== null && dataset?.model) get().importModel(modelText);
        else restart();
      },
      regenerate() {
        set({ diverged: null, playing: false });
        send({ type: 'regenerate' });
      },
    };
  };
