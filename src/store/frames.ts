/**
 * How a frame from the worker lands in the store: one setState per frame, outside React.
 * The hot slice (frame, grid) changes every time; the playback slice only when it changed, and
 * while playing at most every `playbackThrottleMs`, so React's counters re-render ~10 times a
 * second rather than 60.
 */
import { phasesEqual, type Frame } from '../worker/protocol';
import { mergeHistory } from './history';
import type { AppState } from './types';

export const PLAYBACK_THROTTLE_MS = 100;

export interface FrameApplyClock {
  /** When the playback slice was last written (ms, same clock as `now`). */
  lastPlaybackWrite: number;
}

export function frameUpdate(
  state: AppState,
  frame: Frame,
  now: number,
  clock: FrameApplyClock,
  playbackThrottleMs = PLAYBACK_THROTTLE_MS,
): Partial<AppState> {
  const update: Partial<AppState> = {
    frame,
    history: mergeHistory(state.history, frame.history),
  };
  // The worker numbers its runs; a new one drops what belonged to the old (grid, checks, slots).
  const newRun = state.frame === null || state.frame.runId !== frame.runId;
  if (newRun) {
    update.grid = frame.grid ?? null;
    update.gradientCheck = null;
    update.slotValues = null;
  } else if (frame.grid) {
    update.grid = frame.grid;
  }
  // The points come with a run's first frame (and again from a worker restored after a crash).
  if (frame.dataset) update.dataset = frame.dataset;
  if (frame.events) update.events = frame.events;
  if (frame.config) update.config = frame.config;

  const coarseChanged =
    state.playing !== frame.playing ||
    state.speed !== frame.speed ||
    !phasesEqual(state.phase, frame.phase) ||
    (state.diverged === null) !== (frame.diverged === null) ||
    (state.diagnosis === null) !== (frame.diagnosis === null) ||
    newRun;
  const due = !frame.playing || now - clock.lastPlaybackWrite >= playbackThrottleMs;
  if (coarseChanged || due) {
    if (state.step !== frame.step) update.step = frame.step;
    if (state.epoch !== frame.epoch) update.epoch = frame.epoch;
    if (state.maxStep !== frame.maxStep) update.maxStep = frame.maxStep;
    if (state.playing !== frame.playing) update.playing = frame.playing;
    if (state.speed !== frame.speed) update.speed = frame.speed;
    if (!phasesEqual(state.phase, frame.phase)) update.phase = frame.phase;
    if (
      (state.diverged === null) !== (frame.diverged === null) ||
      (frame.diverged && state.diverged?.step !== frame.diverged.step)
    ) {
      update.diverged = frame.diverged;
    }
    // The worker's diagnosis is cleared there by a seek or a new learning rate; mirror it.
    if ((state.diagnosis?.step ?? null) !== (frame.diagnosis?.step ?? null))
      update.diagnosis = frame.diagnosis;
    clock.lastPlaybackWrite = now;
  }
  return update;
}
