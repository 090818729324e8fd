/**
 * A Worker stand-in for client tests: the real handlers and play loop, in this thread, with the
 * real message semantics (structured clone, buffers transferred on the way out, asynchronous
 * delivery), plus ways to kill it or make it hang.
 */
import type { WorkerLike } from '../../src/worker/client';
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
