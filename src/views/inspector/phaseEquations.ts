/**
 * The equations of the forward, loss and backward phases, written once for the inspector (which
 * draws them with the frame's matrices) and the status line (which says them):
 *   forward k:   Zk = A(k−1)·Wk + bk,   Ak = f(Zk)
 *   loss:        L, dZL = (ŷ − y)/n (⊙ f′ when squared error meets a non-linear output)
 *   backward k:  dWk = A(k−1)ᵀ·dZk,  dbk = Σ_rows dZk,  dA(k−1) = dZk·Wkᵀ,  dZ(k−1) = dA(k−1) ⊙ f′(Z(k−1))
 * The update's equations are in update.ts.
 */
import { LEAKY_SLOPE, lossFns, type Activation, type LossKind } from '../../engine';
import type { RunConfig } from '../../model/config';
import {
  batchActivation,
  batchLayerMatrix,
  batchTargets,
  derivativeMatrix,
  equation,
  EXAMPLE_AXIS,
  gradMatrix,
  matrix,
  paramMatrix,
  shapeTerm,
  transposedView,
  type EquationContext,
  type EquationModel,
  type MatrixModel,
} from './equationModel';
import { formatValue } from '../../model/format';
import {
  ACTIVATION_SPOKEN,
  ACTIVATION_TEX,
  ACTIVATION_WORDS,
  activationTerm,
  derivativeFormula,
  layerTex,
  LOSS_LABELS,
  LOSS_TEX,
  shapeOf,
  termName,
  termTex,
  type Term,
} from './notation';

const term = (quantity: Term['quantity'], layer: number, transposed?: boolean): Term =>
  transposed ? { quantity, layer, transposed } : { quantity, layer };

export function forwardEquations(ctx: EquationContext, l: number): EquationModel[] {
  const { n, sizes, L } = ctx;
  const fanIn = sizes[l];
  const units = sizes[l + 1];
  const name = (t: Term): string => termName(t, L);
  const tex = (t: Term): string => termTex(t, L);
  const [prev, W, b, Z, A] = [
    activationTerm(l - 1),
    term('W', l),
    term('b', l),
    term('Z', l),
    activationTerm(l),
  ];
  const act = ctx.activations[l];
  const zText = `${name(Z)} = ${name(prev)} · ${name(W)} + ${name(b)}`;
  const zShapes = `${shapeOf(n, fanIn)}·${shapeOf(fanIn, units)} + ${shapeOf(1, units)} → ${shapeOf(n, units)}`;
  const zEq = equation({
    id: `forward-Z${l + 1}`,
    text: zText,
    spoken: `${zText}, ${zShapes}`,
    tex: `${tex(Z)} = ${tex(prev)}\\,${tex(W)} + ${tex(b)}`,
    operands: [shapeTerm(ctx, prev, n, fanIn), shapeTerm(ctx, W, fanIn, units), shapeTerm(ctx, b, 1, units)],
    result: shapeTerm(ctx, Z, n, units),
    shapeText: zShapes,
    matrices: [
      batchActivation(ctx, l - 1),
      paramMatrix(ctx, 'W', l),
      paramMatrix(ctx, 'b', l),
      batchLayerMatrix(ctx, 'Z', l),
    ],
    operators: ['·', '+', '→'],
    explanation: `Each row of ${name(prev)} (one example) is multiplied by ${name(W)}; ${name(b)} is added to every row (broadcast), giving ${units === 1 ? 'one pre-activation' : `${units} pre-activations`} per example.`,
  });
  const isOutput = l === L - 1;
  const aEq = equation({
    id: `forward-A${l + 1}`,
    text: `${isOutput ? `ŷ = A${l + 1}` : name(A)} = ${ACTIVATION_WORDS[act]}(${name(Z)})`,
    spoken: `${name(A)} = ${ACTIVATION_SPOKEN[act]}(${name(Z)})`,
    tex: `${isOutput ? `\\hat{y} = A_{${l + 1}}` : tex(A)} = ${ACTIVATION_TEX[act]}(${tex(Z)})`,
    operands: [shapeTerm(ctx, Z, n, units)],
    result: shapeTerm(ctx, A, n, units),
    shapeText: `${shapeOf(n, units)} → ${shapeOf(n, units)}`,
    matrices: [batchLayerMatrix(ctx, 'Z', l), batchActivation(ctx, l)],
    operators: ['→'],
    explanation:
      act === 'softmax'
        ? "Softmax works row by row: each example's outputs become positive and sum to 1 (class probabilities)."
        : `${ACTIVATION_WORDS[act]} is applied to every entry on its own; the shape does not change.`,
  });
  return [zEq, aEq];
}

