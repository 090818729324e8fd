/**
 * Dense matrix kernels on row-major Float64Array. The MLP spends nearly all of
 * its time in three products: Z = A·W (forward), dW = Aᵀ·dZ and dA = dZ·Wᵀ
 * (backward). One strided, register-blocked kernel serves all three: the
 * transposes are just different strides, so nothing is ever copied.
 */

/**
 * C = A′·B′ (+ bias broadcast over rows, or + C when `accumulate`), where
 * A′[i, p] = A[i·aRow + p·aCol] is m × k and B′[p, j] = B[p·bRow + j·bCol] is
 * k × n, and C is m × n, contiguous row-major.
 *
 * The main loop computes 4 × 4 tiles of C in 16 local variables (registers
 * for the JIT), so each loaded value of A′ and B′ is used four times. The fixed
 * summation order (p ascending) makes results bit-for-bit reproducible.
 */
// The 4 × 4 tile reads best one row of the tile per line, so Prettier leaves it alone.
// prettier-ignore
export function gemm(
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  aRow: number,
  aCol: number,
  B: Float64Array,
  bRow: number,
  bCol: number,
  C: Float64Array,
  bias: Float64Array | null,
  accumulate: boolean,
): void {
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  const aRow2 = 2 * aRow;
  const aRow3 = 3 * aRow;
  const bCol2 = 2 * bCol;
  const bCol3 = 3 * bCol;

  for (let i = 0; i < m4; i += 4) {
    const c0 = i * n;
    const c1 = c0 + n;
    const c2 = c1 + n;
    const c3 = c2 + n;
    for (let j = 0; j < n4; j += 4) {
      let s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33;
      if (accumulate) {
        s00 = C[c0 + j]; s01 = C[c0 + j + 1]; s02 = C[c0 + j + 2]; s03 = C[c0 + j + 3];
        s10 = C[c1 + j]; s11 = C[c1 + j + 1]; s12 = C[c1 + j + 2]; s13 = C[c1 + j + 3];
        s20 = C[c2 + j]; s21 = C[c2 + j + 1]; s22 = C[c2 + j + 2]; s23 = C[c2 + j + 3];
        s30 = C[c3 + j]; s31 = C[c3 + j + 1]; s32 = C[c3 + j + 2]; s33 = C[c3 + j + 3];
      } else if (bias !== null) {
        s00 = s10 = s20 = s30 = bias[j];
        s01 = s11 = s21 = s31 = bias[j + 1];
        s02 = s12 = s22 = s32 = bias[j + 2];
        s03 = s13 = s23 = s33 = bias[j + 3];
      } else {
        s00 = s01 = s02 = s03 = s10 = s11 = s12 = s13 = 0;
        s20 = s21 = s22 = s23 = s30 = s31 = s32 = s33 = 0;
      }
      let ai = i * aRow;
      let bi = j * bCol;
      for (let p = 0; p < k; p++) {
        const a0 = A[ai];
        const a1 = A[ai + aRow];
        const a2 = A[ai + aRow2];
        const a3 = A[ai + aRow3];
        const b0 = B[bi];
        const b1 = B[bi + bCol];
        const b2 = B[bi + bCol2];
        const b3 = B[bi + bCol3];
        s00 += a0 * b0; s01 += a0 * b1; s02 += a0 * b2; s03 += a0 * b3;
        s10 += a1 * b0; s11 += a1 * b1; s12 += a1 * b2; s13 += a1 * b3;
        s20 += a2 * b0; s21 += a2 * b1; s22 += a2 * b2; s23 += a2 * b3;
        s30 += a3 * b0; s31 += a3 * b1; s32 += a3 * b2; s33 += a3 * b3;
        ai += aCol;
        bi += bRow;
      }
      C[c0 + j] = s00; C[c0 + j + 1] = s01; C[c0 + j + 2] = s02; C[c0 + j + 3] = s03;
      C[c1 + j] = s10; C[c1 + j + 1] = s11; C[c1 + j + 2] = s12; C[c1 + j + 3] = s13;
      C[c2 + j] = s20; C[c2 + j + 1] = s21; C[c2 + j + 2] = s22; C[c2 + j + 3] = s23;
      C[c3 + j] = s30; C[c3 + j + 1] = s31; C[c3 + j + 2] = s32; C[c3 + j + 3] = s33;
    }
    // Leftover columns of this 4-row band: 4 × 1 tiles.
    for (let j = n4; j < n; j++) {
      let s0, s1, s2, s3;
      if (accumulate) {
        s0 = C[c0 + j]; s1 = C[c1 + j]; s2 = C[c2 + j]; s3 = C[c3 + j];
      } else {
        s0 = s1 = s2 = s3 = bias !== null ? bias[j] : 0;
      }
      let ai = i * aRow;
      let bi = j * bCol;
      for (let p = 0; p < k; p++) {
        const b = B[bi];
        s0 += A[ai] * b;
        s1 += A[ai + aRow] * b;
        s2 += A[ai + aRow2] * b;
        s3 += A[ai + aRow3] * b;
        ai += aCol;
        bi += bRow;
      }
      C[c0 + j] = s0; C[c1 + j] = s1; C[c2 + j] = s2; C[c3 + j] = s3;
    }
  }
  // Leftover rows: 1 × 4 tiles, then single entries.
  for (let i = m4; i < m; i++) {
    const c = i * n;
    for (let j = 0; j < n4; j += 4) {
      let s0, s1, s2, s3;
      if (accumulate) {
        s0 = C[c + j]; s1 = C[c + j + 1]; s2 = C[c + j + 2]; s3 = C[c + j + 3];
      } else if (bias !== null) {
        s0 = bias[j]; s1 = bias[j + 1]; s2 = bias[j + 2]; s3 = bias[j + 3];
      } else {
        s0 = s1 = s2 = s3 = 0;
      }
      let ai = i * aRow;
      let bi = j * bCol;
      for (let p = 0; p < k; p++) {
        const a = A[ai];
        s0 += a * B[bi];
        s1 += a * B[bi + bCol];
        s2 += a * B[bi + bCol2];
        s3 += a * B[bi + bCol3];
        ai += aCol;
        bi += bRow;
      }
      C[c + j] = s0; C[c + j + 1] = s1; C[c + j + 2] = s2; C[c + j + 3] = s3;
    }
    for (let j = n4; j < n; j++) {
      let s = accumulate ? C[c + j] : bias !== null ? bias[j] : 0;
      let ai = i * aRow;
      let bi = j * bCol;
      for (let p = 0; p < k; p++) {
        s += A[ai] * B[bi];
        ai += aCol;
        bi += bRow;
      }
      C[c + j] = s;
    }
  }
}

/** out[j] = Σ_i M[i, j] for an m × n row-major M (db = Σ_rows dZ). */
export function sumRows(M: Float64Array, m: number, n: number, out: Float64Array): void {
  out.fill(0, 0, n);
  let idx = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) out[j] += M[idx++];
  }
}

/** Throws unless `array.length === rows × cols`, naming the operand and both shapes. */
export function assertShape(name: string, array: ArrayLike<number>, rows: number, cols: number): void {
  if (array.length !== rows * cols) {
    throw new Error(
      `${name}: expected ${rows}×${cols} = ${rows * cols} values, got ${array.length}` +
        (cols > 0 && array.length % cols === 0 ? ` (${array.length / cols}×${cols})` : ''),
    );
  }
}
