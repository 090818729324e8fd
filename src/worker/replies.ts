/**
 * What the worker sends after a command or a play slice: a divergence or learning-rate diagnosis
 * reported once, a snapshot for crash recovery, and the answer to a pending frame request, paced
 * (one answer per `request-frame`, only when there is news) and with the grid under a budget.
 *
 * Grid evaluation runs in this worker, between training slices, under a budget (see
 * GRID_BUDGET below). Measured on 2→[8×6]→1 in Node (bench/worker.ts): a 100×100 grid of every
 * neuron costs about 10 ms (the page's default 50×50 about a quarter of that), one training step
 * about 20 µs, so a grid with every frame would take much of the worker's time; capped at one per
 * 25 ms and ≤ 15% of wall time, training keeps 76–80% of the engine's speed even with 100×100
 * grids (`npm run bench` prints the figure). The share is kept on average, as a balance: every
 * millisecond of wall time earns 0.15 ms of grid time and every grid pays what it cost, and a grid
 * is made when the balance is not negative. A rule per grid (wait cost / 0.15 since the last one)
 * skipped every other grid when frames came a hair faster than that (a 5 ms grid in the browser's
 * worker wants 33.4 ms; the page asks every 33.3 ms at every 2nd animation frame), so the boundary
 * refreshed less often than the page asked. A second worker with a copy of the weights would
 * need a weight copy per grid and a third busy thread on 2-core machines (the page's own thread
 * paints the grids), for a few percent at best, so it is not worth its complexity here.
 */
import type { FromWorker, GridRequest } from './protocol';
import { pause, type WorkerState } from './workerState';

/** While playing, a pending request is answered at least this often even if nothing changed. */
export const HEARTBEAT_MS = 500;
/**
 * Grid budget while playing: at most this often, and at most this share of the worker's time on
 * average (see the file's comment). Frames are asked for once per animation frame (~16.7 ms), so a
 * 25 ms floor gives a grid every other frame at 60 fps (30 per second) and every frame when the page
 * runs slower; a floor of exactly 33.3 ms would miss every other chance by a hair and fall to 20 per
 * second. The balance saved up is capped at `maxSavedGrids` grids' cost, so a long spell without
 * grids (nothing new to show) does not pay for a run of back-to-back grids after it.
 */
export const GRID_BUDGET = { minIntervalMs: 25, maxFraction: 0.15, maxSavedGrids: 2 } as const;

/** The grid budget's balance at `now`: what it was after the last grid, plus what it earned since. */
export function gridBalance(last: WorkerState['lastGrid'], now: number): number {
  if (!Number.isFinite(last.at)) return 0;
  const earned = (now - last.at) * GRID_BUDGET.maxFraction;
  return Math.min(GRID_BUDGET.maxSavedGrids * last.costMs, last.balanceMs + earned);
}

function gridKey(grid: GridRequest | null): string {
  return grid ? `${grid.resolution}:${grid.neurons ? 1 : 0}` : '';
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
  // A run change that left the parameters as they were (a phase inside a step, a live setting) needs
  // no new grid: the page keeps the one it has.
  const gridStale =
    pending.grid !== null &&
    (state.lastGrid.run !== run ||
      state.lastGrid.key !== key ||
      (state.lastGrid.runVersion !== run.version && !run.gridIsCurrent(pending.grid)));
  const news =
    runChanged ||
    state.lastFrame.controlVersion !== state.controlVersion ||
    (pending.grid !== null && state.lastGrid.key !== key) ||
    (state.playing && now - state.lastFrame.at >= HEARTBEAT_MS);
  if (!news && !gridStale) return [];
  // The grid is budgeted while playing; when paused (or the request changed) it is computed at once.
  let withGrid = gridStale;
  const balance = gridBalance(state.lastGrid, now);
  if (withGrid && state.playing && state.lastGrid.key === key && state.lastGrid.run === run) {
    withGrid = now - state.lastGrid.at >= GRID_BUDGET.minIntervalMs && balance >= 0;
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
    const costMs = g1 - g0;
    // The grid pays for itself. A grid made outside the budget (a new request or run) starts the
    // balance afresh, and paused grids (the learner's own steps) owe nothing.
    const balanceMs = state.playing ? Math.max(0, balance) - costMs : 0;
    // `at` is when this grid started, so the interval measures start to start, like the frames.
    state.lastGrid = { key, runVersion: run.version, at: g0, costMs, balanceMs, run };
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
export function unreportedDiagnosis(state: WorkerState): boolean {
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
export function afterChange(state: WorkerState, replies: FromWorker[], forceKeyframe = false): FromWorker[] {
  const force = forceKeyframe || !state.playing;
  replies.push(
    ...divergenceReplies(state),
    ...diagnosisReplies(state),
    ...keyframeReplies(state, force),
    ...answerFrame(state),
  );
  return replies;
}
