/**
 * A Worker stand-in for client tests: the real handlers and play loop, in this thread, with the
 * real message semantics (structured clone, buffers transferred on the way out, asynchronous
 * delivery), plus ways to kill it or make it hang.
 */
import type { AppState } from '../../src/store/types';
import type { StoreApi } from 'zustand';
import {
  createTrainerClient,
  type TrainerClient,
  type TrainerClientOptions,
  type WorkerLike,
} from '../../src/worker/client';
import { createWorkerState, type WorkerStateOptions } from '../../src/worker/handlers';
import { createWorkerLoop, type WorkerLoop } from '../../src/worker/loop';
import type { FromWorker, ToWorker } from '../../src/worker/protocol';

export class FakeWorker implements WorkerLike {
  onmessage: WorkerLike['onmessage'] = null;
  onerror: WorkerLike['onerror'] = null;
  onmessageerror: WorkerLike['onmessageerror'] = null;
  readonly received: ToWorker[] = [];
  readonly sent: FromWorker[] = [];
  alive = true;
  hung = false;
  readonly loop: WorkerLoop;

  constructor(options: WorkerStateOptions = {}) {
    this.loop = createWorkerLoop(
      {
        post: (message, transfer) => {
          if (!this.alive || this.hung) return;
          // Transfer like postMessage does: the worker's buffers are gone afterwards.
          const copy = structuredClone(message, { transfer });
          this.sent.push(copy);
          setTimeout(() => {
            if (this.alive && !this.hung) this.onmessage?.({ data: copy } as MessageEvent<FromWorker>);
          }, 0);
        },
      },
      { state: createWorkerState(options), sliceMs: 4 },
    );
  }

  postMessage(message: ToWorker): void {
    if (!this.alive) return;
    const copy = structuredClone(message);
    this.received.push(copy);
    setTimeout(() => {
      if (this.alive && !this.hung) this.loop.onMessage(copy);
    }, 0);
  }

  terminate(): void {
    this.alive = false;
    this.loop.stop();
  }

  /** The worker throws: the page sees an error event. */
  crash(message = 'boom'): void {
    this.alive = false;
    this.loop.stop();
    this.onerror?.({ message } as ErrorEvent);
  }

  /** The worker stops answering without an error (an endless loop, say). */
  hang(): void {
    this.hung = true;
    this.loop.stop();
  }
}

/** Waits until `predicate` holds (polling), or fails after `timeoutMs`. */
export async function waitFor(
  predicate: () => boolean,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** An animation frame every 4 ms without a timestamp (the client then reads its own clock). */
export const testAnimationFrame = (cb: (time?: number) => void): void => void setTimeout(() => cb(), 4);

/**
 * The page's trainer client on `store`, over FakeWorkers (a new one for each (re)start, all kept in
 * `workers`), with animation frames every 4 ms unless `options` brings its own.
 */
export function fakeWorkerClient(
  store: StoreApi<AppState>,
  options: TrainerClientOptions & { worker?: WorkerStateOptions } = {},
): { client: TrainerClient; workers: FakeWorker[]; worker: () => FakeWorker } {
  const { worker: workerOptions, ...clientOptions } = options;
  const workers: FakeWorker[] = [];
  const client = createTrainerClient(
    store,
    () => {
      const w = new FakeWorker(workerOptions);
      workers.push(w);
      return w;
    },
    { requestAnimationFrame: testAnimationFrame, ...clientOptions },
  );
  return { client, workers, worker: () => workers[workers.length - 1] };
}
