/**
 * The worker's logic as plain functions, so tests drive it without a Worker:
 * - `handleMessage(state, message)`: one exhaustive switch over `ToWorker`, returning the replies;
 * - `playSlice(state, budgetMs)`: one time slice of the play loop (train, then answer a pending
 *   frame request, send divergence and keyframes), returning the replies and when to run again;
 * - `answerFrame(state)`: the pacing rule (one answer per `request-frame`, only when there is news).
 *
 * Grid evaluation runs in this worker, between training slices, under a budget (see
 * GRID_BUDGET below). Measured on 2→[8×6]→1 in Node (bench/worker.ts): a 100×100 grid of every
 * neuron costs about 10 ms (the page's default 50×50 about a quarter of that), one training step
 * about 20 µs, so a grid with every frame would take much of the worker's time; capped at one per
 * 25 ms and ≤ 15% of wall time, training keeps 76–80% of the engine's speed even with 100×100
 * grids (`npm run bench` prints the figure). A second worker with a copy of the weights would
 * need a weight copy per grid and a third busy thread on 2-core machines (the page's own thread
 * paints the grids), for a few percent at best, so it is not worth its complexity here.
 */
import { DEFAULT_CONFIG, sanitizeConfig, type RunConfig } from '../model/config';
import {
  GRID_RESOLUTION_LIMITS,
  nextSeed,
  SPEED_LIMITS,
  type FromWorker,
  type GridRequest,
  type Speed,
  type TimelineEvent,
  type ToWorker,
} from './protocol';
import type { Dataset } from '../engine';
import { serializeModelFile } from '../model/files/modelConvert';
import { parseModelFile } from '../model/files/modelFile';
import { modelOfRun, prepareModelRun } from './loadModel';
import { createRun, createRunFromModel, MAX_SEEK_STEP, restoreRun, type Run, type RunLimits } from './run';
import { sanitizeEvents } from './timeline';

/** How often a snapshot goes to the client for crash recovery, while the run changes. */
export const KEYFRAME_INTERVAL_MS = 2000;
/** While playing, a pending request is answered at least this often even if nothing changed. */
export const HEARTBEAT_MS = 500;
/**
 * Grid budget while playing: at most this often, and at most this share of the worker's time.
 * Frames are asked for once per animation frame (~16.7 ms), so a 25 ms floor gives a grid every
 * other frame at 60 fps (30 per second) and every frame when the page runs slower; a floor of
 * exactly 33.3 ms would miss every other chance by a hair and fall to 20 per second.
 */
export const GRID_BUDGET = { minIntervalMs: 25, maxFraction: 0.15 } as const;
/** Length of one training slice between yields to the event loop. */
export const SLICE_MS = 10;
/** Longest sleep of the play loop at a slow speed (so heartbeats and commands stay responsive). */
export const MAX_IDLE_MS = 250;

export interface WorkerState {
  run: Run | null;
  playing: boolean;
  speed: Speed;
  /** The unanswered `request-frame`, if any. */
  pending: { grid: GridRequest | null } | null;
  /** Bumped on changes of the worker's own state a frame shows (playing, speed). */
  controlVersion: number;
  seq: number;
  /** Counts the runs started (init, restart, regenerate); frames carry it as `runId`. */
  runId: number;
  lastFrame: { runVersion: number; controlVersion: number; at: number; run: Run | null };
  lastGrid: { key: string; runVersion: number; at: number; costMs: number; run: Run | null };
  lastKeyframe: { runVersion: number; at: number; run: Run | null };
  /** The divergence already reported (so it is reported once). */
  reportedDivergence: object | null;
  /** The learning-rate diagnosis last reported (each is reported once, and pauses the run once). */
  reportedDiagnosis: object | null;
  /** Steps owed at a finite speed. */
  stepDebt: number;
  lastTickAt: number;
  /** Moving average of one training step's cost, for sizing chunks. */
  msPerStep: number;
  now: () => number;
  limits: Partial<RunLimits>;
  keyframeIntervalMs: number;
  /** A long seek under way, replayed in chunks between messages (replaySlice); null when none. */
  replay: { target: number; from: number } | null;
}

