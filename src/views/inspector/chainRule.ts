/**
 * The chain rule for one weight, worked out with the frame's numbers as a textbook does it
 * (Matt Mazur's "∂E/∂w5 = ∂E/∂out_o1 · ∂out_o1/∂net_o1 · ∂net_o1/∂w5 = 0.74136507 · 0.186815602 ·
 * 0.593269992 = 0.082167041"):
 *
 *   for one example k:  ∂L/∂W[l][i,j] = ∂L/∂A[l][k,j] · f′(Z[l][k,j]) · A[l−1][k,i] = dZ[l][k,j] · A[l−1][k,i]
 *   with dZ[l][k,j] expanded back from the output, one layer at a time:
 *                       dA[l][k,j] = Σ_m dZ[l+1][k,m] · W[l+1][j,m],   dZ[l][k,j] = dA[l][k,j] · f′(Z[l][k,j])
 *   and for the batch:  dW[l][i,j] = Σ_k A[l−1][k,i] · dZ[l][k,j]      (row i of A[l−1]ᵀ times column j of dZ[l])
 *
 * and, at the loss phase, how the output error dZ = ∂L/∂ŷ · f′(z) comes out for the loss and output
 * activation (it collapses to (ŷ − y)/n for sigmoid + BCE, softmax + cross-entropy, linear + MSE).
 *
 * Why it recomputes: the frame holds float32 copies (about 7 digits), and a worked example prints 9.
 * So the backward values of the chain are recomputed here in float64 from the frame's forward
 * values (X, y, Z, A, W), the same formulas as the engine's backward pass. Every number printed is
 * then the exact result of the arithmetic printed next to it, and the batch sum is compared with the
 * frame's own dW cell (they agree to float32 precision, which the panel says).
 *
 * Pure: the panel draws it, the status line and tests read it.
 */
import { ACTIVATION_FNS, type Activation, type LossKind } from '../../engine';
import type { ChainCell, ChosenWeight } from '../../store/types';
import type { Frame } from '../../worker/protocol';

/** The numbers the chain reads. A frame gives float32 arrays, the engine float64 ones. */
export interface ChainSource {
  /** Batch rows. */
  n: number;
  /** sizes[0] = inputs, sizes[l + 1] = units of layer l. */
  sizes: readonly number[];
  activations: readonly Activation[];
  loss: LossKind;
  X: ArrayLike<number>;
  Y: ArrayLike<number>;
  /** Z[l], A[l]: n × sizes[l + 1]; null when not computed yet. */
  Z: readonly (ArrayLike<number> | null)[];
  A: readonly (ArrayLike<number> | null)[];
  /** W[l]: sizes[l] × sizes[l + 1]. */
  W: readonly ArrayLike<number>[];
  /** The dW the run computed (the frame's cells), for the comparison with the batch sum; null if not yet. */
  dW: readonly (ArrayLike<number> | null)[];
}

/** One number of the worked example: its symbol, what it is, its value and the cell it comes from. */
export interface ChainFactor {
  /** "∂L/∂ŷ[1,1]". */
  symbol: string;
  /** How it is computed, in symbols: "(ŷ − y)/n", "ŷ(1 − ŷ)", "A1[1,1]". */
  formula: string;
  value: number;
  /** Where the learner can find it (a matrix cell, a graph edge); null for derived values. */
  cell: ChainCell | null;
}

/** One line of arithmetic: "dA1[1,1] = Σ_m dZ2[1,m]·W2[1,m] = 0.1385 · 0.4 + … = 0.03635". */
export interface ChainLine {
  /** Left-hand side: "dA1[1,1]". */
  lhs: string;
  /** The rule in symbols. */
  rule: string;
  /** The rule with the numbers in. */
  arithmetic: string;
  value: number;
}

export interface BatchSum {
  /** Terms shown (the first few examples): A[l−1][k,i] · dZ[l][k,j]. */
  terms: { example: number; a: number; dZ: number; product: number }[];
  /** Examples not shown. */
  hidden: number;
  /** Σ_k over the whole batch, in float64. */
  total: number;
  /** The frame's dW cell (float32 of the engine's float64), null when not computed yet. */
  frameCell: number | null;
  text: string;
}

