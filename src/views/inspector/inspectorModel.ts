/**
 * What the inspector shows for the current phase, as plain data: the equations (TeX for temml and
 * plain words), every operand's shape and the result's, and the matrices with the frame's own
 * numbers. Pure, so tests can compare it with the frame and the engine; the components only draw it.
 *
 * Notation is the seed article's: layer l (0-based in the frame) is layer l + 1 here, A₀ is X and
 * the output's A is ŷ:
 *   forward k:   Zk = A(k−1)·Wk + bk,   Ak = f(Zk)
 *   loss:        L, dZL = (ŷ − y)/n
 *   backward k:  dWk = A(k−1)ᵀ·dZk,  dbk = Σ_rows dZk,  dA(k−1) = dZk·Wkᵀ,  dZ(k−1) = dA(k−1) ⊙ f′(Z(k−1))
 *   update:      the optimizer's rule on every W and b.
 *
 * Values are never copied or re-rounded here: a matrix holds the frame's Float32Array (the worker's
 * float32 copy of the engine's float64) and the view formats it to display precision. The only
 * numbers computed here are the ones the engine never stores, and each says how it is derived:
 * f′(Z) (the engine folds it into dZ), one example's share of the gradient, per-example loss terms.
 */
import {
  ACTIVATION_FNS,
  FEATURE_BY_ID,
  LEAKY_SLOPE,
  type Activation,
  type FeatureId,
  type LossKind,
} from '../../engine';
import { OUTPUTS, trainCountOf, type RunConfig } from '../../model/config';
import type { Frame, ParamKind, Phase } from '../../worker/protocol';

// ---------------------------------------------------------------------------------------------------
// Types

/** What one axis of a matrix runs over. */
export type AxisKind = 'example' | 'unit' | 'feature' | 'one';

export interface Axis {
  kind: AxisKind;
  /** Labels for 'unit' and 'feature' axes (one per index); empty for 'example' and 'one'. */
  labels: string[];
}

export interface MatrixModel {
  /** Plain name as the seed article writes it: "Z1", "ŷ", "dW2", "f′(Z1)", "A1ᵀ". */
  name: string;
  /** The same in TeX. */
  tex: string;
  /** Displayed shape. */
  rows: number;
  cols: number;
  /**
   * Row-major numbers. When `transposed` is true they are the frame's array as stored (cols × rows)
   * and the matrix is its transpose: read entries with `matrixValue`.
   */
  values: ArrayLike<number>;
  transposed: boolean;
  rowAxis: Axis;
  colAxis: Axis;
  /**
   * Where the numbers come from, for tests and tooltips: "batch.Z[0]", "params[1].W",
   * "prevParams[0].b", or "derived: …" for numbers computed here from the frame's.
   */
  source: string;
}

export interface ShapeTerm {
  name: string;
  rows: number;
  cols: number;
}

export interface EquationModel {
  id: string;
  /** Plain text, for screen readers and narration: "Z1 = X · W1 + b1". */
  text: string;
  tex: string;
  /** The operands' shapes in order, and the result's. */
  operands: ShapeTerm[];
  result: ShapeTerm;
  /** "(10×2)·(2×4) + (1×4) → (10×4)". */
  shapeText: string;
  /** Matrices to draw, operands first, result last. Empty when the values are not computed yet. */
  matrices: MatrixModel[];
  /** One shared diverging scale for every matrix of the equation (max |v| over their finite values). */
  maxAbs: number;
  /** One sentence: what the equation does. */
  explanation: string;
}

export interface LossSummary {
  kind: LossKind;
  /** Words: "binary cross-entropy". */
  label: string;
  tex: string;
  /** The frame's batch loss (data loss, no regularization). */
  value: number | null;
}

export interface UpdateRule {
  optimizer: RunConfig['optimizer'];
  learningRate: number;
  /** The rule in TeX and in words, with the current hyperparameters. */
  tex: string;
  text: string;
  regularization: RunConfig['regularization'];
  regularizationRate: number;
}

export interface InspectorModel {
  phase: Phase;
  /** "Forward · layer 2" style title ("Ready" at a step boundary). */
  title: string;
  /** Batch rows (0 when there is no batch). */
  n: number;
  /** Input size then the units of every layer: sizes[0] = features, sizes[k] = units of layer k. */
  sizes: number[];
  equations: EquationModel[];
  loss: LossSummary | null;
  update: UpdateRule | null;
  /** At a step boundary: every phase of one step with its main equation, for the overview. */
  overview: { phase: Phase; label: string; text: string; shapeText: string }[];
}

// ---------------------------------------------------------------------------------------------------
// Names

/** Number of layers with weights (hidden + output). */
export function layerCount(frame: Pick<Frame, 'params'>): number {
  return frame.params.length;
}

/** A(l) in plain text, l = −1 for X; the output layer's A is ŷ. */
export function activationName(l: number, L: number): string {
  if (l < 0) return 'X';
  if (l === L - 1) return 'ŷ';
  return `A${l + 1}`;
}

export function activationTex(l: number, L: number): string {
  if (l < 0) return 'X';
  if (l === L - 1) return '\\hat{y}';
  return `A_{${l + 1}}`;
}