export interface WorkerStateOptions {
  now?: () => number;
  limits?: Partial<RunLimits>;
  keyframeIntervalMs?: number;
}

export function createWorkerState(options: WorkerStateOptions = {}): WorkerState {
  const now = options.now ?? (() => performance.now());
  return {
    run: null,
    playing: false,
    speed: 'max',
    pending: null,
    controlVersion: 0,
    seq: 0,
    runId: 0,
    lastFrame: { runVersion: -1, controlVersion: -1, at: -Infinity, run: null },
    lastGrid: { key: '', runVersion: -1, at: -Infinity, costMs: 0, run: null },
    lastKeyframe: { runVersion: -1, at: -Infinity, run: null },
    reportedDivergence: null,
    reportedDiagnosis: null,
    stepDebt: 0,
    lastTickAt: now(),
    msPerStep: 0.02,
    now,
    limits: options.limits ?? {},
    keyframeIntervalMs: options.keyframeIntervalMs ?? KEYFRAME_INTERVAL_MS,
    replay: null,
  };
}

function gridKey(grid: GridRequest | null): string {
  return grid ? `${grid.resolution}:${grid.neurons ? 1 : 0}` : '';
}

function sanitizeGrid(grid: unknown): GridRequest | null {
  if (grid === null || typeof grid !== 'object') return null;
  const g = grid as Partial<GridRequest>;
  const r = typeof g.resolution === 'number' && Number.isFinite(g.resolution) ? Math.round(g.resolution) : 0;
  if (r <= 0) return null;
  return {
    resolution: Math.min(GRID_RESOLUTION_LIMITS.max, Math.max(GRID_RESOLUTION_LIMITS.min, r)),
    neurons: g.neurons === true,
  };
}

function notice(message: string): FromWorker {
  return { type: 'notice', message };
}

/**
 * A new run whose timeline already holds `events` (a link's live changes): the fresh run's step-0
 * state with those events, restored as a kept snapshot is, so seeking replays them at their steps.
 */
function createRunWithTimeline(
  config: RunConfig,
  customData: Dataset | null,
  events: TimelineEvent[],
  limits: Partial<RunLimits>,
): Run {
  const fresh = createRun(config, customData, limits);
  return events.length === 0 ? fresh : restoreRun({ ...fresh.snapshot(), events }, limits);
}

function startRun(state: WorkerState, run: Run): void {
  state.run = run;
  state.runId++;
  state.playing = false;
  state.controlVersion++;
  state.reportedDivergence = null;
  state.reportedDiagnosis = null;
  state.lastKeyframe = { runVersion: run.version, at: state.now(), run };
}

/**
 * Answers the pending frame request if there is news (the run or the controls changed, the grid
 * request changed, or a heartbeat is due while playing). At most one frame per request.
 */