/** The loss phase: the batch loss L, then the output layer's dZ. */
export function lossEquations(ctx: EquationContext): EquationModel[] {
  const { n, L } = ctx;
  const l = L - 1;
  const units = ctx.sizes[L];
  const lossKind = ctx.loss;
  const act = ctx.activations[l];
  const [yhat, y] = [activationTerm(l), term('Y', l)];
  const note = ctx.lossNote ? ` (${ctx.lossNote})` : '';
  const value = ctx.lossValue === null ? '' : ` = ${formatValue(ctx.lossValue)}${note}`;

  const lossEq = equation({
    id: 'loss',
    text: `L = ${LOSS_LABELS[lossKind]} of ŷ and y, averaged over the ${n} examples`,
    spoken: `${LOSS_LABELS[lossKind]}${value}`,
    tex: LOSS_TEX[lossKind],
    operands: [shapeTerm(ctx, yhat, n, units), shapeTerm(ctx, y, n, units)],
    result: shapeTerm(ctx, term('L', l), 1, 1),
    shapeText: `${shapeOf(n, units)}, ${shapeOf(n, units)} → (1×1)`,
    matrices: [batchActivation(ctx, l), batchTargets(ctx), perExampleLoss(ctx, lossKind)],
    operators: [',', '→ per example'],
    explanation: 'The loss is a batch mean: each example contributes its own term, shown in the last column.',
  });

  // dZ(L) = (ŷ − y)/n for sigmoid+bce, softmax+cross-entropy and linear+mse; with any other output
  // under squared error the chain rule adds f′(Z(L)).
  const matched = !(lossKind === 'mse' && act !== 'linear');
  const dZ = term('dZ', l);
  const fprime = derivativeFormula(act, l, L);
  const dzText = matched
    ? `${termName(dZ, L)} = (ŷ − y) / n`
    : `${termName(dZ, L)} = (ŷ − y) / n ⊙ (${fprime.text})`;
  const dzEq = equation({
    id: `loss-dZ${l + 1}`,
    text: dzText,
    spoken: `${dzText}, ${shapeOf(n, units)}`,
    tex: matched
      ? `${layerTex('dZ', l)} = \\frac{\\hat{y} - y}{n}`
      : `${layerTex('dZ', l)} = \\frac{\\hat{y} - y}{n} \\odot \\left(${fprime.tex}\\right)`,
    operands: [shapeTerm(ctx, yhat, n, units), shapeTerm(ctx, y, n, units)],
    result: shapeTerm(ctx, dZ, n, units),
    shapeText: matched
      ? `(${shapeOf(n, units)} − ${shapeOf(n, units)}) / ${n} → ${shapeOf(n, units)}`
      : `(${shapeOf(n, units)} − ${shapeOf(n, units)}) / ${n} ⊙ ${shapeOf(n, units)} → ${shapeOf(n, units)}`,
    matrices: [batchActivation(ctx, l), batchTargets(ctx), batchLayerMatrix(ctx, 'dZ', l)],
    operators: ['−', '→'],
    explanation: matched
      ? `With ${ACTIVATION_WORDS[act]} and ${LOSS_LABELS[lossKind]} the derivative of the loss with respect to Z${l + 1} simplifies to the error ŷ − y, divided by n because the loss is a mean.`
      : `Squared error through a ${ACTIVATION_WORDS[act]} output: the error (ŷ − y)/n is multiplied by ${ACTIVATION_WORDS[act]}′ (the chain rule).`,
  });
  return [lossEq, dzEq];
}

/**
 * Each example's term of the batch loss (before the 1/n mean), n × 1: the engine's own loss
 * (src/engine/losses.ts) on that example's row, from the logits Z where the engine uses them (BCE,
 * cross-entropy: no clipping of ŷ, so a confident mistake costs its full z, not a capped −ln 1e-7),
 * from ŷ for squared error. Their mean is L as the engine computes it (from the frame's float32 copy
 * of Z and ŷ, so to float32 precision).
 */