export interface ChainRule {
  weight: ChosenWeight;
  /** "W2[1,1]" (1-based row and column, as the matrices label them). */
  weightName: string;
  /** Batch row of the example followed (0-based). */
  example: number;
  n: number;
  /** ∂L/∂W[l][i,j] for the example as a product of local derivatives, output side first. */
  factors: ChainFactor[];
  /** Product of the factors' values: the example's part of the gradient. */
  gradient: number;
  /** "∂L/∂W2[1,1] (example 1) = ∂L/∂ŷ[1,1] · ∂ŷ[1,1]/∂Z2[1,1] · ∂Z2[1,1]/∂W2[1,1]". */
  symbolic: string;
  /** "= 0.74136507 · 0.186815602 · 0.593269992 = 0.082167041". */
  arithmetic: string;
  /** The error signal dZ of the weight's unit, derived back from the output (output layer first). */
  path: ChainLine[];
  batch: BatchSum;
  /** Every cell a factor or a path line reads, for highlighting. */
  highlights: ChainCell[];
}

export interface OutputError {
  unit: number;
  example: number;
  /** Whether ∂L/∂ŷ · f′ collapses to (ŷ − y)/n for this loss and output. */
  collapses: boolean;
  /** The loss itself, the derivative of the loss, f′, and dZ, each with its numbers. */
  lines: ChainLine[];
  /** One sentence on why it collapses (or does not). */
  explanation: string;
  /** The batch loss, recomputed in float64 from the frame's ŷ and y. */
  loss: number;
  highlights: ChainCell[];
}

/** Printing precision of the worked example. */
export const CHAIN_DIGITS = 9;

/**
 * A number with 9 significant digits, trailing zeros dropped, plain decimals between 1e−6 and 1e6 (as
 * a textbook prints 0.000438568), a Unicode minus.
 */
export function formatDigits(v: number, digits = CHAIN_DIGITS): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s =
    a >= 1e-6 && a < 1e6
      ? String(Number(a.toPrecision(digits)))
      : a
          .toExponential(digits - 1)
          .replace(/\.?0+e/, 'e')
          .replace('e+', 'e');
  return v < 0 ? `−${s}` : s;
}

/** A number inside arithmetic: negative numbers in parentheses, so "0.4 · (−0.2)" reads right. */
function operand(v: number): string {
  const s = formatDigits(v);
  return v < 0 ? `(${s})` : s;
}

/** How many terms of a sum are written out before "+ …". */
const SHOWN_TERMS = 4;

/** "a + b + c + … (7 more)" from the written terms and the number left out. */
function joinSum(terms: string[], total: number): string {
  const shown = terms.slice(0, SHOWN_TERMS).join(' + ');
  const more = total - Math.min(total, SHOWN_TERMS);
  return more > 0 ? `${shown} + … (${more} more)` : shown;
}

/** The chain's source from a frame, or null when the frame has no batch. */
export function chainSourceOf(
  frame: Frame,
  activations: readonly Activation[],
  loss: LossKind,
): ChainSource | null {
  const batch = frame.batch;
  if (!batch || frame.params.length === 0) return null;
  const units = frame.params.map((p) => p.b.length);
  const inputs = frame.params[0].W.length / Math.max(1, units[0]);
  return {
    n: batch.n,
    sizes: [inputs, ...units],
    activations,
    loss,
    X: batch.X,
    Y: batch.Y,
    Z: batch.Z,
    A: batch.A,
    W: frame.params.map((p) => p.W),
    dW: batch.dW,
  };
}

/** Names with 1-based example and unit indices, as the matrices label rows and columns. */
function namer(L: number) {
  const act = (l: number) => (l < 0 ? 'X' : l === L - 1 ? 'ŷ' : `A${l + 1}`);
  return {
    act: (l: number, k: number, u: number) => `${act(l)}[${k + 1},${u + 1}]`,
    z: (l: number, k: number, u: number) => `Z${l + 1}[${k + 1},${u + 1}]`,
    dz: (l: number, k: number, u: number) => `dZ${l + 1}[${k + 1},${u + 1}]`,
    da: (l: number, k: number, u: number) => `dA${l + 1}[${k + 1},${u + 1}]`,
    w: (l: number, i: number, j: number) => `W${l + 1}[${i + 1},${j + 1}]`,
    y: (k: number, u: number) => `y[${k + 1},${u + 1}]`,
  };
}

function activationCell(l: number, row: number, col: number): ChainCell {
  return l < 0 ? { quantity: 'X', layer: -1, row, col } : { quantity: 'A', layer: l, row, col };
}

