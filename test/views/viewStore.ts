/**
 * A store for view tests: the AppState shape with recorded (vi.fn) actions and a synthetic Frame,
 * so a test controls exactly what the views see and can assert on what they ask for.
 * `setUi` really updates `ui` (views read back their own hover and toggles); the other actions only
 * record their calls.
 */
import { vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { AppState, LossHistory, UiState } from '../../src/store/types';
import { DEFAULT_CONFIG, outputUnits } from '../../src/model/config';
import type { RunConfig } from '../../src/model/config';
import type {
  BatchCache,
  Frame,
  FrameDataset,
  FrameGrid,
  HistoryChunk,
  LayerParams,
  Phase,
} from '../../src/worker/protocol';

export const DEFAULT_UI: UiState = {
  selectedExample: null,
  hoveredNode: null,
  hoveredEdge: null,
  error: null,
  gridResolution: 20,
  gridNeurons: true,
  showTestPoints: false,
  discretize: false,
  logScale: false,
  extra: {},
};

export function emptyHistory(): LossHistory {
  return {
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
}

/** Layer sizes of a config: inputs, hidden…, outputs. */
export function sizesOf(config: RunConfig): number[] {
  return [config.features.length, ...config.hiddenLayers, outputUnits(config)];
}

/** Parameters with W[l][k] = (k + 1) / 10 · (−1)^k and b[l][j] = 0.01 · (j + 1): easy to assert on. */
export function syntheticParams(config: RunConfig): LayerParams[] {
  const sizes = sizesOf(config);
  return sizes.slice(1).map((units, l) => {
    const fanIn = sizes[l];
    const W = new Float32Array(fanIn * units).map((_, k) => ((k + 1) / 10) * (k % 2 === 0 ? 1 : -1));
    const b = new Float32Array(units).map((_, j) => 0.01 * (j + 1));
    return { W, b };
  });
}

export function syntheticBatch(config: RunConfig, n = 4): BatchCache {
  const sizes = sizesOf(config);
  const L = sizes.length - 1;
  const fill = (len: number, scale: number): Float32Array =>
    new Float32Array(len).map((_, i) => scale * Math.sin(i + 1));
  return {
    step: 1,
    n,
    indices: new Uint32Array(n).map((_, i) => i * 2),
    X: fill(n * sizes[0], 1),
    Y: fill(n * sizes[L], 1),
    Z: sizes.slice(1).map((u) => fill(n * u, 0.5)),
    A: sizes.slice(1).map((u) => fill(n * u, 0.4)),
    loss: 0.5,
    dZ: sizes.slice(1).map((u) => fill(n * u, 0.01)),
    dA: sizes.slice(1, -1).map((u) => fill(n * u, 0.02)),
    dW: sizes.slice(1).map((u, l) => fill(sizes[l] * u, 0.001)),
    db: sizes.slice(1).map((u) => fill(u, 0.001)),
  };
}

export function emptyChunk(): HistoryChunk {
  return {
    reset: false,
    stride: 1,
    steps: new Float64Array(0),
    batchLoss: new Float32Array(0),
    evalSteps: new Float64Array(0),
    trainLoss: new Float32Array(0),
    testLoss: new Float32Array(0),
    trainMetric: new Float32Array(0),
    testMetric: new Float32Array(0),
    metric: 'accuracy',
  };
}

export function syntheticFrame(config: RunConfig, patch: Partial<Frame> = {}): Frame {
  const phase: Phase = { kind: 'ready' };
  return {
    seq: 1,
    runId: 1,
    step: 10,
    epoch: 0,
    phase,
    playing: false,
    speed: 10,
    maxStep: 10,
    trainLoss: 0.3,
    testLoss: 0.35,
    trainAccuracy: 0.9,
    testAccuracy: 0.85,
    trainRmse: null,
    testRmse: null,
    params: syntheticParams(config),
    prevParams: null,
    batch: syntheticBatch(config),
    health: [],
    history: emptyChunk(),
    diverged: null,
    diagnosis: null,
    nonFinite: false,
    ...patch,
  };
}

export function syntheticDataset(classes = 2): FrameDataset {
  return {
    train: { points: new Float32Array([1, 2, -3, -4, 5, -5]), labels: new Float32Array([0, 1, 0]), count: 3 },
    test: { points: new Float32Array([0.5, 0.5]), labels: new Float32Array([1]), count: 1 },
    classes,
  };
}

export function syntheticGrid(config: RunConfig, resolution = 4): FrameGrid {
  const sizes = sizesOf(config);
  const cells = resolution * resolution;
  return {
    resolution,
    step: 10,
    outputs: new Float32Array(cells * sizes[sizes.length - 1]).map(
      (_, i) => i / (cells * sizes[sizes.length - 1]),
    ),
    neurons: sizes.slice(1).map((u) => new Float32Array(cells * u).fill(0.25)),
    features: sizes
      .slice(0, 1)
      .flatMap((u) => Array.from({ length: u }, () => new Float32Array(cells).fill(1))),
  };
}

export type TestStore = StoreApi<AppState>;

export function createTestStore(patch: Partial<AppState> = {}): TestStore {
  const config: RunConfig = { ...DEFAULT_CONFIG, ...(patch.config ?? {}) };
  return createStore<AppState>()(
    (set) =>
      ({
        notices: [],
        customData: null,
        playing: false,
        speed: 10,
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
        history: emptyHistory(),
        ui: { ...DEFAULT_UI },
        connect: vi.fn(),
        play: vi.fn(),
        pause: vi.fn(),
        togglePlay: vi.fn(),
        setSpeed: vi.fn(),
        step: vi.fn(),
        stepLayer: vi.fn(),
        stepBack: vi.fn(),
        seek: vi.fn(),
        setTraining: vi.fn(),
        setConfig: vi.fn(() => []),
        setCustomData: vi.fn(),
        reset: vi.fn(),
        setWeight: vi.fn(),
        runGradientCheck: vi.fn(),
        requestSlotValues: vi.fn(),
        rewind: vi.fn(),
        regenerate: vi.fn(),
        setUi: vi.fn((ui: Partial<UiState>) => set((s) => ({ ui: { ...s.ui, ...ui } }))),
        addNotice: vi.fn(),
        dismissNotices: vi.fn(),
        setError: vi.fn(),
        ...patch,
        config,
      }) as unknown as AppState,
  );
}
