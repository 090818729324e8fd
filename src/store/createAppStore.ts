/**
 * The app store: one vanilla zustand store (usable outside React: the worker client writes it with
 * setState, views subscribe imperatively), in slices. Tests create a fresh one per test.
 *
 * Actions validate at the edge and send typed commands through the connected client. Until a
 * client is connected the commands are dropped (the UI still updates its own state).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  DEFAULT_CONFIG,
  TRAINING_KEYS,
  needsRestart,
  sanitizeConfig,
  type RunConfig,
  type TrainingSettings,
} from '../model/config';
import { isOutputSwitchNotice } from '../model/outputs';
import { SPEED_LIMITS, type Speed, type ToWorker } from '../worker/protocol';
import { emptyHistory } from './history';
import { selectOwnData } from './selectors';
import type { AppState, Commands, UiState } from './types';

export type AppStore = StoreApi<AppState>;

/**
 * Speed on opening: slow enough that the default problem's loss curve develops over several seconds
 * (the circle takes about 2,400 steps at the default settings, so about 25 s here) and the eye can
 * follow the boundary forming. 'max' trains 15,000–90,000 steps a second and solves it before the
 * page has been looked at; it stays one choice away in the speed menu.
 */
export const DEFAULT_SPEED: Speed = 100;

/** How many notices the store keeps (oldest dropped). */
export const MAX_NOTICES = 20;

export const DEFAULT_UI: Readonly<UiState> = Object.freeze({
  selectedExample: null,
  hoveredNode: null,
  hoveredEdge: null,
  chosenWeight: null,
  chainHighlight: [],
  error: null,
  gridResolution: 50,
  gridNeurons: true,
  showTestPoints: false,
  discretize: false,
  logScale: false,
  hiddenControls: [],
  replay: null,
});

export interface AppStoreOptions {
  config?: RunConfig;
  notices?: string[];
  ui?: Partial<UiState>;
}

function trainingPatch(from: RunConfig, to: RunConfig): Partial<TrainingSettings> {
  const patch: Partial<TrainingSettings> = {};
  for (const key of TRAINING_KEYS) {
    if (from[key] !== to[key]) (patch as Record<string, unknown>)[key] = to[key];
  }
  return patch;
}

/** How long an export waits for the worker's answer. */
export const EXPORT_TIMEOUT_MS = 10_000;

