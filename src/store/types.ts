/**
 * The app store's shape: one zustand store in slices (DESIGN.md "Data flow"), each slice its state
 * and the actions that own it, made by one slice creator in store/slices/:
 *
 * - run: the run's settings (what the URL holds), custom data; settings changes, reset, regenerate.
 * - modelFile: the imported model file's text; import and export.
 * - playback: coarse state React renders (play/pause, counters, phase). While playing, the client
 *   writes it at most ~10 times a second so counters do not re-render the page 60 times a second.
 *   `playing` lives here only: views read it here, never from `frame.playing` (the worker's report,
 *   which the store mirrors into this slice as each frame lands).
 * - frame: the latest Frame from the worker. HOT: written once per animation frame while training.
 *   Views subscribe with `store.subscribe` and draw imperatively; do not select it in React renders.
 * - history: the loss series for the chart, appended from frames, replaced when the worker resets it.
 * - ui: view state (selection, hover, toggles), notices and the error; extend freely.
 *
 * Actions validate at the edge (sanitizeConfig), update what they can at once, and send typed
 * commands to the worker through the client connected with `connect`.
 */
import type { BackwardFaults, Dataset, GradientCheckResult } from '../engine';
import type { RunConfig, TrainingSettings } from '../model/config';
import type {
  DivergenceInfo,
  LearningRateDiagnosis,
  LossSeries,
  Frame,
  FrameDataset,
  FrameGrid,
  ParamKind,
  Phase,
  Speed,
  TimelineEvent,
  ToWorker,
} from '../worker/protocol';

export interface RunSlice {
  /** The run's effective config: the base config plus live changes (mirrors the worker's). */
  config: RunConfig;
  /** Drawn or imported points that replace the generated dataset; null for the generated one. */
  customData: Dataset | null;
  /** Live settings: sanitized (notices for clamped values), applied from the next step, no reset. */
  setTraining(patch: Partial<TrainingSettings>): void;
  /**
   * Any settings: sanitized against the current config; if a restart setting changed (needsRestart)
   * the run restarts, else the live part is applied as setTraining. Returns the notices.
   */
  setConfig(patch: Partial<RunConfig> | Record<string, unknown>): string[];
  /**
   * Replaces the dataset with drawn/imported points (null: back to the generated one); restarts.
   * `events`: live changes the new run replays at their steps (a link's timeline).
   */
  setCustomData(data: Dataset | null, events?: readonly TimelineEvent[]): void;
  /** Restarts the run with the current config (the "Reset" button). */
  reset(): void;
  regenerate(): void;
}

export interface ModelFileSlice {
  /** The text of the last model file imported (Reset starts over from it while its run is current). */
  modelText: string | null;
  /**
   * "Export model": the current run as a model file's text (from the worker). Rejects when no
   * worker is connected or it does not answer in time.
   */
  exportModel(): Promise<string>;
  /**
   * "Import model": the worker checks the file and starts a run from it (its weights, data,
   * settings, step and training state); a refused file is an error in the alert banner and the
   * current run goes on untouched. The config follows in the new run's first frame.
   */
  importModel(text: string): void;
  /** The worker's answer to an export (the client calls it). */
  modelExported(requestId: number, text: string): void;
}

export interface PlaybackSlice {
  /** Whether the run plays: the one place it is held (the client and the views read it here). */
  playing: boolean;
  speed: Speed;
  step: number;
  epoch: number;
  phase: Phase;
  /** The furthest step on the timeline (for the scrubber). */
  maxStep: number;
  /** Set while the run is paused by divergence; `rewind` clears it. */
  diverged: DivergenceInfo | null;
  /** The worker's learning-rate diagnosis (the run paused there) until it is answered. */
  diagnosis: LearningRateDiagnosis | null;
  play(): void;
  pause(): void;
  togglePlay(): void;
  setSpeed(speed: Speed): void;
  /**
   * The "Step" button: finishes the step in progress, or does one whole step from a boundary.
   * (Named stepOnce because `step` is the playback slice's step counter.)
   */
  stepOnce(): void;
  stepLayer(): void;
  stepBack(): void;
  seek(step: number): void;
  rewind(): void;
  /** The diagnosis banner's answers: learning rate ÷ 10 and play on; seek to before it; keep going. */
  lowerLearningRate(): void;
  rewindBeforeDiagnosis(): void;
  keepGoing(): void;
}