/** Name of a per-layer quantity: ("Z", 0) → "Z1". */
export function layerName(symbol: 'Z' | 'W' | 'b' | 'dZ' | 'dA' | 'dW' | 'db', l: number): string {
  return `${symbol}${l + 1}`;
}

function layerTex(symbol: 'Z' | 'W' | 'b' | 'dZ' | 'dA' | 'dW' | 'db', l: number): string {
  const base = symbol.startsWith('d') ? `\\mathrm{d}${symbol.slice(1)}` : symbol;
  return `${base}_{${l + 1}}`;
}

const ACTIVATION_TEX: Record<Activation, string> = {
  relu: '\\operatorname{ReLU}',
  'leaky-relu': '\\operatorname{LeakyReLU}',
  tanh: '\\tanh',
  sigmoid: '\\sigma',
  linear: '\\operatorname{id}',
  softmax: '\\operatorname{softmax}',
};

const ACTIVATION_WORDS: Record<Activation, string> = {
  relu: 'ReLU',
  'leaky-relu': 'leaky ReLU',
  tanh: 'tanh',
  sigmoid: 'σ',
  linear: 'identity',
  softmax: 'softmax',
};

export const LOSS_LABELS: Record<LossKind, string> = {
  bce: 'binary cross-entropy',
  mse: 'squared error',
  'cross-entropy': 'cross-entropy',
};

const LOSS_TEX: Record<LossKind, string> = {
  bce: 'L = -\\frac{1}{n}\\sum_{i}\\left[y_i \\log \\hat{y}_i + (1 - y_i)\\log(1 - \\hat{y}_i)\\right]',
  mse: 'L = \\frac{1}{2n}\\sum_{i,j}\\left(\\hat{y}_{ij} - y_{ij}\\right)^2',
  'cross-entropy': 'L = -\\frac{1}{n}\\sum_{i,j} y_{ij}\\log \\hat{y}_{ij}',
};

/** The activations of each layer and the loss, as a config trains them. */
export function layerActivations(
  config: Pick<RunConfig, 'hiddenLayers' | 'activation' | 'output'>,
  L: number,
): Activation[] {
  const out = OUTPUTS[config.output].activation;
  return Array.from({ length: L }, (_, l) => (l === L - 1 ? out : config.activation));
}

/** f′ for a hidden activation, in words and TeX, in terms of the layer's Z or A (whichever the engine uses). */
export function derivativeFormula(activation: Activation, l: number): { text: string; tex: string } {
  const z = layerName('Z', l);
  const zt = layerTex('Z', l);
  const a = `A${l + 1}`;
  const at = `A_{${l + 1}}`;
  switch (activation) {
    case 'relu':
      return { text: `1[${z} > 0]`, tex: `\\mathbb{1}[${zt} > 0]` };
    case 'leaky-relu':
      return {
        text: `1 where ${z} > 0, else ${LEAKY_SLOPE}`,
        tex: `\\mathbb{1}[${zt} > 0] + ${LEAKY_SLOPE}\\,\\mathbb{1}[${zt} \\le 0]`,
      };
    case 'tanh':
      return { text: `1 − ${a}²`, tex: `1 - ${at}^{\\odot 2}` };
    case 'sigmoid':
      return { text: `${a} ⊙ (1 − ${a})`, tex: `${at} \\odot (1 - ${at})` };
    case 'linear':
      return { text: '1', tex: '1' };
    case 'softmax':
      return { text: '(folded into the loss)', tex: '\\text{(folded into the loss)}' };
  }
}

// ---------------------------------------------------------------------------------------------------
// Shapes and numbers

/** "(10×2)" */
export function shapeOf(rows: number, cols: number): string {
  return `(${rows}×${cols})`;
}

/** Entry (r, c) of a matrix as displayed (handles transposed views of the frame's arrays). */
export function matrixValue(m: MatrixModel, r: number, c: number): number {
  return m.transposed ? m.values[c * m.rows + r] : m.values[r * m.cols + c];
}

/**
 * A number to display precision (4 significant digits), with a true minus sign; exponent form for
 * very small and very large magnitudes so 0.00001234 does not read as 0.
 */
export function formatValue(v: number, digits = 4): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s =
    a < 1e-3 || a >= 1e5
      ? a
          .toExponential(digits - 1)
          .replace(/\.?0+e/, 'e')
          .replace('e+', 'e')
      : String(Number(a.toPrecision(digits)));
  return v < 0 ? `−${s}` : s;
}

function maxAbsOf(matrices: readonly MatrixModel[]): number {
  let m = 0;
  for (const mat of matrices) {
    const v = mat.values;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x - x === 0) {
        const ax = x < 0 ? -x : x;
        if (ax > m) m = ax;
      }
    }
  }
  return m > 1e-12 ? m : 1e-12;
}

// ---------------------------------------------------------------------------------------------------
// Building blocks

interface Ctx {
  frame: Frame;
  config: RunConfig;
  L: number;
  n: number;
  /** sizes[0] = inputs, sizes[l + 1] = units of layer l. */
  sizes: number[];
  activations: Activation[];
  unitAxes: Axis[];
  featureAxis: Axis;
}

