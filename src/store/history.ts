/**
 * The loss series in the store: appended from each frame's HistoryChunk, replaced when the worker
 * resets it (thinning, a discarded future, a new run). Arrays grow by doubling underneath; the
 * state holds exact-length views, and a new LossHistory object on every change.
 */
import type { HistoryChunk } from '../worker/protocol';
import type { LossHistory } from './types';

const SERIES = [
  'steps',
  'batchLoss',
  'evalSteps',
  'trainLoss',
  'testLoss',
  'trainMetric',
  'testMetric',
] as const;
type SeriesKey = (typeof SERIES)[number];

export function emptyHistory(): LossHistory {
  return {
    version: 0,
    stride: 1,
    metric: 'accuracy',
    steps: new Float64Array(0),
    batchLoss: new Float32Array(0),
    evalSteps: new Float64Array(0),
    trainLoss: new Float32Array(0),
    testLoss: new Float32Array(0),
    trainMetric: new Float32Array(0),
    testMetric: new Float32Array(0),
  };
}

function append<T extends Float32Array | Float64Array>(view: T, extra: T): T {
  if (extra.length === 0) return view;
  const length = view.length + extra.length;
  const buffer = view.buffer as ArrayBuffer;
  const capacity = buffer.byteLength / view.BYTES_PER_ELEMENT;
  if (view.byteOffset === 0 && length <= capacity) {
    // Room in the same buffer: write past the current view and widen it.
    const Ctor = view.constructor as new (b: ArrayBuffer, offset: number, length: number) => T;
    const wider = new Ctor(buffer, 0, length);
    wider.set(extra, view.length);
    return wider;
  }
  const Ctor = view.constructor as new (length: number) => T;
  const grown = new Ctor(Math.max(64, 2 * length));
  grown.set(view);
  grown.set(extra, view.length);
  const Views = view.constructor as new (b: ArrayBuffer, offset: number, length: number) => T;
  return new Views(grown.buffer as ArrayBuffer, 0, length);
}

/** The history after a chunk: replaced when `chunk.reset`, else appended. */
export function mergeHistory(prev: LossHistory, chunk: HistoryChunk): LossHistory {
  const empty =
    chunk.steps.length === 0 && chunk.evalSteps.length === 0 && !chunk.reset && chunk.stride === prev.stride;
  if (empty) return prev;
  const next: LossHistory = {
    version: prev.version + 1,
    stride: chunk.stride,
    metric: chunk.metric,
  } as LossHistory;
  for (const key of SERIES) {
    (next as unknown as Record<SeriesKey, Float32Array | Float64Array>)[key] = chunk.reset
      ? chunk[key]
      : append(prev[key] as Float32Array | Float64Array, chunk[key] as Float32Array | Float64Array);
  }
  return next;
}
