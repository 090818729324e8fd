/**
 * The Web Worker entry: messages in → handlers → replies out (typed arrays transferred), and the
 * play loop in time slices. All logic lives in handlers.ts / loop.ts, testable without a Worker.
 */
/// <reference lib="webworker" />
import { createWorkerLoop } from './loop';
import type { ToWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const loop = createWorkerLoop({
  post(message, transfer) {
    scope.postMessage(message, transfer);
  },
});

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  loop.onMessage(event.data);
};
