/**
 * A long seek replayed in chunks between messages, so the worker stays responsive, the page shows
 * how far it got (`progress`), and any command but a read stops it where it got.
 */
import type { FromWorker, ToWorker } from './protocol';
import { afterChange } from './replies';
import type { Run } from './run';
import type { SliceResult, WorkerState } from './workerState';

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
export function startSeek(state: WorkerState, run: Run, target: number): FromWorker[] {
  const t = Math.floor(target);
  if (t <= run.step || (t - run.step) * state.msPerStep <= REPLAY_CHUNK_MS) {
    run.seek(t);
    return afterChange(state, []);
  }
  state.replay = { target: t, from: run.step };
  return afterChange(state, [progressOf(state, run, false)]);
}

/** Any command but a read stops a replay where it got (the user moved on); says so in `progress`. */
export function supersedeReplay(state: WorkerState, message: ToWorker): FromWorker[] {
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