export function createAppStore(options: AppStoreOptions = {}): AppStore {
  let commands: Commands | null = null;
  const send = (message: ToWorker): void => commands?.send(message);
  /** Exports waiting for the worker's answer, by request id. */
  const exports = new Map<
    number,
    { resolve: (text: string) => void; timer: ReturnType<typeof setTimeout> }
  >();
  let lastExportId = 0;
  /** The model file sent to the worker whose run has not begun yet (it may still be refused). */
  let importing: string | null = null;
  const initial = sanitizeConfig(options.config ?? DEFAULT_CONFIG);

  const store = createStore<AppState>()((set, get) => {
    const addNotices = (list: string[]): void => {
      if (list.length === 0) return;
      // An automatic output switch replaces the previous one instead of stacking (issue 14).
      const kept = (notices: string[]): string[] =>
        list.some(isOutputSwitchNotice) ? notices.filter((n) => !isOutputSwitchNotice(n)) : notices;
      set((s) => ({ notices: [...kept(s.notices), ...list].slice(-MAX_NOTICES) }));
    };

    return {
      // config
      config: initial.value,
      notices: [...(options.notices ?? []), ...initial.notices].slice(-MAX_NOTICES),
      customData: null,
      modelText: null,
      // playback
      playing: false,
      speed: DEFAULT_SPEED,
      step: 0,
      epoch: 0,
      phase: { kind: 'ready' },
      maxStep: 0,
      diverged: null,
      diagnosis: null,
      // frame
      frame: null,
      dataset: null,
      grid: null,
      events: [],
      gradientCheck: null,
      slotValues: null,
      // history
      history: emptyHistory(),
      // ui
      ui: { ...DEFAULT_UI, ...options.ui },

      connect(next) {
        commands = next;
      },
      play() {
        if (get().diverged) {
          addNotices(['The run diverged: rewind or restart it before playing.']);
          return;
        }
        // Playing on past a diagnosis is "Keep going" (the worker mutes its watch the same way).
        set({ playing: true, diagnosis: null });
        send({ type: 'play' });
      },
      pause() {
        set({ playing: false });
        send({ type: 'pause' });
      },
      togglePlay() {
        if (get().playing) get().pause();
        else get().play();
      },
      setSpeed(speed) {
        let value = speed;
        if (value !== 'max') {
          if (typeof value !== 'number' || !Number.isFinite(value)) {
            addNotices([`Speed: "${String(value)}" is not a number of steps per second.`]);
            return;
          }
          value = Math.min(SPEED_LIMITS.max, Math.max(SPEED_LIMITS.min, value));
        }
        set({ speed: value });
        send({ type: 'set-speed', stepsPerSecond: value });
      },
      stepOnce() {
        set({ playing: false });
        send({ type: 'step' });
      },
      stepLayer() {
        set({ playing: false });
        send({ type: 'step-layer' });
      },
      stepBack() {
        set({ playing: false });
        send({ type: 'step-back' });
      },
      seek(step) {
        if (typeof step !== 'number' || !Number.isFinite(step) || step < 0) {
          addNotices([`Seek: "${String(step)}" is not a step number.`]);
          return;
        }
        set({ playing: false });
        send({ type: 'seek', step: Math.floor(step) });
      },
      setTraining(patch) {
        const current = get().config;
        const picked: Record<string, unknown> = {};
        for (const key of TRAINING_KEYS)
          if (patch && key in patch) picked[key] = (patch as Record<string, unknown>)[key];
        const { value, notices } = sanitizeConfig({ ...current, ...picked }, current, selectOwnData(get()));
        addNotices(notices);
        const diff = trainingPatch(current, value);
        if (Object.keys(diff).length === 0) return;
        set({ config: value });
        send({ type: 'set-training', patch: diff });
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
        addNotices(notices);
        if (needsRestart(current, value)) {
          set({ config: value, diverged: null, playing: false });
          send({ type: 'restart', config: value, customData: get().customData ?? undefined });
        } else {
          const diff = trainingPatch(current, value);
          if (Object.keys(diff).length > 0) {
            set({ config: value });
            send({ type: 'set-training', patch: diff });
          }
        }
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
        if (modelText !== null && dataset?.model) {
          importing = modelText;
          send({ type: 'load-model', text: modelText });
        } else send({ type: 'restart', config: get().config, customData: get().customData ?? undefined });
      },
      setWeight(layer, kind, index, value) {
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          addNotices([`Weight: "${String(value)}" is not a number.`]);
          return;
        }
        send({ type: 'set-weight', layer, kind, index, value });
      },
      runGradientCheck(options = {}) {
        send({ type: 'gradient-check', faults: options.faults, maxPerParameter: options.maxPerParameter });
      },
      requestSlotValues(layer, kind, index) {
        send({ type: 'slot-values', layer, kind, index });
      },
      rewind() {
        set({ diverged: null, playing: false });
        send({ type: 'rewind' });
      },
      lowerLearningRate() {
        get().setTraining({ learningRate: get().config.learningRate / 10 });
        set({ diagnosis: null });
        get().play();
      },
      rewindBeforeDiagnosis() {
        const found = get().diagnosis;
        if (!found) return;
        set({ diagnosis: null });
        get().seek(found.rewindStep);
      },
      keepGoing() {
        set({ diagnosis: null });
        send({ type: 'dismiss-diagnosis' });
        get().play();
      },
      regenerate() {
        set({ diverged: null, playing: false });
        send({ type: 'regenerate' });
      },
      setUi(patch) {
        set((s) => ({ ui: { ...s.ui, ...patch } }));
      },
      addNotice(message) {
        addNotices([message]);
      },
      dismissNotices() {
        set({ notices: [] });
      },
      setError(message) {
        set((s) => ({ ui: { ...s.ui, error: message } }));
      },
      exportModel() {
        if (commands === null)
          return Promise.reject(new Error('Export model: the training worker is not running.'));
        const requestId = ++lastExportId;
        return new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => {
            exports.delete(requestId);
            reject(new Error('Export model: the training worker did not answer.'));
          }, EXPORT_TIMEOUT_MS);
          exports.set(requestId, { resolve, timer });
          send({ type: 'export-model', requestId });
        });
      },
      importModel(text) {
        if (typeof text !== 'string') {
          get().setError('Import model: the file could not be read as text.');
          return;
        }
        importing = text;
        set({ playing: false });
        send({ type: 'load-model', text });
      },
      modelExported(requestId, text) {
        const pending = exports.get(requestId);
        if (!pending) return;
        exports.delete(requestId);
        clearTimeout(pending.timer);
        pending.resolve(text);
      },
    };
  });
  // A new run's points arrive in its first frame: a model file's run confirms the file imported.
  store.subscribe((state, previous) => {
    if (state.dataset === previous.dataset || state.dataset === null) return;
    const modelText = state.dataset.model ? (importing ?? state.modelText) : null;
    importing = null;
    if (modelText !== state.modelText) store.setState({ modelText });
  });
  return store;
}