export function answerFrame(state: WorkerState): FromWorker[] {
  const { run, pending } = state;
  if (!run || !pending) return [];
  const now = state.now();
  const key = gridKey(pending.grid);
  const runChanged = state.lastFrame.run !== run || state.lastFrame.runVersion !== run.version;
  const gridStale =
    pending.grid !== null &&
    (state.lastGrid.run !== run || state.lastGrid.key !== key || state.lastGrid.runVersion !== run.version);
  const news =
    runChanged ||
    state.lastFrame.controlVersion !== state.controlVersion ||
    (pending.grid !== null && state.lastGrid.key !== key) ||
    (state.playing && now - state.lastFrame.at >= HEARTBEAT_MS);
  if (!news && !gridStale) return [];
  // The grid is budgeted while playing; when paused (or the request changed) it is computed at once.
  let withGrid = gridStale;
  if (withGrid && state.playing && state.lastGrid.key === key && state.lastGrid.run === run) {
    const interval = Math.max(GRID_BUDGET.minIntervalMs, state.lastGrid.costMs / GRID_BUDGET.maxFraction);
    withGrid = now - state.lastGrid.at >= interval;
  }
  if (!news && !withGrid) return [];
  const frame = run.buildFrame({
    grid: null,
    playing: state.playing,
    speed: state.speed,
    seq: ++state.seq,
    runId: state.runId,
  });
  if (withGrid && pending.grid) {
    const g0 = state.now();
    const flag = { nonFinite: false };
    frame.grid = run.evaluateGrid(pending.grid, flag);
    if (flag.nonFinite) frame.nonFinite = true;
    const g1 = state.now();
    // `at` is when this grid started, so the interval measures start to start, like the frames.
    state.lastGrid = { key, runVersion: run.version, at: g0, costMs: g1 - g0, run };
  }
  state.lastFrame = { runVersion: run.version, controlVersion: state.controlVersion, at: state.now(), run };
  state.pending = null;
  return [{ type: 'frame', frame }];
}

/** Reports a new divergence once, and stops playing. */
function divergenceReplies(state: WorkerState): FromWorker[] {
  const d = state.run?.diverged ?? null;
  if (!d) {
    state.reportedDivergence = null;
    return [];
  }
  if (state.reportedDivergence === d) return [];
  state.reportedDivergence = d;
  if (state.playing) {
    state.playing = false;
    state.controlVersion++;
  }
  return [{ type: 'diverged', ...d }];
}

/** Reports a new learning-rate diagnosis once, and stops playing (the run can go on afterwards). */
function diagnosisReplies(state: WorkerState): FromWorker[] {
  const found = state.run?.diagnosis ?? null;
  if (!found || state.reportedDiagnosis === found) return [];
  state.reportedDiagnosis = found;
  pause(state);
  return [{ type: 'diagnosis', ...found, evidence: [...found.evidence] }];
}

/** Whether the run found something the page has not been told yet (training stops there). */
function unreportedDiagnosis(state: WorkerState): boolean {
  const found = state.run?.diagnosis ?? null;
  return found !== null && found !== state.reportedDiagnosis;
}

/** A snapshot for the client when the run changed and the last one is older than the interval. */
export function keyframeReplies(state: WorkerState, force = false): FromWorker[] {
  const run = state.run;
  if (!run || run.diverged) return [];
  const now = state.now();
  const changed = state.lastKeyframe.run !== run || state.lastKeyframe.runVersion !== run.version;
  if (!changed || (!force && now - state.lastKeyframe.at < state.keyframeIntervalMs)) return [];
  state.lastKeyframe = { runVersion: run.version, at: now, run };
  return [{ type: 'keyframe', snapshot: run.snapshot() }];
}

/**
 * What follows any command: the divergence report, a snapshot for crash recovery, the frame. While
 * paused every change sends its snapshot at once (the user's pace, so the cost is small), so a
 * worker that dies while paused is restarted where the page stands, not seconds earlier.
 */
function afterChange(state: WorkerState, replies: FromWorker[], forceKeyframe = false): FromWorker[] {
  const force = forceKeyframe || !state.playing;
  replies.push(
    ...divergenceReplies(state),
    ...diagnosisReplies(state),
    ...keyframeReplies(state, force),
    ...answerFrame(state),
  );
  return replies;
}

