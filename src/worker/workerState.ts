/**
 * The worker's state between messages (the run, play/pause, speed, what was last sent) and the
 * small transitions every handler shares: starting a run, pausing, requiring one.
 */
import type { FromWorker, GridRequest, Speed } from './protocol';
import type { Run, RunLimits } from './run';

/** How often a snapshot goes to the client for crash recovery, while the run changes. */
export const KEYFRAME_INTERVAL_MS = 2000;

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
  /**
   * The last grid: its request key, run and version, when it started, what it cost, and the grid
   * budget's balance after paying for it (ms of grid time still owed, if negative: replies.ts).
   */
  lastGrid: {
    key: string;
    runVersion: number;
    at: number;
    costMs: number;
    balanceMs: number;
    run: Run | null;
  };
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
    lastGrid: { key: '', runVersion: -1, at: -Infinity, costMs: 0, balanceMs: 0, run: null },
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

/** What one slice of the play loop or of a replay returns to the loop. */
export interface SliceResult {
  replies: FromWorker[];
  /** Milliseconds until the next slice should run, or null when the loop should stop (paused). */
  delayMs: number | null;
  /** Steps trained in this slice. */
  steps: number;
}

/** Makes `run` the current run (a new runId), paused, with nothing reported about it yet. */
export function startRun(state: WorkerState, run: Run): void {
  state.run = run;
  state.runId++;
  state.playing = false;
  state.controlVersion++;
  state.reportedDivergence = null;
  state.reportedDiagnosis = null;
  state.lastKeyframe = { runVersion: run.version, at: state.now(), run };
}

/** Stops playing (a change the next frame shows). */
export function pause(state: WorkerState): void {
  if (state.playing) {
    state.playing = false;
    state.controlVersion++;
  }
}

/** The current run; commands that need one fail with an `error` reply before init. */
export function needRun(state: WorkerState): Run {
  if (!state.run) throw new Error('No run yet: send init first.');
  return state.run;
}

/** A `notice` reply: something the page tells the user, not a failure. */
export function notice(message: string): FromWorker {
  return { type: 'notice', message };
}
