/**
 * The worker's logic as plain functions, so tests drive it without a Worker:
 * - `handleMessage(state, message)`: one exhaustive switch over `ToWorker`, returning the replies;
 * - `playSlice(state, budgetMs)`: one time slice of the play loop (train, then answer a pending
 *   frame request, send divergence and keyframes), returning the replies and when to run again;
 * - `replaySlice(state)` (replay.ts): one chunk of a long seek.
 *
 * Around them: the state (workerState.ts), what follows a command (replies.ts: reports, keyframes,
 * the paced frame and its grid budget), a long seek's chunked replay (replay.ts) and the model file
 * commands (modelHandlers.ts).
 */
import { DEFAULT_CONFIG, sanitizeConfig, type RunConfig } from '../model/config';
import {
  GRID_RESOLUTION_LIMITS,
  nextSeed,
  SPEED_LIMITS,
  type FromWorker,
  type GridRequest,
  type TimelineEvent,
  type ToWorker,
} from './protocol';
import type { Dataset } from '../engine';
import { exportModel, loadModel } from './modelHandlers';
import { startSeek, supersedeReplay } from './replay';
import { afterChange, answerFrame, unreportedDiagnosis } from './replies';
import { createRun, MAX_SEEK_STEP, restoreRun, type Run, type RunLimits } from './run';
import { sanitizeEvents } from './timeline';
import { needRun, notice, pause, startRun, type SliceResult, type WorkerState } from './workerState';

// What the loop, the bench and the tests import from here, wherever it now lives.
export {
  createWorkerState,
  type SliceResult,
  type WorkerState,
  type WorkerStateOptions,
} from './workerState';
export { GRID_BUDGET } from './replies';
export { replaySlice } from './replay';

/** Length of one training slice between yields to the event loop. */
export const SLICE_MS = 10;
/** Longest sleep of the play loop at a slow speed (so heartbeats and commands stay responsive). */
export const MAX_IDLE_MS = 250;

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
    case 'export-model':
      return exportModel(state, message.requestId);
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

/** The liveness answer (protocol.ts `ping`): the id back, whatever the run's state. */
function pongReplies(id: unknown): FromWorker[] {
  return [{ type: 'pong', id: typeof id === 'number' && Number.isFinite(id) ? id : 0 }];
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