function pause(state: WorkerState): void {
  if (state.playing) {
    state.playing = false;
    state.controlVersion++;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Handles one command. Never throws: failures come back as `error` or `notice` replies. */
export function handleMessage(state: WorkerState, message: ToWorker): FromWorker[] {
  if (!isObject(message) || typeof message.type !== 'string') {
    return [{ type: 'error', message: `Unknown message: ${JSON.stringify(message)?.slice(0, 80)}` }];
  }
  try {
    const stopped = supersedeReplay(state, message);
    return [...stopped, ...dispatch(state, message)];
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    return afterChange(state, [{ type: 'error', message: text }]);
  }
}

function needRun(state: WorkerState): Run {
  if (!state.run) throw new Error('No run yet: send init first.');
  return state.run;
}

/** For commands that train: a diverged run must be rewound or restarted first. */
function divergedNotice(run: Run): FromWorker[] | null {
  const d = run.diverged;
  if (!d) return null;
  return [notice(`The run diverged at step ${d.step}. Rewind to step ${d.lastGoodStep} or restart it.`)];
}

function dispatch(state: WorkerState, message: ToWorker): FromWorker[] {
  switch (message.type) {
    case 'init':
    case 'restart': {
      // The user's own points decide which outputs fit, whatever dataset the config names.
      const { value, notices } = sanitizeConfig(
        message.config ?? DEFAULT_CONFIG,
        DEFAULT_CONFIG,
        message.customData,
      );
      const snapshot = message.type === 'init' ? message.snapshot : undefined;
      const customData = message.customData ?? null;
      const timeline = sanitizeEvents(message.events, value, customData, MAX_SEEK_STEP);
      if (timeline.dropped.length > 0)
        notices.push(`Ignored live changes that do not fit this run: ${timeline.dropped.join('; ')}.`);
      const run = snapshot
        ? restoreRun(snapshot, state.limits)
        : createRunWithTimeline(value, customData, timeline.events, state.limits);
      startRun(state, run);
      return afterChange(
        state,
        notices.map((m) => notice(m)),
      );
    }
    case 'regenerate': {
      const run = needRun(state);
      const config: RunConfig = { ...run.config, seed: nextSeed(run.baseConfig.seed) };
      startRun(state, createRun(config, run.customData, state.limits));
      return afterChange(state, []);
    }
    case 'play': {
      const run = needRun(state);
      const refused = divergedNotice(run);
      if (refused) return afterChange(state, refused);
      // Playing on past a diagnosis is the banner's "Keep going".
      run.dismissDiagnosis();
      if (!state.playing) {
        state.playing = true;
        state.controlVersion++;
        state.stepDebt = 0;
        state.lastTickAt = state.now();
      }
      return afterChange(state, []);
    }
    case 'pause':
      pause(state);
      return afterChange(state, [], true);
    case 'set-speed': {
      const s = message.stepsPerSecond;
      if (s === 'max') {
        state.speed = 'max';
      } else if (typeof s === 'number' && Number.isFinite(s)) {
        state.speed = Math.min(SPEED_LIMITS.max, Math.max(SPEED_LIMITS.min, s));
      } else {
        return afterChange(state, [
          notice(`Speed: "${String(s)}" is not a number of steps per second; keeping it.`),
        ]);
      }
      state.controlVersion++;
      return afterChange(state, []);
    }
    case 'step':
    case 'step-layer': {
      const run = needRun(state);
      pause(state);
      const refused = divergedNotice(run);
      if (refused) return afterChange(state, refused);
      if (message.type === 'step') run.finishStep();
      else run.stepLayer();
      return afterChange(state, []);
    }
    case 'step-back':
      pause(state);
      needRun(state).stepBack();
      return afterChange(state, []);
    case 'seek': {
      const run = needRun(state);
      pause(state);
      if (typeof message.step !== 'number' || !Number.isFinite(message.step) || message.step < 0) {
        return afterChange(state, [notice(`Seek: "${String(message.step)}" is not a step number.`)]);
      }
      return startSeek(state, run, message.step);
    }
    case 'rewind': {
      const run = needRun(state);
      pause(state);
      run.rewind();
      return afterChange(state, [], true);
    }
    case 'set-training': {
      const run = needRun(state);
      const notices = run.setTraining(isObject(message.patch) ? message.patch : {});
      return afterChange(
        state,
        notices.map((m) => notice(m)),
      );
    }
    case 'set-weight': {
      const run = needRun(state);
      const refused = divergedNotice(run);
      if (refused) return afterChange(state, refused);
      run.setWeight(message.layer, message.kind, message.index, message.value);
      return afterChange(state, []);
    }
    case 'request-frame':
      state.pending = { grid: sanitizeGrid(message.grid) };
      return answerFrame(state);
    case 'gradient-check': {
      const run = needRun(state);
      const max = message.maxPerParameter;
      const { result, verdict } = run.gradientCheck({
        faults: isObject(message.faults) ? message.faults : undefined,
        maxPerParameter: typeof max === 'number' && max >= 1 ? Math.floor(max) : undefined,
      });
      return [{ type: 'gradient-check-result', step: run.step, result, verdict }];
    }
    case 'dismiss-diagnosis':
      needRun(state).dismissDiagnosis();
      return afterChange(state, []);
    case 'slot-values': {
      const run = needRun(state);
      const { layer, kind, index } = message;
      return [{ type: 'slot-values', layer, kind, index, values: run.slotValues(layer, kind, index) }];
    }
    case 'ping':
      return pongReplies(message.id);
    case 'export-model': {
      const run = needRun(state);
      const text = serializeModelFile(modelOfRun(run, run.data));
      return [{ type: 'model', requestId: message.requestId, text }];
    }
    case 'load-model':
      return loadModel(state, message.text);
    default: {
      const unknown: never = message;
      return [
        { type: 'error', message: `Unknown message type "${String((unknown as { type: unknown }).type)}"` },
      ];
    }
  }
}

/** Work per replay chunk: the worker answers commands and frame requests between chunks. */
export const REPLAY_CHUNK_MS = 50;

/** Messages that leave a replay running (they read, or only pace the page). */
const READ_ONLY: ReadonlySet<ToWorker['type']> = new Set([
  'request-frame',
  'ping',
  'set-speed',
  'slot-values',
  'gradient-check',
]);

function progressOf(state: WorkerState, run: Run, finished: boolean): FromWorker {
  const replay = state.replay as { target: number; from: number };
  return {
    type: 'progress',
    done: run.step - replay.from,
    total: replay.target - replay.from,
    target: replay.target,
    finished,
  };
}

/**
 * A seek: at once when it is short (or backwards: a keyframe is near), else a replay in chunks of
 * about REPLAY_CHUNK_MS (replaySlice) with `progress` after each, so the worker stays responsive,
 * the page shows how far it got, and a pause stops it.
 */
function startSeek(state: WorkerState, run: Run, target: number): FromWorker[] {
  const t = Math.floor(target);
  if (t <= run.step || (t - run.step) * state.msPerStep <= REPLAY_CHUNK_MS) {
    run.seek(t);
    return afterChange(state, []);
  }
  state.replay = { target: t, from: run.step };
  return afterChange(state, [progressOf(state, run, false)]);
}

/** Any command but a read stops a replay where it got (the user moved on); says so in `progress`. */
function supersedeReplay(state: WorkerState, message: ToWorker): FromWorker[] {
  if (!state.replay || !state.run || READ_ONLY.has(message.type)) return [];
  const reply = progressOf(state, state.run, true);
  state.replay = null;
  return [reply];
}

/** One chunk of a long seek; `delayMs` 0 while there is more to replay, null when done. */
export function replaySlice(state: WorkerState, budgetMs = REPLAY_CHUNK_MS): SliceResult {
  const run = state.run;
  const replay = state.replay;
  if (!run || !replay) return { replies: [], delayMs: null, steps: 0 };
  const before = run.step;
  const chunk = Math.max(1, Math.floor(budgetMs / state.msPerStep));
  const t0 = state.now();
  run.seek(Math.min(replay.target, before + chunk));
  const steps = run.step - before;
  if (steps > 0) state.msPerStep = Math.max(1e-4, (state.now() - t0) / steps);
  // Reached, or stuck (divergence, or the seek limit): finished either way.
  const finished = run.step >= replay.target || steps <= 0 || run.diverged !== null;
  const replies = [progressOf(state, run, finished)];
  if (finished) state.replay = null;
  return { replies: afterChange(state, replies, finished), delayMs: finished ? null : 0, steps };
}

/** The liveness answer (protocol.ts `ping`): the id back, whatever the run's state. */
function pongReplies(id: unknown): FromWorker[] {
  return [{ type: 'pong', id: typeof id === 'number' && Number.isFinite(id) ? id : 0 }];
}

/**
 * "Import model": the file is parsed and checked completely, and its run built, before the current
 * run is replaced; any refusal is one `error` reply naming what is wrong, and the run is untouched.
 */
function loadModel(state: WorkerState, text: unknown): FromWorker[] {
  const parsed = parseModelFile(text as string);
  if (!parsed.ok) return [{ type: 'error', message: `Import model: ${parsed.error}.` }];
  let run: Run;
  let notices: string[];
  try {
    const loaded = prepareModelRun(parsed.model, state.run?.baseConfig ?? DEFAULT_CONFIG);
    run = createRunFromModel(loaded, state.limits);
    notices = loaded.notices;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return [{ type: 'error', message: `Import model: ${reason}.` }];
  }
  pause(state);
  startRun(state, run);
  return afterChange(
    state,
    notices.map((m) => notice(m)),
  );
}

export interface SliceResult {
  replies: FromWorker[];
  /** Milliseconds until the next slice should run, or null when the loop should stop (paused). */
  delayMs: number | null;
  /** Steps trained in this slice. */
  steps: number;
}

/**
 * One slice of the play loop: trains for about `budgetMs` (at 'max') or the steps owed at the
 * chosen speed, then answers a pending frame request and sends what else is due.
 */
export function playSlice(state: WorkerState, budgetMs = SLICE_MS): SliceResult {
  const run = state.run;
  if (!run || !state.playing) return { replies: [], delayMs: null, steps: 0 };
  if (run.diverged) {
    return { replies: afterChange(state, []), delayMs: null, steps: 0 };
  }
  const start = state.now();
  let steps = 0;
  let delayMs = 0;
  try {
    if (state.speed === 'max') {
      let elapsed = 0;
      while (elapsed < budgetMs && !run.diverged && !unreportedDiagnosis(state)) {
        const chunk = Math.max(1, Math.min(100_000, Math.floor((budgetMs - elapsed) / state.msPerStep / 2)));
        const t0 = state.now();
        steps += run.trainSteps(chunk);
        const t1 = state.now();
        if (chunk > 0 && t1 > t0) state.msPerStep = 0.7 * state.msPerStep + (0.3 * (t1 - t0)) / chunk;
        elapsed = t1 - start;
      }
    } else {
      const speed = state.speed;
      state.stepDebt = Math.min(
        state.stepDebt + ((start - state.lastTickAt) * speed) / 1000,
        Math.max(1, speed / 4),
      );
      state.lastTickAt = start;
      const owed = Math.floor(state.stepDebt);
      if (owed > 0) {
        // Train what is owed, within the slice budget.
        let done = 0;
        while (done < owed && !run.diverged && !unreportedDiagnosis(state)) {
          done += run.trainSteps(
            Math.min(owed - done, Math.max(1, Math.floor(budgetMs / state.msPerStep / 4))),
          );
          if (state.now() - start >= budgetMs) break;
        }
        steps = done;
        state.stepDebt -= done;
      }
      delayMs = Math.min(
        MAX_IDLE_MS,
        Math.max(0, ((1 - (state.stepDebt - Math.floor(state.stepDebt))) * 1000) / speed),
      );
      if (state.stepDebt >= 1) delayMs = 0;
    }
  } catch (err) {
    pause(state);
    return {
      replies: afterChange(state, [
        { type: 'error', message: err instanceof Error ? err.message : String(err) },
      ]),
      delayMs: null,
      steps,
    };
  }
  const replies = afterChange(state, []);
  return { replies, delayMs: state.playing ? delayMs : null, steps };
}