/** f′(Z[l]) for the whole batch, with the engine's own derivative (softmax: not elementwise, NaN). */
function derivativeOf(src: ChainSource, l: number): Float64Array {
  const Z = src.Z[l] as ArrayLike<number>;
  const A = src.A[l] as ArrayLike<number>;
  const out = new Float64Array(Z.length);
  const act = src.activations[l];
  if (act === 'softmax') return out.fill(NaN);
  ACTIVATION_FNS[act].derivative(Float64Array.from(Z), Float64Array.from(A), out, Z.length);
  return out;
}

/**
 * ∂L/∂ŷ for every output cell (batch mean, so each carries 1/n); NaN for softmax + cross-entropy,
 * whose ∂L/∂z is not an elementwise product.
 */
function lossDerivative(src: ChainSource): Float64Array {
  const L = src.sizes.length - 1;
  const A = src.A[L - 1] as ArrayLike<number>;
  const out = new Float64Array(A.length);
  const n = src.n;
  for (let c = 0; c < A.length; c++) {
    const yh = A[c];
    const y = src.Y[c];
    out[c] =
      src.loss === 'mse' ? (yh - y) / n : src.loss === 'bce' ? -(y / yh - (1 - y) / (1 - yh)) / n : NaN;
  }
  return out;
}

/** Whether this loss and output activation give dZ = (ŷ − y)/n exactly. */
export function outputCollapses(loss: LossKind, outputActivation: Activation): boolean {
  return (
    (loss === 'bce' && outputActivation === 'sigmoid') ||
    (loss === 'cross-entropy' && outputActivation === 'softmax') ||
    (loss === 'mse' && outputActivation === 'linear')
  );
}

/**
 * dZ of every layer from the output down to `down`, for the whole batch, in float64 from the
 * source's forward values (the engine's backward formulas). dZ[l] is n × sizes[l + 1].
 */
function backwardFrom(src: ChainSource, down: number): { dZ: Float64Array[]; dA: Float64Array[] } {
  const L = src.sizes.length - 1;
  const n = src.n;
  const dZ: Float64Array[] = [];
  const dA: Float64Array[] = [];
  const out = L - 1;
  const yh = src.A[out] as ArrayLike<number>;
  const outLen = n * src.sizes[L];
  dZ[out] = new Float64Array(outLen);
  if (outputCollapses(src.loss, src.activations[out])) {
    for (let c = 0; c < outLen; c++) dZ[out][c] = (yh[c] - src.Y[c]) / n;
  } else {
    const dLdy = lossDerivative(src);
    const fp = derivativeOf(src, out);
    for (let c = 0; c < outLen; c++) dZ[out][c] = dLdy[c] * fp[c];
  }
  for (let l = out - 1; l >= down; l--) {
    const units = src.sizes[l + 1];
    const next = src.sizes[l + 2];
    const W = src.W[l + 1];
    const fp = derivativeOf(src, l);
    dA[l] = new Float64Array(n * units);
    dZ[l] = new Float64Array(n * units);
    for (let k = 0; k < n; k++) {
      for (let u = 0; u < units; u++) {
        let s = 0;
        for (let m = 0; m < next; m++) s += dZ[l + 1][k * next + m] * W[u * next + m];
        dA[l][k * units + u] = s;
        dZ[l][k * units + u] = s * fp[k * units + u];
      }
    }
  }
  return { dZ, dA };
}

/** Whether the forward values the chain for layer l needs are in the source. */
function forwardComplete(src: ChainSource): boolean {
  return src.Z.every((z) => z !== null) && src.A.every((a) => a !== null) && src.n > 0;
}

