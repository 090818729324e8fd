/**
 * The playback slice: play/pause, the step counters and phase, and the answers to a divergence or a
 * learning-rate diagnosis. `playing` is set here at once (the buttons answer without waiting for the
 * worker) and mirrored from each frame (store/frames.ts).
 */
import type { StateCreator } from 'zustand/vanilla';
import { SPEED_LIMITS, type Speed } from '../../worker/protocol';
import type { AppState, PlaybackSlice } from '../types';
import type { WorkerLink } from './link';
import { appendNotices } from './ui';

/**
 * Speed on opening: slow enough that the default problem's loss curve develops over several seconds
 * (the circle takes about 2,400 steps at the default settings, so about 25 s here) and the eye can
 * follow the boundary forming. 'max' trains 15,000–90,000 steps a second and solves it before the
 * page has been looked at; it stays one choice away in the speed menu.
 */
export const DEFAULT_SPEED: Speed = 100;

export const createPlaybackSlice =
  (link: WorkerLink): StateCreator<AppState, [], [], PlaybackSlice> =>
  (set, get) => {
    const { send } = link;
    const refuse = (message: string): void => set(appendNotices([message]));
    return {
      playing: false,
      speed: DEFAULT_SPEED,
      step: 0,
      epoch: 0,
      phase: { kind: 'ready' },
      maxStep: 0,
      diverged: null,
      diagnosis: null,

      play() {
        if (get().diverged) {
          refuse('The run diverged: rewind or restart it before playing.');
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
            refuse(`Speed: "${String(value)}" is not a number of steps per second.`);
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
          refuse(`Seek: "${String(step)}" is not a step number.`);
          return;
        }
        set({ playing: false });
        send({ type: 'seek', step: Math.floor(step) });
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
    };
  };