export function perExampleLossValues(
  kind: LossKind,
  Z: ArrayLike<number>,
  A: ArrayLike<number>,
  Y: ArrayLike<number>,
  n: number,
  units: number,
): Float64Array {
  const fns = lossFns(kind);
  const out = new Float64Array(n);
  const z = new Float64Array(units);
  const a = new Float64Array(units);
  const y = new Float64Array(units);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < units; j++) {
      z[j] = Z[i * units + j];
      a[j] = A[i * units + j];
      y[j] = Y[i * units + j];
    }
    out[i] = fns.loss(z, a, y, 1, units);
  }
  return out;
}

function perExampleLoss(ctx: EquationContext, kind: LossKind): MatrixModel | null {
  const batch = ctx.data?.frame.batch;
  const yhat = batch?.A[ctx.L - 1];
  const z = batch?.Z[ctx.L - 1];
  if (!batch || !yhat || !z) return null;
  const units = ctx.sizes[ctx.L];
  const out = perExampleLossValues(kind, z, yhat, batch.Y, ctx.n, units);
  return matrix(
    ctx.L,
    term('lossTerms', ctx.L - 1),
    { rows: ctx.n, cols: 1, rowAxis: EXAMPLE_AXIS, colAxis: { kind: 'unit', labels: ['ℓ'] } },
    out,
    kind === 'mse'
      ? 'derived: per-example loss (engine loss on one row) from batch.A and batch.Y (float32 inputs)'
      : 'derived: per-example loss (engine loss on one row) from batch.Z and batch.Y (float32 inputs)',
  );
}

/**
 * What L is: the data loss only. The optimizer adds the L1/L2 penalty to the weights' gradient
 * (src/engine/optimizers.ts), never to L, so with regularization on the loss shown says so.
 */
export function lossNote(config: Pick<RunConfig, 'regularization' | 'regularizationRate'>): string | null {
  if (config.regularization === 'none' || !(config.regularizationRate > 0)) return null;
  return `data loss; the ${config.regularization.toUpperCase()} penalty is not included`;
}