const EXAMPLE_AXIS: Axis = { kind: 'example', labels: [] };
const ONE_AXIS: Axis = { kind: 'one', labels: [] };

/** Axis of layer l's units, l = −1 for the input features. */
function unitsAxis(ctx: Ctx, l: number): Axis {
  return l < 0 ? ctx.featureAxis : ctx.unitAxes[l];
}

function matrix(
  name: string,
  tex: string,
  rows: number,
  cols: number,
  values: ArrayLike<number>,
  rowAxis: Axis,
  colAxis: Axis,
  source: string,
  transposed = false,
): MatrixModel {
  return { name, tex, rows, cols, values, transposed, rowAxis, colAxis, source };
}

/** A(l) of the batch (l = −1 for X), n × sizes[l + 1], or null when not computed yet. */
function batchActivation(ctx: Ctx, l: number): MatrixModel | null {
  const batch = ctx.frame.batch;
  if (!batch) return null;
  const values = l < 0 ? batch.X : batch.A[l];
  if (!values) return null;
  return matrix(
    activationName(l, ctx.L),
    activationTex(l, ctx.L),
    ctx.n,
    ctx.sizes[l + 1],
    values,
    EXAMPLE_AXIS,
    unitsAxis(ctx, l),
    l < 0 ? 'batch.X' : `batch.A[${l}]`,
  );
}

function batchLayerMatrix(ctx: Ctx, key: 'Z' | 'dZ' | 'dA', l: number): MatrixModel | null {
  const values = ctx.frame.batch?.[key][l];
  if (!values) return null;
  return matrix(
    layerName(key, l),
    layerTex(key, l),
    ctx.n,
    ctx.sizes[l + 1],
    values,
    EXAMPLE_AXIS,
    unitsAxis(ctx, l),
    `batch.${key}[${l}]`,
  );
}

function paramMatrix(
  ctx: Ctx,
  kind: ParamKind,
  l: number,
  which: 'params' | 'prevParams' = 'params',
  suffix = '',
): MatrixModel | null {
  const params = ctx.frame[which]?.[l];
  if (!params) return null;
  const fanIn = ctx.sizes[l];
  const units = ctx.sizes[l + 1];
  const name = layerName(kind, l) + suffix;
  const tex = layerTex(kind, l) + (suffix ? `^{\\text{${suffix.trim()}}}` : '');
  return kind === 'W'
    ? matrix(name, tex, fanIn, units, params.W, unitsAxis(ctx, l - 1), unitsAxis(ctx, l), `${which}[${l}].W`)
    : matrix(name, tex, 1, units, params.b, ONE_AXIS, unitsAxis(ctx, l), `${which}[${l}].b`);
}

function gradMatrix(ctx: Ctx, kind: ParamKind, l: number): MatrixModel | null {
  const batch = ctx.frame.batch;
  const values = kind === 'W' ? batch?.dW[l] : batch?.db[l];
  if (!values) return null;
  const units = ctx.sizes[l + 1];
  return kind === 'W'
    ? matrix(
        layerName('dW', l),
        layerTex('dW', l),
        ctx.sizes[l],
        units,
        values,
        unitsAxis(ctx, l - 1),
        unitsAxis(ctx, l),
        `batch.dW[${l}]`,
      )
    : matrix(
        layerName('db', l),
        layerTex('db', l),
        1,
        units,
        values,
        ONE_AXIS,
        unitsAxis(ctx, l),
        `batch.db[${l}]`,
      );
}

/** f′(Z(l)) from the frame's Z(l) and A(l), with the engine's own derivative function. */
export function activationDerivative(
  activation: Activation,
  Z: ArrayLike<number>,
  A: ArrayLike<number>,
): Float64Array {
  const len = Z.length;
  const out = new Float64Array(len);
  if (activation === 'softmax') return out.fill(NaN);
  ACTIVATION_FNS[activation].derivative(Float64Array.from(Z), Float64Array.from(A), out, len);
  return out;
}

function equation(
  id: string,
  text: string,
  tex: string,
  operands: ShapeTerm[],
  result: ShapeTerm,
  shapeText: string,
  matrices: (MatrixModel | null)[],
  explanation: string,
): EquationModel {
  // Draw the matrices only when every one of them is available: a half-filled equation misleads.
  const complete = matrices.every((m): m is MatrixModel => m !== null);
  const drawn = complete ? (matrices as MatrixModel[]) : [];
  return {
    id,
    text,
    tex,
    operands,
    result,
    shapeText,
    matrices: drawn,
    maxAbs: maxAbsOf(drawn),
    explanation,
  };
}

// ---------------------------------------------------------------------------------------------------
// Equations per phase

