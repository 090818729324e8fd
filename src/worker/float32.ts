/**
 * Float32 copies for frames: frames never carry NaN or ±∞ (protocol.ts), so non-finite values are
 * replaced in the copy (NaN → 0 or a given value, ±∞ → ±FLOAT32_MAX) and a flag says so.
 */

/** The largest finite float32. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** Set when a copy had to replace a non-finite value. */
export interface NonFiniteFlag {
  nonFinite: boolean;
}

/** A float32 copy of the first `length` values of `src`, non-finite values replaced. */
export function toF32(src: ArrayLike<number>, length = src.length, flag?: NonFiniteFlag): Float32Array {
  const out = new Float32Array(length);
  let bad = false;
  for (let i = 0; i < length; i++) {
    let v = src[i];
    if (v - v !== 0) {
      bad = true;
      v = v !== v ? 0 : v > 0 ? FLOAT32_MAX : -FLOAT32_MAX;
    } else if (v > FLOAT32_MAX) {
      v = FLOAT32_MAX;
    } else if (v < -FLOAT32_MAX) {
      v = -FLOAT32_MAX;
    }
    out[i] = v;
  }
  if (bad && flag) flag.nonFinite = true;
  return out;
}

/** `v` when finite; else NaN → `replacement`, ±∞ → ±FLOAT32_MAX, and the flag is set. */
export function finiteOr(v: number, flag: NonFiniteFlag, replacement = FLOAT32_MAX): number {
  if (Number.isFinite(v)) return v;
  flag.nonFinite = true;
  return v !== v ? replacement : v > 0 ? FLOAT32_MAX : -FLOAT32_MAX;
}
