/**
 * The page's side of the worker protocol: spawns the training worker, sends typed commands, and
 * writes what comes back into the store from outside React (store.setState).
 *
 * Pacing: exactly one `request-frame` is outstanding. When a frame arrives it goes into the store
 * (views draw it from their subscriptions), and the next request is sent in the following
 * requestAnimationFrame, so the worker never sends faster than the page draws. While playing, an
 * animation-frame loop also times the page's frames; when the page drops frames because drawing
 * every one costs too much on this machine, the next request waits for every 2nd (3rd, … 6th)
 * animation frame instead (RefreshPacer), so the page keeps its frame rate and training its speed.
 *
 * Recovery: if the worker throws (onerror), a message cannot be read (onmessageerror), no frame
 * comes for `watchdogMs` while playing, or a command sent while paused is not followed by the
 * `pong` of the `ping` sent after it within `watchdogMs` (a worker that died while paused), the
 * client records the error in the store, replaces the worker and restores the run from the last
 * keyframe it received (or from the run's config when it has none yet), and resumes playing if it
 * was. While paused the worker sends a keyframe after every change, so that is where the page is.
 * After too many restarts in a minute it stops restarting by itself; Reset (a `restart`) still
 * starts a fresh worker with the current config.
 */
import type { AppStore } from '../store/createAppStore';
import { frameUpdate, type FrameApplyClock } from '../store/frames';
import { selectGridRequest } from '../store/selectors';
import type { Dataset } from '../engine';
import type { RunConfig } from '../model/config';
import { nextSeed, type FromWorker, type RunSnapshot, type ToWorker } from './protocol';
import { RefreshPacer } from './refreshPacer';
import { formatCount } from '../model/format';

