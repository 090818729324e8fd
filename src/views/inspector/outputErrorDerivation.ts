/**
 * The loss phase's derivation: the batch loss and how the output error dZ = ∂L/∂ŷ · f′(z) comes out
 * for the loss and output activation (it collapses to (ŷ − y)/n for sigmoid + BCE, softmax +
 * cross-entropy, linear + MSE), each line with its numbers. The per-weight chain (chainRule.ts)
 * starts its path from the same output lines.
 *
 * Pure: the panel draws it, the status line and tests read it.
 */
import type { LossKind } from '../../engine';
import type { ChainCell } from '../../store/types';
import {
  backwardFrom,
  derivativeOf,
  forwardComplete,
  outputCollapses,
  type ChainSource,
} from './chainBackward';
import { cellNamer, derivativeArithmetic, derivativeRule, formatOperand } from './notation';

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

/** The output unit's error signal for example k, in words with its numbers (the loss phase). */
export function outputLines(src: ChainSource, k: number, j: number, dZout: Float64Array): ChainLine[] {
  const L = src.sizes.length - 1;
  const out = L - 1;
  const units = src.sizes[L];
  const name = cellNamer(L);
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
      arithmetic: `(${formatOperand(yh)} · ${formatOperand(sumY)} − ${formatOperand(y)}) / ${n}`,
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
        ? `(${formatOperand(yh)} − ${formatOperand(y)}) / ${n}`
        : `−(${formatOperand(y)}/${formatOperand(yh)} − ${formatOperand(1 - y)}/${formatOperand(1 - yh)}) / ${n}`,
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
    arithmetic: `${formatOperand(dLdy)} · ${formatOperand(fp)}`,
    value: dLdy * fp,
  });
  if (outputCollapses(src.loss, act)) {
    lines.push({
      lhs: dz,
      rule: '(ŷ − y) / n',
      arithmetic: `(${formatOperand(yh)} − ${formatOperand(y)}) / ${n}`,
      value: dZout[c],
    });
  }
  return lines;
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
      ? `(${formatOperand(yh)} − ${formatOperand(y)})²/2`
      : src.loss === 'bce'
        ? `−[${formatOperand(y)}·log ${formatOperand(yh)} + ${formatOperand(1 - y)}·log ${formatOperand(1 - yh)}]`
        : `−${formatOperand(y)}·log ${formatOperand(yh)}`;
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
