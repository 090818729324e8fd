/**
 * Mini-batches: a seeded permutation of the examples, walked in batches, reshuffled at the start of
 * every epoch. The last batch of an epoch is whatever is left (possibly smaller), never topped up
 * with the next epoch's examples, so each example is seen exactly once per epoch.
 */
import { shuffleInPlace, type Rng } from './random';

export interface Batch {
  /** The example indices of this batch; its length is this batch's size. */
  readonly indices: Uint32Array;
  /** The epoch this batch belongs to, counting from 0. */
  readonly epoch: number;
  /** True for the last batch of its epoch. */
  readonly epochEnded: boolean;
}

/**
 * Everything needed to replay the batch sequence exactly (with the Rng's own state, which the
 * caller snapshots: the Rng may be shared).
 */
export interface BatcherState {
  /** The current epoch's order of the examples (a copy). */
  readonly permutation: Uint32Array;
  /** How many entries of `permutation` were already handed out this epoch, 0 … count. */
  readonly position: number;
  /** The current epoch, counting from 0. */
  readonly epoch: number;
}

export interface Batcher {
  readonly count: number;
  readonly batchSize: number;
  /**
   * The next batch. The returned object and its `indices` are reused: both are overwritten by the
   * next call, so copy what you keep.
   */
  next(): Batch;
  /** Changes the batch size from the next batch on (the current epoch continues where it was). */
  setBatchSize(batchSize: number): void;
  getState(): BatcherState;
  setState(state: BatcherState): void;
}

function checkBatchSize(where: string, batchSize: number): void {
  if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize <= 0) {
    throw new Error(`${where}: batchSize must be a positive integer, got ${String(batchSize)}`);
  }
}

/** Distinct batch sizes whose views are kept; beyond this the cache restarts (sizes rarely vary). */
const MAX_CACHED_VIEWS = 64;

/**
 * Creates a batcher over `count` examples. The first epoch's permutation is drawn now, each later
 * one when its first batch is requested. A batch size above `count` gives full batches.
 */
export function createBatcher(count: number, batchSize: number, rng: Rng): Batcher {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    throw new Error(`createBatcher: count must be a positive integer, got ${String(count)}`);
  }
  checkBatchSize('createBatcher', batchSize);

  const permutation = new Uint32Array(count);
  for (let i = 0; i < count; i++) permutation[i] = i;
  shuffleInPlace(permutation, rng);
  let position = 0;
  let epoch = 0;
  let size = batchSize;

  // The batch is copied out of the permutation into `buffer`, and handed out as a cached view of
  // the right length, so next() allocates nothing in steady state.
  let buffer = new Uint32Array(Math.min(size, count));
  let views = new Map<number, Uint32Array>();
  const viewOf = (length: number): Uint32Array => {
    let view = views.get(length);
    if (view === undefined) {
      if (views.size >= MAX_CACHED_VIEWS) views = new Map();
      view = buffer.subarray(0, length);
      views.set(length, view);
    }
    return view;
  };
  const result: { indices: Uint32Array; epoch: number; epochEnded: boolean } = {
    indices: buffer,
    epoch: 0,
    epochEnded: false,
  };

  return {
    count,
    get batchSize() {
      return size;
    },
    next(): Batch {
      if (position >= count) {
        shuffleInPlace(permutation, rng);
        position = 0;
        epoch++;
      }
      const length = Math.min(size, count - position);
      const indices = viewOf(length);
      for (let i = 0; i < length; i++) indices[i] = permutation[position + i];
      position += length;
      result.indices = indices;
      result.epoch = epoch;
      result.epochEnded = position === count;
      return result;
    },
    setBatchSize(batchSize: number): void {
      checkBatchSize('setBatchSize', batchSize);
      size = batchSize;
      const needed = Math.min(size, count);
      if (needed > buffer.length) {
        buffer = new Uint32Array(needed);
        views = new Map();
      }
    },
    getState(): BatcherState {
      return { permutation: permutation.slice(), position, epoch };
    },
    setState(state: BatcherState): void {
      const p = state?.permutation;
      if (!(p instanceof Uint32Array) || p.length !== count) {
        throw new Error(
          `setState: permutation must be a Uint32Array of length ${count}, got ${p instanceof Uint32Array ? `length ${p.length}` : String(p)}`,
        );
      }
      const seen = new Uint8Array(count);
      for (let i = 0; i < count; i++) {
        const v = p[i];
        if (v >= count || seen[v] === 1) {
          throw new Error(
            `setState: permutation is not a permutation of 0 … ${count - 1} (entry ${i} is ${v})`,
          );
        }
        seen[v] = 1;
      }
      if (!Number.isInteger(state.position) || state.position < 0 || state.position > count) {
        throw new Error(
          `setState: position must be an integer in 0 … ${count}, got ${String(state.position)}`,
        );
      }
      if (!Number.isInteger(state.epoch) || state.epoch < 0) {
        throw new Error(`setState: epoch must be a non-negative integer, got ${String(state.epoch)}`);
      }
      permutation.set(p);
      position = state.position;
      epoch = state.epoch;
    },
  };
}

/**
 * out[i, :] = src[indices[i], :] for a row-major `src` with `cols` columns. Returns `out`, or its
 * first indices.length × cols entries when `out` is longer.
 */
export function gatherRows(
  src: Float64Array,
  cols: number,
  indices: Uint32Array,
  out: Float64Array,
): Float64Array {
  if (!Number.isInteger(cols) || cols < 1)
    throw new Error(`gatherRows: cols must be a positive integer, got ${String(cols)}`);
  if (src.length % cols !== 0) {
    throw new Error(
      `gatherRows: src has length ${src.length}, not a whole number of rows of ${cols} columns`,
    );
  }
  const m = indices.length;
  const length = m * cols;
  if (out.length < length) {
    throw new Error(`gatherRows: out has length ${out.length}, needs ${m} rows × ${cols} = ${length}`);
  }
  const rows = Math.floor(src.length / cols);
  for (let i = 0; i < m; i++) {
    if (indices[i] >= rows) {
      throw new Error(
        `gatherRows: index ${indices[i]} at position ${i} is out of range for ${rows} rows of src`,
      );
    }
  }
  if (cols === 2) {
    for (let i = 0; i < m; i++) {
      const r = 2 * indices[i];
      out[2 * i] = src[r];
      out[2 * i + 1] = src[r + 1];
    }
  } else {
    for (let i = 0; i < m; i++) {
      const r = indices[i] * cols;
      for (let j = 0; j < cols; j++) out[i * cols + j] = src[r + j];
    }
  }
  return out.length === length ? out : out.subarray(0, length);
}
