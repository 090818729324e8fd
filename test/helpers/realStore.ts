/**
 * Tests drive the real store: `createAppStore()` with a recording port in place of the worker
 * client, and frames built by a real training run (`createRun` + `buildFrame`, as the worker builds
 * them) written through the store's own frame path (`frameUpdate`, as src/worker/client.ts does).
 * What a test asserts on is then what the app really does: the commands the store sends and the
 * state it holds.
 */
import { phasesEqual, type Phase } from '../../src/model/phase';
import type { RunConfig } from '../../src/model/config';
import type { Dataset } from '../../src/engine';
import { createAppStore, type AppStore, type AppStoreOptions } from '../../src/store/createAppStore';
import { frameUpdate, type FrameApplyClock } from '../../src/store/frames';
import type { Commands } from '../../src/store/types';
import type { Frame, GridRequest, Speed, ToWorker } from '../../src/worker/protocol';
import { createRun, type Run } from '../../src/worker/run';

/** Stands in for the worker client: keeps every command the store sends. */
export interface RecordingPort extends Commands {
  readonly sent: ToWorker[];
  /** The types of the commands sent, in order ('play', 'set-training', 'restart', …). */
  types(): ToWorker['type'][];
  clear(): void;
}

export function recordingPort(): RecordingPort {
  const sent: ToWorker[] = [];
  return {
    sent,
    send: (message) => void sent.push(message),
    types: () => sent.map((m) => m.type),
    clear: () => void (sent.length = 0),
  };
}

/** Where to take a frame: after `steps` whole steps, then phase by phase until `phase`. */
export interface FrameAt {
  steps?: number;
  phase?: Phase;
  /** The grid to evaluate with the frame (none by default: grids cost time). */
  grid?: GridRequest | null;
  playing?: boolean;
  speed?: Speed;
}

/** Moves `run` forward to `at` (a phase is reached within the next step at most). */
export function advance(run: Run, at: Pick<FrameAt, 'steps' | 'phase'>): void {
  if (at.steps) run.trainSteps(at.steps);
  if (!at.phase) return;
  const phasesPerStep = 2 * run.layerCount + 2;
  for (let i = 0; i <= phasesPerStep && !phasesEqual(run.phase, at.phase); i++) run.stepLayer();
  if (!phasesEqual(run.phase, at.phase)) throw new Error(`the run never reached ${JSON.stringify(at.phase)}`);
}

let nextSeq = 1;

/** A frame of `run` where it stands, built as the worker builds it. */
export function frameOf(run: Run, at: FrameAt = {}, runId = 1): Frame {
  advance(run, at);
  return run.buildFrame({
    grid: at.grid ?? null,
    playing: at.playing ?? false,
    speed: at.speed ?? 100,
    seq: nextSeq++,
    runId,
  });
}

/** A frame of a fresh run of `config` (sanitized as the store would), taken at `at`. */
export function realFrame(config: RunConfig, at: FrameAt = {}, customData?: Dataset | null): Frame {
  return frameOf(createRun(config, customData), at);
}

export interface RealStore {
  store: AppStore;
  port: RecordingPort;
  /** The training run the frames come from: on the store's config at creation, until `restart`. */
  run: Run;
  /**
   * Does what the worker does on the last 'restart' command the store sent: a new run (next runId)
   * of that config and custom data; later frames come from it.
   */
  restart(): Run;
  /** Advances the run to `at`, builds its frame and writes it into the store; returns the frame. */
  deliver(at?: FrameAt): Frame;
  /** Writes `frame` into the store the way the worker client does. */
  deliverFrame(frame: Frame): void;
}

/** A fresh store per test, connected to a recording port, with a real run behind its frames. */
export function createRealStore(options: AppStoreOptions & { customData?: Dataset | null } = {}): RealStore {
  const store = createAppStore(options);
  if (options.customData) store.setState({ customData: options.customData });
  const port = recordingPort();
  store.getState().connect(port);
  let runId = 1;
  const clock: FrameApplyClock = { lastPlaybackWrite: Number.NEGATIVE_INFINITY };
  const deliverFrame = (frame: Frame): void => {
    store.setState(frameUpdate(store.getState(), frame, performance.now(), clock));
  };
  const real: RealStore = {
    store,
    port,
    run: createRun(store.getState().config, options.customData),
    deliverFrame,
    restart() {
      const restart = port.sent.filter((m) => m.type === 'restart').at(-1);
      if (!restart) throw new Error('the store sent no restart');
      runId++;
      real.run = createRun(restart.config, restart.customData);
      return real.run;
    },
    deliver(at = {}) {
      const frame = frameOf(real.run, at, runId);
      deliverFrame(frame);
      return frame;
    },
  };
  return real;
}