export function backwardEquations(ctx: EquationContext, l: number): EquationModel[] {
  const { n, sizes, L } = ctx;
  const fanIn = sizes[l];
  const units = sizes[l + 1];
  const name = (t: Term): string => termName(t, L);
  const tex = (t: Term): string => termTex(t, L);
  const prev = activationTerm(l - 1);
  const prevT: Term = { ...prev, transposed: true };
  const [dZ, dW, db, WT] = [term('dZ', l), term('dW', l), term('db', l), term('W', l, true)];

  const prevMatrix = batchActivation(ctx, l - 1);
  const dwText = `${name(dW)} = ${name(prevT)} · ${name(dZ)}`;
  const dwShapes = `${shapeOf(fanIn, n)}·${shapeOf(n, units)} → ${shapeOf(fanIn, units)}`;
  const dbText = `${name(db)} = Σ over rows of ${name(dZ)}`;
  const equations: EquationModel[] = [
    equation({
      id: `backward-dW${l + 1}`,
      text: dwText,
      spoken: `${dwText}, ${dwShapes}`,
      tex: `${tex(dW)} = ${tex(prevT)}\\,${tex(dZ)}`,
      operands: [shapeTerm(ctx, prevT, fanIn, n), shapeTerm(ctx, dZ, n, units)],
      result: shapeTerm(ctx, dW, fanIn, units),
      shapeText: dwShapes,
      matrices: [
        prevMatrix && transposedView(prevMatrix, L),
        batchLayerMatrix(ctx, 'dZ', l),
        gradMatrix(ctx, 'W', l),
      ],
      operators: ['·', '→'],
      explanation: `Every weight's gradient sums, over the batch, its input times the error at its output: the sum over examples is the inner dimension n. ${name(dW)} has W${l + 1}'s shape.`,
    }),
    equation({
      id: `backward-db${l + 1}`,
      text: dbText,
      spoken: `${name(db)} = sum of the rows of ${name(dZ)} → ${shapeOf(1, units)}`,
      tex: `${tex(db)} = \\textstyle\\sum_{\\text{rows}} ${tex(dZ)}`,
      operands: [shapeTerm(ctx, dZ, n, units)],
      result: shapeTerm(ctx, db, 1, units),
      shapeText: `Σ_rows ${shapeOf(n, units)} → ${shapeOf(1, units)}`,
      matrices: [batchLayerMatrix(ctx, 'dZ', l), gradMatrix(ctx, 'b', l)],
      operators: ['→'],
      explanation: `The bias was added to every example, so its gradient adds up every example's error.`,
    }),
  ];
  if (l > 0) {
    const [dA, fp, dZp] = [term('dA', l - 1), term('fprime', l - 1), term('dZ', l - 1)];
    const act = ctx.activations[l - 1];
    const fprime = derivativeFormula(act, l - 1, L);
    const W = paramMatrix(ctx, 'W', l);
    const daText = `${name(dA)} = ${name(dZ)} · ${name(WT)}`;
    equations.push(
      equation({
        id: `backward-dA${l}`,
        text: daText,
        spoken: `${daText} → ${shapeOf(n, fanIn)}`,
        tex: `${tex(dA)} = ${tex(dZ)}\\,${tex(WT)}`,
        operands: [shapeTerm(ctx, dZ, n, units), shapeTerm(ctx, WT, units, fanIn)],
        result: shapeTerm(ctx, dA, n, fanIn),
        shapeText: `${shapeOf(n, units)}·${shapeOf(units, fanIn)} → ${shapeOf(n, fanIn)}`,
        matrices: [
          batchLayerMatrix(ctx, 'dZ', l),
          W && transposedView(W, L),
          batchLayerMatrix(ctx, 'dA', l - 1),
        ],
        operators: ['·', '→'],
        explanation: `The error flows back along the same weights: each unit of layer ${l} collects the errors of the units it feeds, weighted by W${l + 1}.`,
      }),
      equation({
        id: `backward-dZ${l}`,
        text: `${name(dZp)} = ${name(dA)} ⊙ ${name(fp)}, ${name(fp)} = ${fprime.text}`,
        spoken: `${name(dZp)} = ${name(dA)} ⊙ ${name(fp)} with f′ = ${fprime.spoken} → ${shapeOf(n, fanIn)}`,
        tex: `${tex(dZp)} = ${tex(dA)} \\odot ${tex(fp)},\\quad ${tex(fp)} = ${fprime.tex}`,
        operands: [shapeTerm(ctx, dA, n, fanIn), shapeTerm(ctx, fp, n, fanIn)],
        result: shapeTerm(ctx, dZp, n, fanIn),
        shapeText: `${shapeOf(n, fanIn)} ⊙ ${shapeOf(n, fanIn)} → ${shapeOf(n, fanIn)}`,
        matrices: [
          batchLayerMatrix(ctx, 'dA', l - 1),
          derivativeMatrix(ctx, l - 1),
          batchLayerMatrix(ctx, 'dZ', l - 1),
        ],
        operators: ['⊙', '→'],
        explanation: derivativeExplanation(act, l - 1),
      }),
    );
  }
  return equations;
}

function derivativeExplanation(act: Activation, l: number): string {
  const head = `Elementwise (⊙, not a matrix product): each entry of dA${l + 1} is scaled by the slope of the activation at that entry.`;
  switch (act) {
    case 'relu':
      return `${head} ReLU's slope is 1 where Z${l + 1} > 0 and 0 elsewhere, so inactive units pass no gradient.`;
    case 'leaky-relu':
      return `${head} Leaky ReLU's slope is 1 where Z${l + 1} > 0 and ${LEAKY_SLOPE} elsewhere, so no unit is cut off completely.`;
    case 'tanh':
      return `${head} tanh′ = 1 − A${l + 1}²: near 1 around 0, near 0 where the unit saturates at ±1.`;
    case 'sigmoid':
      return `${head} σ′ = A${l + 1}(1 − A${l + 1}) is at most 0.25, so every sigmoid layer shrinks the gradient at least fourfold.`;
    default:
      return `${head} The identity's slope is 1 everywhere.`;
  }
}