/** The output unit's error signal for example k, in words with its numbers (the loss phase). */
function outputLines(src: ChainSource, k: number, j: number, dZout: Float64Array): ChainLine[] {
  const L = src.sizes.length - 1;
  const out = L - 1;
  const units = src.sizes[L];
  const name = namer(L);
  const c = k * units + j;
  const yh = (src.A[out] as ArrayLike<number>)[c];
  const y = src.Y[c];
  const n = src.n;
  const act = src.activations[out];
  const dz = name.dz(out, k, j);
  const lines: ChainLine[] = [];
  if (src.loss === 'cross-entropy') {
    // Softmax couples the outputs: ∂L/∂z_j = Σ_c ∂L/∂ŷ_c · ∂ŷ_c/∂z_j = Σ_c (−y_c/(n ŷ_c)) · ŷ_c(δ_cj − ŷ_j).
    let sumY = 0;
    for (let u = 0; u < units; u++) sumY += src.Y[k * units + u];
    lines.push({
      lhs: dz,
      rule: `Σ_c ∂L/∂ŷ[${k + 1},c] · ∂ŷ[${k + 1},c]/∂Z${L}[${k + 1},${j + 1}] = Σ_c (−y_c / (n·ŷ_c)) · ŷ_c·(δ_c${j + 1} − ŷ_${j + 1}) = (ŷ_${j + 1}·Σ_c y_c − y_${j + 1}) / n`,
      arithmetic: `(${operand(yh)} · ${operand(sumY)} − ${operand(y)}) / ${n}`,
      value: dZout[c],
    });
    return lines;
  }
  const dLdy = src.loss === 'mse' ? (yh - y) / n : -(y / yh - (1 - y) / (1 - yh)) / n;
  lines.push({
    lhs: `∂L/∂${name.act(out, k, j)}`,
    rule: src.loss === 'mse' ? '(ŷ − y) / n' : '−(y/ŷ − (1 − y)/(1 − ŷ)) / n',
    arithmetic:
      src.loss === 'mse'
        ? `(${operand(yh)} − ${operand(y)}) / ${n}`
        : `−(${operand(y)}/${operand(yh)} − ${operand(1 - y)}/${operand(1 - yh)}) / ${n}`,
    value: dLdy,
  });
  const fp = derivativeOf(src, out)[c];
  lines.push({
    lhs: `∂${name.act(out, k, j)}/∂${name.z(out, k, j)}`,
    rule: derivativeRule(act, 'ŷ'),
    arithmetic: derivativeArithmetic(act, yh, (src.Z[out] as ArrayLike<number>)[c]),
    value: fp,
  });
  lines.push({
    lhs: dz,
    rule: `∂L/∂ŷ · ∂ŷ/∂z`,
    arithmetic: `${operand(dLdy)} · ${operand(fp)}`,
    value: dLdy * fp,
  });
  if (outputCollapses(src.loss, act)) {
    lines.push({
      lhs: dz,
      rule: '(ŷ − y) / n',
      arithmetic: `(${operand(yh)} − ${operand(y)}) / ${n}`,
      value: dZout[c],
    });
  }
  return lines;
}

/** f′ in symbols, in terms of the activation's output `a` where that is how it is computed. */
function derivativeRule(act: Activation, a: string): string {
  switch (act) {
    case 'sigmoid':
      return `${a}·(1 − ${a})`;
    case 'tanh':
      return `1 − ${a}²`;
    case 'relu':
      return '1 if z > 0, else 0';
    case 'leaky-relu':
      return '1 if z > 0, else the leak slope';
    case 'linear':
      return '1';
    case 'softmax':
      return 'softmax Jacobian';
  }
}

function derivativeArithmetic(act: Activation, a: number, z: number): string {
  switch (act) {
    case 'sigmoid':
      return `${operand(a)} · (1 − ${operand(a)})`;
    case 'tanh':
      return `1 − ${operand(a)}²`;
    case 'relu':
    case 'leaky-relu':
      return `z = ${formatDigits(z)}`;
    case 'linear':
      return '1';
    case 'softmax':
      return '';
  }
}

/** The loss value in float64 from ŷ and y (NaN-free only when ŷ is inside (0, 1) for the log losses). */
function batchLoss(src: ChainSource): number {
  const L = src.sizes.length - 1;
  const A = src.A[L - 1] as ArrayLike<number>;
  let sum = 0;
  for (let c = 0; c < A.length; c++) {
    const yh = A[c];
    const y = src.Y[c];
    if (src.loss === 'mse') sum += ((yh - y) * (yh - y)) / 2;
    else if (src.loss === 'bce') sum -= y * Math.log(yh) + (1 - y) * Math.log(1 - yh);
    else if (y !== 0) sum -= y * Math.log(yh);
  }
  return sum / src.n;
}

const LOSS_RULES: Record<LossKind, string> = {
  mse: 'Σ (ŷ − y)² / (2n)',
  bce: '−Σ [y·log ŷ + (1 − y)·log(1 − ŷ)] / n',
  'cross-entropy': '−Σ y·log ŷ / n',
};

/**
 * The loss phase: the loss and how the output error of unit j for example k comes out of it. Null
 * when the forward pass is not complete.
 */
