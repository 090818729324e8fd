/**
 * The play loop around the handlers, independent of the Worker API so the same code runs in the
 * browser's Web Worker (train.worker.ts) and in a Node worker thread (bench/worker.ts).
 *
 * Training runs in slices of SLICE_MS between yields to the event loop, so commands and frame
 * requests are handled within a slice's time. Yields use a MessageChannel (a macrotask without
 * setTimeout's ≥ 4 ms clamp); at a finite speed the loop sleeps with setTimeout until the next
 * step is due (at most MAX_IDLE_MS).
 */
import { createWorkerState, handleMessage, playSlice, SLICE_MS, type WorkerState } from './handlers';
import { transferablesOf, type FromWorker, type ToWorker } from './protocol';

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
  const channel = new MessageChannel();
  let yieldPending = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const post = (replies: FromWorker[]): void => {
    for (const reply of replies) port.post(reply, transferablesOf(reply));
  };

  const tick = (): void => {
    yieldPending = false;
    if (stopped) return;
    const { replies, delayMs } = playSlice(state, sliceMs);
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
        channel.port2.postMessage(null);
      }
    } else if (timer === null && !yieldPending) {
      timer = setTimeout(() => {
        timer = null;
        tick();
      }, delayMs);
    }
  };

  channel.port1.onmessage = tick;
  // Node's MessagePort keeps the thread alive only while started; browsers start it on onmessage.
  (channel.port1 as { start?: () => void }).start?.();

  return {
    state,
    onMessage(message) {
      post(handleMessage(state, message));
      if (state.playing) schedule(0);
    },
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      channel.port1.onmessage = null;
      channel.port1.close();
      channel.port2.close();
    },
  };
}