export interface FrameSlice {
  /** The latest frame (hot). */
  frame: Frame | null;
  /** The points of the current run (from the first frame after init/restart/regenerate). */
  dataset: FrameDataset | null;
  /** The latest grid evaluation (frames without a grid keep it). */
  grid: FrameGrid | null;
  /** The timeline of live changes. */
  events: TimelineEvent[];
  /** The last gradient check's result, with the step it ran at. */
  gradientCheck: {
    step: number;
    result: GradientCheckResult;
    verdict: 'good' | 'suspicious' | 'wrong';
  } | null;
  /** The optimizer state of the parameter last asked about with `requestSlotValues`. */
  slotValues: { layer: number; kind: ParamKind; index: number; values: Record<string, number> } | null;
  setWeight(layer: number, kind: ParamKind, index: number, value: number): void;
  runGradientCheck(options?: { faults?: BackwardFaults; maxPerParameter?: number }): void;
  requestSlotValues(layer: number, kind: ParamKind, index: number): void;
}

/** A growing series: the typed arrays are exact-length views; they are replaced (new objects) on change. */
export interface LossHistory extends LossSeries {
  /** Bumped on every change; charts can compare it instead of the arrays. */
  version: number;
}

export interface HistorySlice {
  history: LossHistory;
}

export interface HoveredEdge {
  layer: number;
  /** Row of W[layer] (the input unit) and column (the output unit). */
  from: number;
  to: number;
}

/** One weight: W[layer][row][col] (0-based; row = input unit, col = output unit). */
export interface ChosenWeight {
  layer: number;
  row: number;
  col: number;
}

/**
 * One cell of a frame quantity the chain rule reads: batch arrays (X, Y, Z, A, dZ, dA) by example
 * row and unit column, parameters (W, dW) by input row and output column. Layer −1 is X.
 */
export interface ChainCell {
  quantity: 'X' | 'Y' | 'Z' | 'A' | 'dZ' | 'dA' | 'W' | 'dW';
  layer: number;
  row: number;
  col: number;
}

export interface HoveredNode {
  /** −1 for the input layer (features), else the 0-based layer. */
  layer: number;
  unit: number;
}

export interface UiState {
  /** Row of the current batch the inspector follows, or null. */
  selectedExample: number | null;
  hoveredNode: HoveredNode | null;
  hoveredEdge: HoveredEdge | null;
  /**
   * The weight the "Chain rule" region explains, chosen by a click or Enter on a dW cell or on an
   * edge; null for the default (the first weight of the phase's layer).
   */
  chosenWeight: ChosenWeight | null;
  /**
   * The cells the chain rule's factors come from, for the matrices and the graph to highlight (a W
   * cell is an edge of the graph); empty outside the loss and backward phases.
   */
  chainHighlight: ChainCell[];
  /** The last error (worker crash, bad file, …); null when none. */
  error: string | null;
  /** Points per side of the grid the views ask the worker for. */
  gridResolution: number;
  /** Whether the views want every neuron over the grid (neuron maps), not just the output. */
  gridNeurons: boolean;
  showTestPoints: boolean;
  /** Show the decision boundary as classes (true) or as a continuous confidence (false). */
  discretize: boolean;
  /** Loss chart on a log scale. */
  logScale: boolean;
  /**
   * Controls a link hides (`learningRate_hide=true`), as the link named them: config keys, `speed`,
   * `regenerate`, `importCsv`, `presets`, or TensorFlow Playground's names (views/controls/hiddenControls.ts).
   */
  hiddenControls: readonly string[];
  /** A long seek's replay in the worker (a link to a far step), while it runs; null otherwise. */
  replay: ReplayProgress | null;
}

/** How far a long seek's chunked replay has got (the worker's `progress` messages). */
export interface ReplayProgress {
  done: number;
  total: number;
  /** The step being replayed to. */
  target: number;
}

export interface UiSlice {
  ui: UiState;
  /** Messages for the user: clamped settings, worker notices. Newest last. */
  notices: string[];
  setUi(patch: Partial<UiState>): void;
  addNotice(message: string): void;
  dismissNotices(): void;
  setError(message: string | null): void;
}

/** The commands the store sends (the client implements it; tests may pass a recorder). */
export interface Commands {
  send(message: ToWorker): void;
}

export interface ConnectionSlice {
  /** Wires the store to a worker client (createTrainerClient does it). */
  connect(commands: Commands | null): void;
}

export type AppState = RunSlice &
  ModelFileSlice &
  PlaybackSlice &
  FrameSlice &
  HistorySlice &
  UiSlice &
  ConnectionSlice;
