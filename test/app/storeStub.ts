/**
 * A recording stand-in for the app store: the full AppState shape in a real zustand store, whose
 * actions record their calls and make the state changes the UI relies on (setConfig and setTraining
 * sanitize and update `config` like the real store; play/pause flip `playing`; notices append).
 * Nothing talks to a worker. Tests read `calls` to see what the UI asked for.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { DEFAULT_SPEED } from '../../src/store/createAppStore';
import type { AppState, LossHistory, UiState } from '../../src/store/types';
import {
  DEFAULT_CONFIG,
  needsRestart,
  sanitizeConfig,
  TRAINING_KEYS,
  type RunConfig,
} from '../../src/model/config';

export interface RecordedCall {
  action: string;
  args: unknown[];
}

export interface StubStore extends StoreApi<AppState> {
  calls: RecordedCall[];
  /** The names of the recorded actions, in order. */
  names(): string[];
  clear(): void;
}

const EMPTY_HISTORY: LossHistory = {
  version: 0,
  stride: 1,
  metric: 'accuracy',
  steps: new Float64Array(0),
  batchLoss: new Float32Array(0),
  evalSteps: new Float64Array(0),
  trainLoss: new Float32Array(0),
  testLoss: new Float32Array(0),
  trainMetric: new Float32Array(0),
  testMetric: new Float32Array(0),
};

const DEFAULT_UI: UiState = {
  selectedExample: null,
  hoveredNode: null,
  hoveredEdge: null,
  error: null,
  gridResolution: 50,
  gridNeurons: false,
  showTestPoints: false,
  discretize: false,
  logScale: false,
  extra: {},
};

export function createStubStore(initial: Partial<AppState> = {}): StubStore {
  const calls: RecordedCall[] = [];
  const record = (action: string, ...args: unknown[]): void => {
    calls.push({ action, args });
  };
  const store = createStore<AppState>()((set, get) => ({
    config: { ...DEFAULT_CONFIG } as RunConfig,
    notices: [],
    customData: null,
    modelText: null,
    playing: false,
    speed: DEFAULT_SPEED,
    step: 0,
    epoch: 0,
    phase: { kind: 'ready' },
    maxStep: 0,
    diverged: null,
    frame: null,
    dataset: null,
    grid: null,
    events: [],
    gradientCheck: null,
    slotValues: null,
    history: EMPTY_HISTORY,
    ui: DEFAULT_UI,

    connect: (commands) => record('connect', commands),
    play: () => {
      record('play');
      set({ playing: true });
    },
    pause: () => {
      record('pause');
      set({ playing: false });
    },
    togglePlay: () => {
      record('togglePlay');
      set({ playing: !get().playing });
    },
    setSpeed: (speed) => {
      record('setSpeed', speed);
      set({ speed });
    },
    stepOnce: () => record('stepOnce'),
    stepLayer: () => record('stepLayer'),
    stepBack: () => record('stepBack'),
    seek: (step) => record('seek', step),
    setTraining: (patch) => {
      record('setTraining', patch);
      const { value, notices } = sanitizeConfig(patch, get().config);
      const next = { ...get().config };
      for (const key of TRAINING_KEYS) (next as Record<string, unknown>)[key] = value[key];
      set({ config: next, notices: [...get().notices, ...notices] });
    },
    setConfig: (patch) => {
      record('setConfig', patch);
      const { value, notices } = sanitizeConfig(patch, get().config);
      const restart = needsRestart(get().config, value);
      if (restart || JSON.stringify(value) !== JSON.stringify(get().config)) set({ config: value });
      set({ notices: [...get().notices, ...notices] });
      return notices;
    },
    setCustomData: (data) => {
      record('setCustomData', data);
      set({ customData: data });
    },
    reset: () => record('reset'),
    setWeight: (...args) => record('setWeight', ...args),
    runGradientCheck: (options) => record('runGradientCheck', options),
    requestSlotValues: (...args) => record('requestSlotValues', ...args),
    rewind: () => record('rewind'),
    regenerate: () => record('regenerate'),
    setUi: (patch) => {
      record('setUi', patch);
      set({ ui: { ...get().ui, ...patch } });
    },
    addNotice: (message) => {
      record('addNotice', message);
      set({ notices: [...get().notices, message] });
    },
    dismissNotices: () => {
      record('dismissNotices');
      set({ notices: [] });
    },
    setError: (message) => {
      record('setError', message);
      set({ ui: { ...get().ui, error: message } });
    },
    exportModel: () => {
      record('exportModel');
      return Promise.resolve('{"format": "backprop-lab/model"}');
    },
    importModel: (text) => record('importModel', text),
    modelExported: (...args) => record('modelExported', ...args),
    ...initial,
  }));
  return Object.assign(store, {
    calls,
    names: () => calls.map((c) => c.action),
    clear: () => {
      calls.length = 0;
    },
  });
}
