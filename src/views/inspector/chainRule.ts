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
 * Every number is recomputed in float64 from the frame's forward values (chainBackward.ts), so each
 * is the exact result of the arithmetic printed next to it, and the batch sum is compared with the
 * frame's own dW cell (they agree to float32 precision, which the panel says). The loss phase's
 * output error is derived in outputErrorDerivation.ts.
 *
 * Pure: the panel draws it, the status line and tests read it.
 */
import type { ChainCell, ChosenWeight } from '../../store/types';
import {
  backwardFrom,
  derivativeOf,
  forwardComplete,
  lossDerivative,
  type ChainSource,
} from './chainBackward';
import { outputLines, type ChainLine } from './outputErrorDerivation';
import { formatDigits } from '../../model/format';
import { SHOWN_TERMS, cellNamer, derivativeRule, formatOperand, joinSum } from './notation';

// What the inspector and its tests import from here, wherever it now lives.
export { chainSourceOf, outputCollapses, type ChainSource } from './chainBackward';
export { outputError, type ChainLine, type OutputError } from './outputErrorDerivation';

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

function activationCell(l: number, row: number, col: number): ChainCell {
  return l < 0 ? { quantity: 'X', layer: -1, row, col } : { quantity: 'A', layer: l, row, col };
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
  const name = cellNamer(L);
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
        return `${formatOperand(dZ[h + 1][k * next + m])} · ${formatOperand(W[u * next + m])}`;
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
        arithmetic: `${formatOperand(dA[h][cu])} · ${formatOperand(fpH[cu])}`,
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
      terms.map((t) => `${formatOperand(t.a)} · ${formatOperand(t.dZ)}`),
      n,
    )} = ${formatDigits(total)}`;

  const symbolic = `∂L/∂${name.w(l, i, j)} (example ${k + 1}) = ${factors.map((f) => f.symbol).join(' · ')}`;
  const arithmetic = `= ${factors.map((f) => formatOperand(f.value)).join(' · ')} = ${formatDigits(gradient)}`;
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