export function outputError(src: ChainSource, example: number, unit: number): OutputError | null {
  if (!forwardComplete(src)) return null;
  const L = src.sizes.length - 1;
  const out = L - 1;
  const units = src.sizes[L];
  const k = Math.min(Math.max(0, example), src.n - 1);
  const j = Math.min(Math.max(0, unit), units - 1);
  const { dZ } = backwardFrom(src, out);
  const loss = batchLoss(src);
  const yh = (src.A[out] as ArrayLike<number>)[k * units + j];
  const y = src.Y[k * units + j];
  const lossTerm =
    src.loss === 'mse'
      ? `(${operand(yh)} − ${operand(y)})²/2`
      : src.loss === 'bce'
        ? `−[${operand(y)}·log ${operand(yh)} + ${operand(1 - y)}·log ${operand(1 - yh)}]`
        : `−${operand(y)}·log ${operand(yh)}`;
  const lines: ChainLine[] = [
    {
      lhs: 'L',
      rule: LOSS_RULES[src.loss],
      arithmetic: `(${lossTerm} + …over ${src.n * units} output values) / ${src.n}`,
      value: loss,
    },
    ...outputLines(src, k, j, dZ[out]),
  ];
  const act = src.activations[out];
  const collapses = outputCollapses(src.loss, act);
  const explanation =
    src.loss === 'cross-entropy'
      ? 'Softmax couples every output, so its derivative is a Jacobian; summed against the cross-entropy it collapses to (ŷ − y)/n: the 1/ŷ of the loss cancels the ŷ of the Jacobian.'
      : src.loss === 'bce'
        ? 'The 1/(ŷ(1 − ŷ)) hidden in ∂L/∂ŷ cancels the sigmoid’s ŷ(1 − ŷ): the product is (ŷ − y)/n, which the engine computes directly (never through 1/ŷ, which overflows when ŷ saturates).'
        : act === 'linear'
          ? 'A linear output has f′ = 1, so dZ is ∂L/∂ŷ itself: (ŷ − y)/n.'
          : `Squared error through a ${act} output does not collapse: dZ = (ŷ − y)/n ⊙ f′(z), and f′ shrinks the signal where the output saturates.`;
  return {
    unit: j,
    example: k,
    collapses,
    lines,
    explanation,
    loss,
    highlights: [
      { quantity: 'A', layer: out, row: k, col: j },
      { quantity: 'Y', layer: out, row: k, col: j },
      { quantity: 'Z', layer: out, row: k, col: j },
      { quantity: 'dZ', layer: out, row: k, col: j },
    ],
  };
}

/**
 * The chain rule for W[l][i,j] and example k, or null when layer l's dZ is not computable from the
 * source (forward pass incomplete) or the weight is out of range.
 */