function forwardEquations(ctx: Ctx, l: number): EquationModel[] {
  const { n, sizes, L } = ctx;
  const fanIn = sizes[l];
  const units = sizes[l + 1];
  const prev = activationName(l - 1, L);
  const prevTex = activationTex(l - 1, L);
  const Z = layerName('Z', l);
  const W = layerName('W', l);
  const b = layerName('b', l);
  const A = activationName(l, L);
  const act = ctx.activations[l];
  const zEq = equation(
    `forward-Z${l + 1}`,
    `${Z} = ${prev} · ${W} + ${b}`,
    `${layerTex('Z', l)} = ${prevTex}\\,${layerTex('W', l)} + ${layerTex('b', l)}`,
    [
      { name: prev, rows: n, cols: fanIn },
      { name: W, rows: fanIn, cols: units },
      { name: b, rows: 1, cols: units },
    ],
    { name: Z, rows: n, cols: units },
    `${shapeOf(n, fanIn)}·${shapeOf(fanIn, units)} + ${shapeOf(1, units)} → ${shapeOf(n, units)}`,
    [
      batchActivation(ctx, l - 1),
      paramMatrix(ctx, 'W', l),
      paramMatrix(ctx, 'b', l),
      batchLayerMatrix(ctx, 'Z', l),
    ],
    `Each row of ${prev} (one example) is multiplied by ${W}; ${b} is added to every row (broadcast), giving ${units === 1 ? 'one pre-activation' : `${units} pre-activations`} per example.`,
  );
  const isOutput = l === L - 1;
  const aText = isOutput
    ? `ŷ = A${l + 1} = ${ACTIVATION_WORDS[act]}(${Z})`
    : `${A} = ${ACTIVATION_WORDS[act]}(${Z})`;
  const aTex = `${isOutput ? `\\hat{y} = A_{${l + 1}}` : `A_{${l + 1}}`} = ${ACTIVATION_TEX[act]}(${layerTex('Z', l)})`;
  const aEq = equation(
    `forward-A${l + 1}`,
    aText,
    aTex,
    [{ name: Z, rows: n, cols: units }],
    { name: A, rows: n, cols: units },
    `${shapeOf(n, units)} → ${shapeOf(n, units)}`,
    [batchLayerMatrix(ctx, 'Z', l), batchActivation(ctx, l)],
    act === 'softmax'
      ? "Softmax works row by row: each example's outputs become positive and sum to 1 (class probabilities)."
      : `${ACTIVATION_WORDS[act]} is applied to every entry on its own; the shape does not change.`,
  );
  return [zEq, aEq];
}

function lossEquations(ctx: Ctx): { equations: EquationModel[]; loss: LossSummary } {
  const { n, L, frame } = ctx;
  const l = L - 1;
  const units = ctx.sizes[L];
  const lossKind = OUTPUTS[ctx.config.output].loss;
  const act = ctx.activations[l];
  const yhat = batchActivation(ctx, l);
  const Y = frame.batch
    ? matrix('y', 'y', n, units, frame.batch.Y, EXAMPLE_AXIS, unitsAxis(ctx, l), 'batch.Y')
    : null;
  const value = frame.batch?.loss ?? null;
  const loss: LossSummary = { kind: lossKind, label: LOSS_LABELS[lossKind], tex: LOSS_TEX[lossKind], value };

  const lossEq = equation(
    'loss',
    `L = ${LOSS_LABELS[lossKind]} of ŷ and y, averaged over the ${n} examples`,
    LOSS_TEX[lossKind],
    [
      { name: 'ŷ', rows: n, cols: units },
      { name: 'y', rows: n, cols: units },
    ],
    { name: 'L', rows: 1, cols: 1 },
    `${shapeOf(n, units)}, ${shapeOf(n, units)} → (1×1)`,
    [yhat, Y, perExampleLoss(ctx, lossKind)],
    'The loss is a batch mean: each example contributes its own term, shown in the last column.',
  );

  // dZ(L) = (ŷ − y)/n for sigmoid+bce, softmax+cross-entropy and linear+mse; with any other output
  // under squared error the chain rule adds f′(Z(L)).
  const matched = !(lossKind === 'mse' && act !== 'linear');
  const dZ = layerName('dZ', l);
  const fprime = derivativeFormula(act, l);
  const fText = fprime.text.replaceAll(`A${l + 1}`, 'ŷ');
  const fTex = fprime.tex.replaceAll(`A_{${l + 1}}`, '\\hat{y}');
  const dzEq = equation(
    `loss-dZ${l + 1}`,
    matched ? `${dZ} = (ŷ − y) / n` : `${dZ} = (ŷ − y) / n ⊙ (${fText})`,
    matched
      ? `${layerTex('dZ', l)} = \\frac{\\hat{y} - y}{n}`
      : `${layerTex('dZ', l)} = \\frac{\\hat{y} - y}{n} \\odot \\left(${fTex}\\right)`,
    [
      { name: 'ŷ', rows: n, cols: units },
      { name: 'y', rows: n, cols: units },
    ],
    { name: dZ, rows: n, cols: units },
    matched
      ? `(${shapeOf(n, units)} − ${shapeOf(n, units)}) / ${n} → ${shapeOf(n, units)}`
      : `(${shapeOf(n, units)} − ${shapeOf(n, units)}) / ${n} ⊙ ${shapeOf(n, units)} → ${shapeOf(n, units)}`,
    [yhat, Y, batchLayerMatrix(ctx, 'dZ', l)],
    matched
      ? `With ${ACTIVATION_WORDS[act]} and ${LOSS_LABELS[lossKind]} the derivative of the loss with respect to ${layerName('Z', l)} simplifies to the error ŷ − y, divided by n because the loss is a mean.`
      : `Squared error through a ${ACTIVATION_WORDS[act]} output: the error (ŷ − y)/n is multiplied by ${ACTIVATION_WORDS[act]}′ (the chain rule).`,
  );
  return { equations: [lossEq, dzEq], loss };
}

