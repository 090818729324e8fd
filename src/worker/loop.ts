/**
 * The play loop around the handlers, independent of the Worker API so the same code runs in the
 * browser's Web Worker (train.worker.ts) and in a Node worker thread (bench/worker.ts).
 *
 * Training runs in slices of SLICE_MS between yields to the event loop, so commands and frame
 * requests are handled within a slice's time. Yields use a MessageChannel in browsers (a macrotask
 * without setTimeout's ≥ 4 ms clamp) and setImmediate in Node (where a MessagePort that always has
 * a message starves timers); at a finite speed the loop sleeps with setTimeout until the next step
 * is due (at most MAX_IDLE_MS).
 */
import {
  createWorkerState,
  handleMessage,
  playSlice,
  replaySlice,
  SLICE_MS,
  type WorkerState,
} from './handlers';
import type { FromWorker, ToWorker } from './protocol';

export interface LoopPort {
  /** Sends one reply; `transfer` lists its buffers (they leave this thread). */
  post(message: FromWorker, transfer: ArrayBuffer[]): void;
}

export interface WorkerLoop {
  readonly state: WorkerState;
  onMessage(message: ToWorker): void;
  /** Stops scheduling (the state stays). */
  stop(): void;
}

export function createWorkerLoop(
  port: LoopPort,
  options: { state?: WorkerState; sliceMs?: number } = {},
): WorkerLoop {
  const state = options.state ?? createWorkerState();
  const sliceMs = options.sliceMs ?? SLICE_MS;
  const hasSetImmediate = typeof setImmediate === 'function';
  const channel = hasSetImmediate ? null : new MessageChannel();
  let yieldPending = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const post = (replies: FromWorker[]): void => {
    for (const reply of replies) port.post(reply, transferablesOf(reply));
  };

  const tick = (): void => {
    yieldPending = false;
    if (stopped) return;
    // A long seek replays in chunks first (handlers.ts replaySlice); then the play loop.
    const { replies, delayMs } = state.replay ? replaySlice(state) : playSlice(state, sliceMs);
    post(replies);
    if (delayMs !== null) schedule(delayMs);
  };

  const schedule = (delayMs: number): void => {
    if (stopped) return;
    if (delayMs <= 0) {
      if (timer !== null) {
        clearTimeout(timer);
        timer = null;
      }
      if (!yieldPending) {
        yieldPending = true;
        if (channel) channel.port2.postMessage(null);
        else setImmediate(tick);
      }
    } else if (timer === null && !yieldPending) {
      timer = setTimeout(() => {
        timer = null;
        tick();
      }, delayMs);
    }
  };

  if (channel) channel.port1.onmessage = tick;

  return {
    state,
    onMessage(message) {
      post(handleMessage(state, message));
      if (state.playing || state.replay) schedule(0);
    },
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      if (channel) {
        channel.port1.onmessage = null;
        channel.port1.close();
        channel.port2.close();
      }
    },
  };
}

/** Every ArrayBuffer in a message, for the postMessage transfer list (each buffer once). */
export function transferablesOf(message: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const visit = (value: unknown, depth: number): void => {
    if (value === null || typeof value !== 'object' || depth > 8) return;
    if (ArrayBuffer.isView(value)) {
      const buffer = value.buffer;
      if (buffer instanceof ArrayBuffer && buffer.byteLength > 0) found.add(buffer);
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    for (const key of Object.keys(value)) visit((value as Record<string, unknown>)[key], depth + 1);
  };
  visit(message, 0);
  return [...found];
}