export function chainRule(src: ChainSource, weight: ChosenWeight, example: number): ChainRule | null {
  const L = src.sizes.length - 1;
  const { layer: l, row: i, col: j } = weight;
  if (l < 0 || l >= L || i < 0 || i >= src.sizes[l] || j < 0 || j >= src.sizes[l + 1]) return null;
  if (!forwardComplete(src)) return null;
  const n = src.n;
  const k = Math.min(Math.max(0, example), n - 1);
  const out = L - 1;
  const name = namer(L);
  const { dZ, dA } = backwardFrom(src, l);
  const fanIn = src.sizes[l];
  const units = src.sizes[l + 1];
  const prev = l === 0 ? src.X : (src.A[l - 1] as ArrayLike<number>);
  const aPrev = prev[k * fanIn + i];
  const highlights: ChainCell[] = [];
  const add = (cell: ChainCell) => {
    if (!highlights.some((h) => sameCell(h, cell))) highlights.push(cell);
  };

  // The headline: ∂L/∂(this unit's output) · ∂(output)/∂z · ∂z/∂w, or ∂L/∂z · ∂z/∂w for softmax.
  const factors: ChainFactor[] = [];
  const c = k * units + j;
  const zCell: ChainCell = { quantity: 'Z', layer: l, row: k, col: j };
  const fp = derivativeOf(src, l)[c];
  if (l === out && src.activations[out] === 'softmax') {
    factors.push({ symbol: `∂L/∂${name.z(l, k, j)}`, formula: '(ŷ − y) / n', value: dZ[l][c], cell: zCell });
  } else {
    const upstream = l === out ? lossDerivative(src)[c] : dA[l][c];
    factors.push({
      symbol: `∂L/∂${name.act(l, k, j)}`,
      formula:
        l === out ? (src.loss === 'mse' ? '(ŷ − y) / n' : '−(y/ŷ − (1 − y)/(1 − ŷ)) / n') : name.da(l, k, j),
      value: upstream,
      cell: l === out ? null : { quantity: 'dA', layer: l, row: k, col: j },
    });
    factors.push({
      symbol: `∂${name.act(l, k, j)}/∂${name.z(l, k, j)}`,
      formula: `f′(${name.z(l, k, j)}) = ${derivativeRule(src.activations[l], l === out ? 'ŷ' : `A${l + 1}`)}`,
      value: fp,
      cell: zCell,
    });
  }
  factors.push({
    symbol: `∂${name.z(l, k, j)}/∂${name.w(l, i, j)}`,
    formula: name.act(l - 1, k, i),
    value: aPrev,
    cell: activationCell(l - 1, k, i),
  });
  const gradient = factors.reduce((p, f) => p * f.value, 1);
  add({ quantity: 'W', layer: l, row: i, col: j });
  add({ quantity: 'dW', layer: l, row: i, col: j });
  add({ quantity: 'dZ', layer: l, row: k, col: j });
  for (const f of factors) if (f.cell) add(f.cell);

  // The path: each layer's error signal from the output down to the weight's unit.
  const path: ChainLine[] = [];
  const outUnits = src.sizes[L];
  const outNeeded = l === out ? [j] : range(outUnits);
  for (const m of outNeeded.slice(0, SHOWN_TERMS)) {
    const lines = outputLines(src, k, m, dZ[out]);
    path.push(lines[lines.length - 1]);
    add({ quantity: 'dZ', layer: out, row: k, col: m });
    add({ quantity: 'A', layer: out, row: k, col: m });
    add({ quantity: 'Y', layer: out, row: k, col: m });
  }
  for (let h = out - 1; h >= l; h--) {
    const hUnits = src.sizes[h + 1];
    const next = src.sizes[h + 2];
    const W = src.W[h + 1];
    const fpH = derivativeOf(src, h);
    const needed = h === l ? [j] : range(hUnits);
    for (const u of needed.slice(0, SHOWN_TERMS)) {
      const terms = range(next).map((m) => {
        add({ quantity: 'W', layer: h + 1, row: u, col: m });
        return `${operand(dZ[h + 1][k * next + m])} · ${operand(W[u * next + m])}`;
      });
      const cu = k * hUnits + u;
      path.push({
        lhs: name.da(h, k, u),
        rule: `Σ_m dZ${h + 2}[${k + 1},m] · W${h + 2}[${u + 1},m]`,
        arithmetic: joinSum(terms, next),
        value: dA[h][cu],
      });
      path.push({
        lhs: name.dz(h, k, u),
        rule: `${name.da(h, k, u)} · f′(${name.z(h, k, u)})`,
        arithmetic: `${operand(dA[h][cu])} · ${operand(fpH[cu])}`,
        value: dZ[h][cu],
      });
      add({ quantity: 'dA', layer: h, row: k, col: u });
      add({ quantity: 'dZ', layer: h, row: k, col: u });
    }
  }

  // The batch: dW[l][i,j] = Σ_k A[l−1][k,i] · dZ[l][k,j].
  let total = 0;
  const terms: BatchSum['terms'] = [];
  for (let r = 0; r < n; r++) {
    const a = prev[r * fanIn + i];
    const d = dZ[l][r * units + j];
    total += a * d;
    if (terms.length < SHOWN_TERMS) terms.push({ example: r, a, dZ: d, product: a * d });
  }
  const frameDW = src.dW[l];
  const frameCell = frameDW ? frameDW[i * units + j] : null;
  const dWname = `dW${l + 1}[${i + 1},${j + 1}]`;
  const batchText =
    `${dWname} = Σ_k ${l === 0 ? 'X' : `A${l}`}[k,${i + 1}] · dZ${l + 1}[k,${j + 1}] = ` +
    `${joinSum(
      terms.map((t) => `${operand(t.a)} · ${operand(t.dZ)}`),
      n,
    )} = ${formatDigits(total)}`;

  const symbolic = `∂L/∂${name.w(l, i, j)} (example ${k + 1}) = ${factors.map((f) => f.symbol).join(' · ')}`;
  const arithmetic = `= ${factors.map((f) => operand(f.value)).join(' · ')} = ${formatDigits(gradient)}`;
  return {
    weight: { layer: l, row: i, col: j },
    weightName: name.w(l, i, j),
    example: k,
    n,
    factors,
    gradient,
    symbolic,
    arithmetic,
    path,
    batch: { terms, hidden: n - terms.length, total, frameCell, text: batchText },
    highlights,
  };
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}

function sameCell(a: ChainCell, b: ChainCell): boolean {
  return a.quantity === b.quantity && a.layer === b.layer && a.row === b.row && a.col === b.col;
}