/** Each example's term of the batch loss (before the 1/n mean), n × 1, from the frame's ŷ and y. */
function perExampleLoss(ctx: Ctx, kind: LossKind): MatrixModel | null {
  const batch = ctx.frame.batch;
  const yhat = batch?.A[ctx.L - 1];
  if (!batch || !yhat) return null;
  const units = ctx.sizes[ctx.L];
  const out = new Float64Array(ctx.n);
  const clamp = (p: number): number => Math.min(1 - 1e-7, Math.max(1e-7, p));
  for (let i = 0; i < ctx.n; i++) {
    let s = 0;
    for (let j = 0; j < units; j++) {
      const p = yhat[i * units + j];
      const y = batch.Y[i * units + j];
      if (kind === 'bce') s -= y * Math.log(clamp(p)) + (1 - y) * Math.log(clamp(1 - p));
      else if (kind === 'cross-entropy') s -= y === 0 ? 0 : y * Math.log(clamp(p));
      else s += ((p - y) * (p - y)) / 2;
    }
    out[i] = s;
  }
  return matrix(
    'ℓᵢ',
    '\\ell_i',
    ctx.n,
    1,
    out,
    EXAMPLE_AXIS,
    { kind: 'unit', labels: ['ℓ'] },
    'derived: per-example loss from batch.A and batch.Y (float32 inputs)',
  );
}

function backwardEquations(ctx: Ctx, l: number): EquationModel[] {
  const { n, sizes, L } = ctx;
  const fanIn = sizes[l];
  const units = sizes[l + 1];
  const prev = activationName(l - 1, L);
  const prevTex = activationTex(l - 1, L);
  const dZ = layerName('dZ', l);
  const dW = layerName('dW', l);
  const db = layerName('db', l);
  const W = layerName('W', l);

  const prevMatrix = batchActivation(ctx, l - 1);
  const prevT = prevMatrix
    ? {
        ...prevMatrix,
        name: `${prev}ᵀ`,
        tex: `${prevTex}^{\\top}`,
        rows: fanIn,
        cols: n,
        transposed: true,
        rowAxis: prevMatrix.colAxis,
        colAxis: EXAMPLE_AXIS,
      }
    : null;
  const equations: EquationModel[] = [
    equation(
      `backward-dW${l + 1}`,
      `${dW} = ${prev}ᵀ · ${dZ}`,
      `${layerTex('dW', l)} = ${prevTex}^{\\top}\\,${layerTex('dZ', l)}`,
      [
        { name: `${prev}ᵀ`, rows: fanIn, cols: n },
        { name: dZ, rows: n, cols: units },
      ],
      { name: dW, rows: fanIn, cols: units },
      `${shapeOf(fanIn, n)}·${shapeOf(n, units)} → ${shapeOf(fanIn, units)}`,
      [prevT, batchLayerMatrix(ctx, 'dZ', l), gradMatrix(ctx, 'W', l)],
      `Every weight's gradient sums, over the batch, its input times the error at its output: the sum over examples is the inner dimension n. ${dW} has ${W}'s shape.`,
    ),
    equation(
      `backward-db${l + 1}`,
      `${db} = Σ over rows of ${dZ}`,
      `${layerTex('db', l)} = \\textstyle\\sum_{\\text{rows}} ${layerTex('dZ', l)}`,
      [{ name: dZ, rows: n, cols: units }],
      { name: db, rows: 1, cols: units },
      `Σ_rows ${shapeOf(n, units)} → ${shapeOf(1, units)}`,
      [batchLayerMatrix(ctx, 'dZ', l), gradMatrix(ctx, 'b', l)],
      `The bias was added to every example, so its gradient adds up every example's error.`,
    ),
  ];
  if (l > 0) {
    const dA = layerName('dA', l - 1);
    const Zp = layerName('Z', l - 1);
    const act = ctx.activations[l - 1];
    const fprime = derivativeFormula(act, l - 1);
    const Wt = paramMatrix(ctx, 'W', l);
    const WtT = Wt
      ? {
          ...Wt,
          name: `${W}ᵀ`,
          tex: `${layerTex('W', l)}^{\\top}`,
          rows: units,
          cols: fanIn,
          transposed: true,
          rowAxis: Wt.colAxis,
          colAxis: Wt.rowAxis,
        }
      : null;
    equations.push(
      equation(
        `backward-dA${l}`,
        `${dA} = ${dZ} · ${W}ᵀ`,
        `${layerTex('dA', l - 1)} = ${layerTex('dZ', l)}\\,${layerTex('W', l)}^{\\top}`,
        [
          { name: dZ, rows: n, cols: units },
          { name: `${W}ᵀ`, rows: units, cols: fanIn },
        ],
        { name: dA, rows: n, cols: fanIn },
        `${shapeOf(n, units)}·${shapeOf(units, fanIn)} → ${shapeOf(n, fanIn)}`,
        [batchLayerMatrix(ctx, 'dZ', l), WtT, batchLayerMatrix(ctx, 'dA', l - 1)],
        `The error flows back along the same weights: each unit of layer ${l} collects the errors of the units it feeds, weighted by ${W}.`,
      ),
    );
    const fMatrix = derivativeMatrix(ctx, l - 1);
    equations.push(
      equation(
        `backward-dZ${l}`,
        `${layerName('dZ', l - 1)} = ${dA} ⊙ f′(${Zp}), f′(${Zp}) = ${fprime.text}`,
        `${layerTex('dZ', l - 1)} = ${layerTex('dA', l - 1)} \\odot f'(${layerTex('Z', l - 1)}),\\quad f'(${layerTex('Z', l - 1)}) = ${fprime.tex}`,
        [
          { name: dA, rows: n, cols: fanIn },
          { name: `f′(${Zp})`, rows: n, cols: fanIn },
        ],
        { name: layerName('dZ', l - 1), rows: n, cols: fanIn },
        `${shapeOf(n, fanIn)} ⊙ ${shapeOf(n, fanIn)} → ${shapeOf(n, fanIn)}`,
        [batchLayerMatrix(ctx, 'dA', l - 1), fMatrix, batchLayerMatrix(ctx, 'dZ', l - 1)],
        derivativeExplanation(act, l - 1),
      ),
    );
  }
  return equations;
}

