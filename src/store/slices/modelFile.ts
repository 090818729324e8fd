/**
 * The model-file slice: importing a model file (the worker checks it and starts a run from it) and
 * exporting the current run as one (the worker writes it; the answer comes back by request id).
 */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState, ModelFileSlice } from '../types';
import type { WorkerLink } from './link';

/** How long an export waits for the worker's answer. */
export const EXPORT_TIMEOUT_MS = 10_000;

export const createModelFileSlice =
  (link: WorkerLink): StateCreator<AppState, [], [], ModelFileSlice> =>
  (set, get, api) => {
    /** Exports waiting for the worker's answer, by request id. */
    const exports = new Map<
      number,
      { resolve: (text: string) => void; timer: ReturnType<typeof setTimeout> }
    >();
    let lastExportId = 0;
    /** The model file sent to the worker whose run has not begun yet (it may still be refused). */
    let importing: string | null = null;

    // A new run's points arrive in its first frame: a model file's run confirms the file imported.
    api.subscribe((state, previous) => {
      if (state.dataset === previous.dataset || state.dataset === null) return;
      const modelText = state.dataset.model ? (importing ?? state.modelText) : null;
      importing = null;
      if (modelText !== state.modelText) set({ modelText });
    });

    return {
      modelText: null,
      exportModel() {
        if (!link.connected)
          return Promise.reject(new Error('Export model: the training worker is not running.'));
        const requestId = ++lastExportId;
        return new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => {
            exports.delete(requestId);
            reject(new Error('Export model: the training worker did not answer.'));
          }, EXPORT_TIMEOUT_MS);
          exports.set(requestId, { resolve, timer });
          link.send({ type: 'export-model', requestId });
        });
      },
      importModel(text) {
        if (typeof text !== 'string') {
          get().setError('Import model: the file could not be read as text.');
          return;
        }
        importing = text;
        set({ playing: false });
        link.send({ type: 'load-model', text });
      },
      modelExported(requestId, text) {
        const pending = exports.get(requestId);
        if (!pending) return;
        exports.delete(requestId);
        clearTimeout(pending.timer);
        pending.resolve(text);
      },
    };
  };
