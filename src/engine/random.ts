/**
 * Seeded pseudo-random numbers. Every random choice in the engine (initial
 * weights, datasets, batch shuffles) draws from an `Rng` that the caller passes
 * in, so the same seed gives bit-identical runs and there is no module state.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's Small Fast Counting generator):
 * 128 bits of state, fast in 32-bit integer JS arithmetic, and its whole state
 * fits in four numbers, so the worker can snapshot it into a keyframe and
 * replay a run exactly.
 */

/** The generator's full state: four unsigned 32-bit integers. */
export type RngState = readonly [number, number, number, number];

export interface Rng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Standard normal N(0, 1) by Box–Muller (no cached spare, so the state stays 4 numbers). */
  normal(): number;
  /** Uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** A copy of the state, to restore later with `setState`. */
  getState(): RngState;
  setState(state: RngState): void;
}

const TWO_POW_32 = 4294967296;

/**
 * Creates a generator from a seed. Any finite number works as a seed; it is
 * reduced to 32 bits and mixed (splitmix32) so nearby seeds give unrelated streams.
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) {
    throw new Error(`createRng: seed must be a finite number, got ${String(seed)}`);
  }
  let s = (Math.floor(seed) >>> 0) ^ 0x9e3779b9;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();

  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Warm up: sfc32's first outputs are correlated with the seed.
  for (let i = 0; i < 12; i++) nextUint32();

  const next = (): number => nextUint32() / TWO_POW_32;

  return {
    next,
    normal(): number {
      // 1 − u keeps the argument of log in (0, 1], so log never sees 0.
      const u1 = 1 - next();
      const u2 = next();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
    int(maxExclusive: number): number {
      return Math.floor(next() * maxExclusive);
    },
    getState(): RngState {
      return [a >>> 0, b >>> 0, c >>> 0, d >>> 0];
    },
    setState(state: RngState): void {
      [a, b, c, d] = [state[0] | 0, state[1] | 0, state[2] | 0, state[3] | 0];
    },
  };
}

/** Fisher–Yates shuffle of `indices` in place. */
export function shuffleInPlace(indices: Uint32Array | number[], rng: Rng): void {
  for (let i = indices.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = indices[i];
    indices[i] = indices[j];
    indices[j] = tmp;
  }
}