function derivativeMatrix(ctx: Ctx, l: number): MatrixModel | null {
  const batch = ctx.frame.batch;
  const Z = batch?.Z[l];
  const A = batch?.A[l];
  if (!Z || !A) return null;
  const Zp = layerName('Z', l);
  return matrix(
    `f′(${Zp})`,
    `f'(${layerTex('Z', l)})`,
    ctx.n,
    ctx.sizes[l + 1],
    activationDerivative(ctx.activations[l], Z, A),
    EXAMPLE_AXIS,
    unitsAxis(ctx, l),
    `derived: ${ctx.activations[l]}′ from batch.Z[${l}] and batch.A[${l}]`,
  );
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

function updateRule(config: RunConfig): UpdateRule {
  const lr = formatValue(config.learningRate);
  const reg = config.regularization;
  const lambda = formatValue(config.regularizationRate);
  const gTex =
    reg === 'l2'
      ? `(\\mathrm{d}W + ${lambda}\\,W)`
      : reg === 'l1'
        ? `(\\mathrm{d}W + ${lambda}\\,\\operatorname{sign}(W))`
        : '\\mathrm{d}W';
  const gText = reg === 'l2' ? `(dW + ${lambda}·W)` : reg === 'l1' ? `(dW + ${lambda}·sign(W))` : 'dW';
  let tex: string;
  let text: string;
  switch (config.optimizer) {
    case 'sgd':
      tex = `W \\leftarrow W - ${lr}\\,${gTex}`;
      text = `W ← W − ${lr} · ${gText}`;
      break;
    case 'momentum':
      tex = `v \\leftarrow ${formatValue(config.beta)}\\,v + ${gTex},\\quad W \\leftarrow W - ${lr}\\,v`;
      text = `v ← ${formatValue(config.beta)} · v + ${gText}; W ← W − ${lr} · v`;
      break;
    case 'adam': {
      const b1 = formatValue(config.beta1);
      const b2 = formatValue(config.beta2);
      tex =
        `m \\leftarrow ${b1}\\,m + (1 - ${b1})\\,g,\\quad v \\leftarrow ${b2}\\,v + (1 - ${b2})\\,g^2,\\quad ` +
        `W \\leftarrow W - ${lr}\\,\\frac{m / (1 - ${b1}^t)}{\\sqrt{v / (1 - ${b2}^t)} + 10^{-8}},\\quad g = ${gTex}`;
      text = `m ← ${b1}·m + (1 − ${b1})·g; v ← ${b2}·v + (1 − ${b2})·g²; W ← W − ${lr} · m̂ / (√v̂ + 1e−8), g = ${gText}`;
      break;
    }
  }
  return {
    optimizer: config.optimizer,
    learningRate: config.learningRate,
    tex,
    text,
    regularization: reg,
    regularizationRate: config.regularizationRate,
  };
}

function updateEquations(ctx: Ctx): EquationModel[] {
  const out: EquationModel[] = [];
  for (let l = 0; l < ctx.L; l++) {
    for (const kind of ['W', 'b'] as const) {
      const name = layerName(kind, l);
      const rows = kind === 'W' ? ctx.sizes[l] : 1;
      const cols = ctx.sizes[l + 1];
      const grad = layerName(kind === 'W' ? 'dW' : 'db', l);
      const gradTex = layerTex(kind === 'W' ? 'dW' : 'db', l);
      const pTex = layerTex(kind, l);
      const stepText =
        ctx.config.optimizer === 'sgd'
          ? grad
          : ctx.config.optimizer === 'momentum'
            ? `v(${name})`
            : `m̂(${name}) / (√v̂(${name}) + ε)`;
      const stepTex =
        ctx.config.optimizer === 'sgd'
          ? gradTex
          : ctx.config.optimizer === 'momentum'
            ? `v_{${pTex}}`
            : `\\frac{\\hat{m}_{${pTex}}}{\\sqrt{\\hat{v}_{${pTex}}} + \\epsilon}`;
      out.push(
        equation(
          `update-${name}`,
          `${name} ← ${name} − α · ${stepText}`,
          `${pTex} \\leftarrow ${pTex} - \\alpha\\,${stepTex}`,
          [
            { name, rows, cols },
            { name: grad, rows, cols },
          ],
          { name, rows, cols },
          `${shapeOf(rows, cols)} − α·${shapeOf(rows, cols)} → ${shapeOf(rows, cols)}`,
          [
            paramMatrix(ctx, kind, l, 'prevParams', ' before'),
            gradMatrix(ctx, kind, l),
            paramMatrix(ctx, kind, l, 'params', ' after'),
          ],
          kind === 'W'
            ? `Every weight moves a small step against its gradient (α = ${formatValue(ctx.config.learningRate)}).`
            : 'Biases move the same way (they are never regularized).',
        ),
      );
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// The model

function unitLabels(l: number, units: number, L: number): string[] {
  if (l === L - 1) {
    if (units === 1) return ['ŷ'];
    return Array.from({ length: units }, (_, j) => `class ${j}`);
  }
  return Array.from({ length: units }, (_, j) => `n${j + 1}`);
}

function featureLabels(features: readonly FeatureId[], inputs: number): string[] {
  return Array.from({ length: inputs }, (_, j) => FEATURE_BY_ID[features[j]]?.label ?? `x${j + 1}`);
}

/** The phases of one training step, in order, for a network with L weight layers. */
export function stepPhases(L: number): Phase[] {
  const phases: Phase[] = [];
  for (let l = 0; l < L; l++) phases.push({ kind: 'forward', layer: l });
  phases.push({ kind: 'loss' });
  for (let l = L - 1; l >= 0; l--) phases.push({ kind: 'backward', layer: l });
  phases.push({ kind: 'update' });
  return phases;
}

function phaseTitle(phase: Phase): string {
  switch (phase.kind) {
    case 'ready':
      return 'Ready';
    case 'forward':
      return `Forward · layer ${phase.layer + 1}`;
    case 'loss':
      return 'Loss';
    case 'backward':
      return `Backward · layer ${phase.layer + 1}`;
    case 'update':
      return 'Update';
  }
}

function equationsFor(
  ctx: Ctx,
  phase: Phase,
): { equations: EquationModel[]; loss: LossSummary | null; update: UpdateRule | null } {
  switch (phase.kind) {
    case 'forward':
      return { equations: forwardEquations(ctx, phase.layer), loss: null, update: null };
    case 'loss': {
      const { equations, loss } = lossEquations(ctx);
      return { equations, loss, update: null };
    }
    case 'backward':
      return { equations: backwardEquations(ctx, phase.layer), loss: null, update: null };
    case 'update':
      return { equations: updateEquations(ctx), loss: null, update: updateRule(ctx.config) };
    case 'ready':
      return { equations: [], loss: null, update: null };
  }
}

/**
 * The inspector's content for the frame's phase. `config` is the run's effective config (for the
 * activation, loss, optimizer and feature names); the shapes come from the frame itself.
 */
export function inspectorModel(frame: Frame, config: RunConfig): InspectorModel {
  const L = frame.params.length;
  const units = frame.params.map((p) => p.b.length);
  const inputs = L > 0 ? frame.params[0].W.length / Math.max(1, units[0]) : config.features.length;
  const sizes = [inputs, ...units];
  // Before the first forward phase there is no batch yet; the overview shows the next one's size.
  const n = frame.batch?.n ?? Math.min(config.batchSize, trainCountOf(config));
  const ctx: Ctx = {
    frame,
    config,
    L,
    n,
    sizes,
    activations: layerActivations(config, L),
    unitAxes: units.map((u, l) => ({ kind: 'unit', labels: unitLabels(l, u, L) })),
    featureAxis: { kind: 'feature', labels: featureLabels(config.features, inputs) },
  };
  const phase = L > 0 ? frame.phase : ({ kind: 'ready' } as Phase);
  const { equations, loss, update } = equationsFor(ctx, phase);
  const overview =
    phase.kind === 'ready' && L > 0
      ? stepPhases(L).map((p) => {
          const eq = equationsFor(
            { ...ctx, frame: { ...frame, batch: null, prevParams: null } },
            p,
          ).equations;
          const main = p.kind === 'backward' ? eq[0] : p.kind === 'loss' ? eq[1] : eq[0];
          return { phase: p, label: phaseTitle(p), text: main?.text ?? '', shapeText: main?.shapeText ?? '' };
        })
      : [];
  return { phase, title: phaseTitle(phase), n, sizes, equations, loss, update, overview };
}

// ---------------------------------------------------------------------------------------------------
// Follow one example

export interface ExampleShare {
  /** The example's batch row. */
  row: number;
  /** A(l−1)[i]ᵀ · dZ(l)[i]: this example's part of dW(l) (fanIn × units). Σ over rows = dW(l). */
  contribution: MatrixModel;
  /** dZ(l)[i]: its part of db(l). */
  biasContribution: MatrixModel;
  /**
   * ⟨contribution, dW⟩ / ‖dW‖²: the share of the batch gradient along its own direction. The shares
   * of all the batch's examples add up to 1; a negative share pulls against the batch.
   */
  share: number;
}

/**
 * One example's contribution to the gradient of layer l's weights, from the frame's A(l−1) and
 * dZ(l). Null when those are not computed yet or the row is out of range.
 */
export function exampleShare(frame: Frame, config: RunConfig, l: number, row: number): ExampleShare | null {
  const batch = frame.batch;
  if (!batch || row < 0 || row >= batch.n || l < 0 || l >= frame.params.length) return null;
  const Aprev = l === 0 ? batch.X : batch.A[l - 1];
  const dZ = batch.dZ[l];
  if (!Aprev || !dZ) return null;
  const units = frame.params[l].b.length;
  const fanIn = frame.params[l].W.length / units;
  const L = frame.params.length;
  const contribution = new Float64Array(fanIn * units);
  for (let r = 0; r < fanIn; r++) {
    const a = Aprev[row * fanIn + r];
    for (let c = 0; c < units; c++) contribution[r * units + c] = a * dZ[row * units + c];
  }
  // The share is measured against the sum of all the examples' contributions, computed the same
  // way, so the shares add up to 1 exactly in float64 (the frame's dW is a float32 copy of that sum).
  const total = new Float64Array(fanIn * units);
  for (let i = 0; i < batch.n; i++) {
    for (let r = 0; r < fanIn; r++) {
      const a = Aprev[i * fanIn + r];
      for (let c = 0; c < units; c++) total[r * units + c] += a * dZ[i * units + c];
    }
  }
  let dot = 0;
  let norm2 = 0;
  for (let k = 0; k < total.length; k++) {
    dot += contribution[k] * total[k];
    norm2 += total[k] * total[k];
  }
  const prev = activationName(l - 1, L);
  const dZname = layerName('dZ', l);
  const inputAxis: Axis =
    l === 0
      ? { kind: 'feature', labels: featureLabels(config.features, fanIn) }
      : { kind: 'unit', labels: unitLabels(l - 1, fanIn, L) };
  const outAxis: Axis = { kind: 'unit', labels: unitLabels(l, units, L) };
  return {
    row,
    contribution: matrix(
      `${prev}[${row + 1}]ᵀ·${dZname}[${row + 1}]`,
      `${activationTex(l - 1, L)}[${row + 1}]^{\\top}\\,${layerTex('dZ', l)}[${row + 1}]`,
      fanIn,
      units,
      contribution,
      inputAxis,
      outAxis,
      `derived: outer product of row ${row} of ${l === 0 ? 'batch.X' : `batch.A[${l - 1}]`} and of batch.dZ[${l}]`,
    ),
    biasContribution: matrix(
      `${dZname}[${row + 1}]`,
      `${layerTex('dZ', l)}[${row + 1}]`,
      1,
      units,
      dZ.subarray(row * units, (row + 1) * units),
      ONE_AXIS,
      outAxis,
      `batch.dZ[${l}] row ${row}`,
    ),
    share: norm2 > 0 ? dot / norm2 : 0,
  };
}

// ---------------------------------------------------------------------------------------------------
// Update of one parameter

export interface ParamUpdate {
  layer: number;
  kind: ParamKind;
  index: number;
  /** "W1[2,3]" (row, column of the weight, 1-based) or "b1[3]". */
  name: string;
  before: number;
  gradient: number;
  /** The gradient the rule uses: dW plus the regularization term (dW itself for biases). */
  effectiveGradient: number;
  after: number;
  /** after − before. */
  delta: number;
  /** For SGD, the arithmetic written out: "0.5 − 0.1 × 0.25 = 0.475". */
  arithmetic: string | null;
}

/** Before → after of one parameter in the update phase, with the frame's numbers. */
export function paramUpdate(
  frame: Frame,
  config: RunConfig,
  layer: number,
  kind: ParamKind,
  index: number,
): ParamUpdate | null {
  const prev = frame.prevParams?.[layer];
  const now = frame.params[layer];
  const grads = kind === 'W' ? frame.batch?.dW[layer] : frame.batch?.db[layer];
  if (!prev || !now || !grads) return null;
  const before = kind === 'W' ? prev.W[index] : prev.b[index];
  const after = kind === 'W' ? now.W[index] : now.b[index];
  const gradient = grads[index];
  if (before === undefined || after === undefined || gradient === undefined) return null;
  const units = now.b.length;
  const lambda = config.regularizationRate;
  const reg =
    kind === 'W'
      ? config.regularization === 'l2'
        ? lambda * before
        : config.regularization === 'l1'
          ? lambda * Math.sign(before)
          : 0
      : 0;
  const effectiveGradient = gradient + reg;
  const name =
    kind === 'W'
      ? `W${layer + 1}[${Math.floor(index / units) + 1},${(index % units) + 1}]`
      : `b${layer + 1}[${index + 1}]`;
  const arithmetic =
    config.optimizer === 'sgd'
      ? `${formatValue(before)} − ${formatValue(config.learningRate)} × ${formatValue(effectiveGradient)} = ${formatValue(after)}`
      : null;
  return {
    layer,
    kind,
    index,
    name,
    before,
    gradient,
    effectiveGradient,
    after,
    delta: after - before,
    arithmetic,
  };
}