/** What the client needs of a Worker (a fake one in tests). */
export interface WorkerLike {
  postMessage(message: ToWorker, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
  onerror: ((event: ErrorEvent | Event) => void) | null;
  onmessageerror: ((event: MessageEvent) => void) | null;
}

export type WorkerFactory = () => WorkerLike;

export const defaultWorkerFactory: WorkerFactory = () =>
  new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike;

export interface TrainerClientOptions {
  /** No frame for this long while playing means the worker hangs. Default 5000 ms. */
  watchdogMs?: number;
  /**
   * Schedules the next frame request; defaults to requestAnimationFrame (or a 16 ms timer). The
   * callback gets the frame's timestamp when there is one (else `now()` is used).
   */
  requestAnimationFrame?: (callback: (time?: number) => void) => void;
  now?: () => number;
  /** Give up after this many restarts within a minute (a worker that dies at once, every time). */
  maxRestartsPerMinute?: number;
}

export interface TrainerClient {
  /** Sends a command to the worker (the store's actions call this). */
  send(message: ToWorker): void;
  /** The last keyframe received (what a restart restores). */
  readonly lastSnapshot: RunSnapshot | null;
  /** How many workers were spawned (1 + restarts). */
  readonly workerCount: number;
  /** Replaces the worker and restores the run (what the error paths call). */
  recover(reason: string): void;
  /** Animation frames per frame request while playing (1 unless the page drops frames). */
  readonly refreshDivisor: number;
  dispose(): void;
}

export function createTrainerClient(
  store: AppStore,
  workerFactory: WorkerFactory = defaultWorkerFactory,
  options: TrainerClientOptions = {},
): TrainerClient {
  const watchdogMs = options.watchdogMs ?? 5000;
  const now = options.now ?? (() => (typeof performance !== 'undefined' ? performance.now() : Date.now()));
  const raf =
    options.requestAnimationFrame ??
    (typeof requestAnimationFrame === 'function'
      ? (cb: (time?: number) => void) => void requestAnimationFrame((time) => cb(time))
      : (cb: (time?: number) => void) => void setTimeout(() => cb(), 16));
  const maxRestarts = options.maxRestartsPerMinute ?? 3;

  let worker: WorkerLike | null = null;
  let workerCount = 0;
  let disposed = false;
  /** The run's origin, for a restart before any keyframe came. */
  let origin: { config: RunConfig; customData: Dataset | null } = {
    config: store.getState().config,
    customData: store.getState().customData,
  };
  let lastSnapshot: RunSnapshot | null = null;
  let awaiting = false;
  let requestedAt = 0;
  const pacer = new RefreshPacer();
  /** The animation-frame loop is scheduled (one at a time). */
  let rafPending = false;
  /** A frame request waits for the loop's next due animation frame. */
  let requestWanted = false;
  /** Animation frames since the last frame arrived (or the last request, if later). */
  let framesSinceFrame = 0;
  /** Timestamp of the previous animation frame while the loop ran without a break, or null. */
  let lastFrameTime: number | null = null;
  let restarts: number[] = [];
  const clock: FrameApplyClock = { lastPlaybackWrite: -Infinity };
  /** Whether the run plays: the store's playback slice holds it (its actions set it before sending). */
  const playing = (): boolean => store.getState().playing;
  let speed = store.getState().speed;
  /** The liveness check: the last ping's id, and when its pong is due (null: none outstanding). */
  let pingId = 0;
  let pongDueAt: number | null = null;
  /** Gave up restarting (too many crashes); only a Reset brings a worker back. */
  let gaveUp = false;

  const post = (message: ToWorker): void => {
    // Nothing is transferred to the worker: the client keeps its snapshot and custom data.
    worker?.postMessage(message);
  };

  const requestFrame = (): void => {
    if (disposed || awaiting || !worker) return;
    awaiting = true;
    requestWanted = false;
    framesSinceFrame = 0;
    requestedAt = now();
    post({ type: 'request-frame', grid: selectGridRequest(store.getState()) });
  };

  /**
   * One animation frame: time it (while playing), and send the wanted request if it is due. The
   * loop goes on while playing (to keep timing the page) or while a request waits; it stops when
   * paused, so an idle page has no animation-frame callback at all.
   */
  const onAnimationFrame = (time: number = now()): void => {
    rafPending = false;
    if (disposed) return;
    const isPlaying = playing();
    if (isPlaying && lastFrameTime !== null) pacer.recordInterval(time - lastFrameTime);
    framesSinceFrame++;
    // When paused (stepping, seeking) the answer is wanted at once: no pacing.
    if (requestWanted && (!isPlaying || framesSinceFrame >= pacer.divisor)) requestFrame();
    if (isPlaying || requestWanted) {
      lastFrameTime = isPlaying ? time : null;
      rafPending = true;
      raf(onAnimationFrame);
    } else {
      lastFrameTime = null;
      pacer.restartWindow();
    }
  };

  /** A frame arrived: request the next one `divisor` animation frames from now. */
  const scheduleRequest = (): void => {
    requestWanted = true;
    framesSinceFrame = 0;
    if (rafPending) return;
    rafPending = true;
    raf(onAnimationFrame);
  };

  const onMessage = (data: FromWorker): void => {
    switch (data.type) {
      case 'frame': {
        awaiting = false;
        const state = store.getState();
        // Mirrors the frame's `playing` into the store, which the loop reads next.
        store.setState(frameUpdate(state, data.frame, now(), clock));
        scheduleRequest();
        return;
      }
      case 'keyframe':
        lastSnapshot = data.snapshot;
        return;
      case 'diverged': {
        const { step, phase, reason, lastGoodStep } = data;
        store.setState({ diverged: { step, phase, reason, lastGoodStep }, playing: false });
        return;
      }
      case 'diagnosis': {
        const { type: _type, ...found } = data;
        store.setState({ diagnosis: found, playing: false });
        return;
      }
      case 'gradient-check-result':
        store.setState({ gradientCheck: { step: data.step, result: data.result, verdict: data.verdict } });
        return;
      case 'slot-values':
        store.setState({
          slotValues: { layer: data.layer, kind: data.kind, index: data.index, values: data.values },
        });
        return;
      case 'notice':
        store.getState().addNotice(data.message);
        return;
      case 'error':
        store.getState().setError(data.message);
        return;
      case 'progress': {
        // A long seek's replay (ReplayProgress shows it); cleared when it finished or stopped.
        const { ui } = store.getState();
        const replay = data.finished ? null : { done: data.done, total: data.total, target: data.target };
        store.setState({ ui: { ...ui, replay } });
        return;
      }
      case 'pong':
        // Alive: done with everything (the latest ping), or still working through the commands.
        pongDueAt = data.id === pingId ? null : now() + watchdogMs;
        return;
      case 'model':
        store.getState().modelExported(data.requestId, data.text);
        return;
      default: {
        const never: never = data;
        store.getState().setError(`Unknown reply from the worker: ${JSON.stringify(never)?.slice(0, 80)}`);
      }
    }
  };

  const spawn = (init: ToWorker): void => {
    const w = workerFactory();
    workerCount++;
    worker = w;
    awaiting = false;
    pongDueAt = null;
    w.onmessage = (event) => {
      if (worker === w) onMessage(event.data);
    };
    w.onerror = (event) => {
      if (worker !== w) return;
      const message = (event as ErrorEvent).message;
      recover(`The training worker crashed${message ? `: ${message}` : ''}.`);
    };
    w.onmessageerror = () => {
      if (worker === w) recover('A message from the training worker could not be read.');
    };
    post(init);
    if (speed !== 'max') post({ type: 'set-speed', stepsPerSecond: speed });
    requestFrame();
  };

  function recover(reason: string): void {
    if (disposed) return;
    const t = now();
    restarts = restarts.filter((r) => t - r < 60_000);
    const old = worker;
    worker = null;
    old?.terminate();
    if (restarts.length >= maxRestarts) {
      gaveUp = true;
      store
        .getState()
        .setError(
          `${reason} It failed ${restarts.length + 1} times in a minute, so it was not restarted: ` +
            'Reset starts a fresh run with the current settings; if that fails too, reload the page.',
        );
      store.setState({ playing: false });
      return;
    }
    restarts.push(t);
    const resumeAt = lastSnapshot ? lastSnapshot.keyframe.step : 0;
    const here = store.getState().step;
    const where =
      resumeAt === here
        ? `at step ${formatCount(resumeAt)}, where you were`
        : `from step ${formatCount(resumeAt)}${lastSnapshot ? ' (the last keyframe)' : ''}`;
    store.getState().setError(`${reason} Restarted it ${where}.`);
    const resume = playing();
    spawn(
      lastSnapshot
        ? { type: 'init', config: lastSnapshot.baseConfig, snapshot: lastSnapshot }
        : { type: 'init', config: origin.config, customData: origin.customData ?? undefined },
    );
    if (resume) post({ type: 'play' });
  }

  const watchdog = setInterval(
    () => {
      if (disposed || !worker) return;
      const seconds = Math.round(watchdogMs / 1000);
      if (awaiting && playing() && now() - requestedAt > watchdogMs) {
        recover(`The training worker stopped answering for ${seconds} s.`);
      } else if (pongDueAt !== null && now() > pongDueAt) {
        recover(`The training worker did not answer a command for ${seconds} s.`);
      }
    },
    Math.max(10, Math.min(1000, watchdogMs / 4)),
  );
  // In Node (tests) the interval must not keep the process alive.
  (watchdog as { unref?: () => void }).unref?.();

  /**
   * After a command while paused, a ping: its pong proves the worker handled the command. Not
   * after a seek (a long replay may rightly take longer than the watchdog) nor while playing
   * (frames prove it then).
   */
  const checkAlive = (message: ToWorker): void => {
    if (playing() || message.type === 'seek' || message.type === 'request-frame') return;
    pingId++;
    post({ type: 'ping', id: pingId });
    if (pongDueAt === null) pongDueAt = now() + watchdogMs;
  };

  const client: TrainerClient = {
    send(message) {
      if (disposed) return;
      if (gaveUp && (message.type === 'restart' || message.type === 'init')) {
        // Reset after the client gave up: a fresh worker, a fresh count of crashes.
        gaveUp = false;
        restarts = [];
        origin = { config: message.config, customData: message.customData ?? null };
        lastSnapshot = message.type === 'init' ? (message.snapshot ?? null) : null;
        store.getState().setError(null);
        spawn(message);
        return;
      }
      switch (message.type) {
        case 'init':
        case 'restart':
          origin = { config: message.config, customData: message.customData ?? null };
          lastSnapshot = message.type === 'init' ? (message.snapshot ?? null) : null;
          break;
        case 'regenerate': {
          const config = store.getState().config;
          origin = { config: { ...config, seed: nextSeed(config.seed) }, customData: origin.customData };
          lastSnapshot = null;
          break;
        }
        case 'set-speed':
          speed = message.stepsPerSecond;
          break;
        default:
          break;
      }
      post(message);
      checkAlive(message);
      // A command may make news: make sure a request is outstanding.
      requestFrame();
    },
    get lastSnapshot() {
      return lastSnapshot;
    },
    get workerCount() {
      return workerCount;
    },
    get refreshDivisor() {
      return pacer.divisor;
    },
    recover,
    dispose() {
      disposed = true;
      clearInterval(watchdog);
      store.getState().connect(null);
      worker?.terminate();
      worker = null;
    },
  };

  store.getState().connect(client);
  spawn({ type: 'init', config: origin.config, customData: origin.customData ?? undefined });
  return client;
}
