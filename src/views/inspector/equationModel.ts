/**
 * The equation model's data types, and the matrices it draws, taken from the frame.
 *
 * An equation is written from the network's shape alone (text, TeX, the status line's words, the
 * operands' shapes), so the status line can say it without a frame; with a frame its matrices hold
 * the frame's own arrays.
 *
 * Values are never copied or re-rounded here: a matrix holds the frame's Float32Array (the worker's
 * float32 copy of the engine's float64) and the view formats it to display precision. The only
 * numbers computed by the inspector are the ones the engine never stores, and each says how it is
 * derived: f′(Z) (the engine folds it into dZ), one example's share of the gradient, per-example
 * loss terms.
 */
import { ACTIVATION_FNS, type Activation, type LossKind } from '../../engine';
import type { Frame, ParamKind } from '../../worker/protocol';
import { MIN_MAX_ABS, symmetricMax } from '../shared/colors';
import { activationTerm, termName, termTex, type Term } from './notation';

/** What one axis of a matrix runs over. */
export type AxisKind = 'example' | 'unit' | 'feature' | 'one';

export interface Axis {
  kind: AxisKind;
  /** Labels for 'unit' and 'feature' axes (one per index); empty for 'example' and 'one'. */
  labels: string[];
}

export const EXAMPLE_AXIS: Axis = { kind: 'example', labels: [] };
export const ONE_AXIS: Axis = { kind: 'one', labels: [] };

export interface MatrixModel {
  /** Which quantity of which layer this is. */
  term: Term;
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
  term: Term;
  name: string;
  rows: number;
  cols: number;
}

export interface EquationModel {
  /** Unique within a phase, for keys and tests: "forward-Z1", "backward-dW2", "update-b1". */
  id: string;
  /** Plain text, for screen readers: "Z1 = X · W1 + b1". */
  text: string;
  /** The equation as the status line says it, with its shapes: "db2 = sum of the rows of dZ2 → (1×1)". */
  spoken: string;
  tex: string;
  /** The operands' shapes in order, and the result's. */
  operands: ShapeTerm[];
  result: ShapeTerm;
  /** "(10×2)·(2×4) + (1×4) → (10×4)". */
  shapeText: string;
  /** Matrices to draw, operands first, result last. Empty when the values are not computed yet. */
  matrices: MatrixModel[];
  /** The operator drawn between matrix i and matrix i + 1 ("·", "+", "⊙", "→"). */
  operators: string[];
  /** One shared diverging scale for every matrix of the equation (max |v| over their finite values). */
  maxAbs: number;
  /** One sentence: what the equation does. */
  explanation: string;
}

/** The frame whose numbers fill the matrices, with the axis labels of its network. */
export interface FrameData {
  frame: Frame;
  /** unitAxes[l]: layer l's units. */
  unitAxes: Axis[];
  featureAxis: Axis;
}

/** What a phase's equations are written from. */
export interface EquationContext {
  /** Number of weight layers. */
  L: number;
  /** Batch rows. */
  n: number;
  /** sizes[0] = inputs, sizes[l + 1] = units of layer l. */
  sizes: readonly number[];
  activations: readonly Activation[];
  loss: LossKind;
  /** The batch loss, when known. */
  lossValue: number | null;
  /** What the loss value leaves out ("data loss; the L2 penalty is not included"), null when nothing. */
  lossNote?: string | null;
  /** Null when only the equations are wanted (the status line, the step overview). */
  data: FrameData | null;
}

/** A term with its shape, for an equation's operands and result. */
export function shapeTerm(ctx: EquationContext, term: Term, rows: number, cols: number): ShapeTerm {
  return { term, name: termName(term, ctx.L), rows, cols };
}

/** Entry (r, c) of a matrix as displayed (handles transposed views of the frame's arrays). */
export function matrixValue(m: MatrixModel, r: number, c: number): number {
  return m.transposed ? m.values[c * m.rows + r] : m.values[r * m.cols + c];
}

/** Largest finite |v| over the matrices (1e-12 at least, so a scale never divides by 0). */
export function maxAbsOf(matrices: readonly MatrixModel[]): number {
  return matrices.reduce((m, mat) => Math.max(m, symmetricMax(mat.values)), MIN_MAX_ABS);
}

export function equation(
  parts: Omit<EquationModel, 'matrices' | 'maxAbs'> & {
    matrices: (MatrixModel | null)[];
  },
): EquationModel {
  // Draw the matrices only when every one of them is available: a half-filled equation misleads.
  const complete = parts.matrices.every((m): m is MatrixModel => m !== null);
  const drawn = complete ? (parts.matrices as MatrixModel[]) : [];
  return { ...parts, matrices: drawn, maxAbs: maxAbsOf(drawn) };
}

/** Axis of layer l's units, l = −1 for the input features. */
export function unitsAxis(data: FrameData, l: number): Axis {
  return l < 0 ? data.featureAxis : data.unitAxes[l];
}

/** The shape of a batch matrix of layer l (l = −1 for X): one row per example, one column per unit. */
function batchShape(ctx: EquationContext, data: FrameData, l: number) {
  return { rows: ctx.n, cols: ctx.sizes[l + 1], rowAxis: EXAMPLE_AXIS, colAxis: unitsAxis(data, l) };
}

/** A matrix named after its term (or after `display`, for derived products like Aᵀ·dZ[i]). */
export function matrix(
  L: number,
  term: Term,
  shape: { rows: number; cols: number; rowAxis: Axis; colAxis: Axis },
  values: ArrayLike<number>,
  source: string,
  display?: { name: string; tex: string },
): MatrixModel {
  return {
    term,
    name: display?.name ?? termName(term, L),
    tex: display?.tex ?? termTex(term, L),
    values,
    transposed: false,
    source,
    ...shape,
  };
}

/** The same numbers, shown transposed (no copy: `matrixValue` reads them across). */
export function transposedView(m: MatrixModel, L: number): MatrixModel {
  const term: Term = { ...m.term, transposed: true };
  return {
    ...m,
    term,
    name: termName(term, L),
    tex: termTex(term, L),
    rows: m.cols,
    cols: m.rows,
    transposed: true,
    rowAxis: m.colAxis,
    colAxis: m.rowAxis,
  };
}

/** A(l) of the batch (l = −1 for X), n × sizes[l + 1], or null when not computed yet. */
export function batchActivation(ctx: EquationContext, l: number): MatrixModel | null {
  const batch = ctx.data?.frame.batch;
  const values = l < 0 ? batch?.X : batch?.A[l];
  if (!ctx.data || !values) return null;
  const shape = batchShape(ctx, ctx.data, l);
  return matrix(ctx.L, activationTerm(l), shape, values, l < 0 ? 'batch.X' : `batch.A[${l}]`);
}

/** The batch's targets y, n × outputs. */
export function batchTargets(ctx: EquationContext): MatrixModel | null {
  const batch = ctx.data?.frame.batch;
  if (!ctx.data || !batch) return null;
  const l = ctx.L - 1;
  const shape = batchShape(ctx, ctx.data, l);
  return matrix(ctx.L, { quantity: 'Y', layer: l }, shape, batch.Y, 'batch.Y');
}

export function batchLayerMatrix(
  ctx: EquationContext,
  key: 'Z' | 'dZ' | 'dA',
  l: number,
): MatrixModel | null {
  const values = ctx.data?.frame.batch?.[key][l];
  if (!ctx.data || !values) return null;
  const shape = batchShape(ctx, ctx.data, l);
  return matrix(ctx.L, { quantity: key, layer: l }, shape, values, `batch.${key}[${l}]`);
}

/** Layer l's W or b (as after the step, or `before` it from the frame's prevParams). */
export function paramMatrix(
  ctx: EquationContext,
  kind: ParamKind,
  l: number,
  when?: 'before' | 'after',
): MatrixModel | null {
  const which = when === 'before' ? 'prevParams' : 'params';
  const params = ctx.data?.frame[which]?.[l];
  if (!ctx.data || !params) return null;
  const term: Term = when ? { quantity: kind, layer: l, when } : { quantity: kind, layer: l };
  return matrix(ctx.L, term, paramShape(ctx, ctx.data, kind, l), params[kind], `${which}[${l}].${kind}`);
}

/** Layer l's gradient dW or db. */
export function gradMatrix(ctx: EquationContext, kind: ParamKind, l: number): MatrixModel | null {
  const batch = ctx.data?.frame.batch;
  const values = kind === 'W' ? batch?.dW[l] : batch?.db[l];
  if (!ctx.data || !values) return null;
  const quantity = kind === 'W' ? 'dW' : 'db';
  const shape = paramShape(ctx, ctx.data, kind, l);
  return matrix(ctx.L, { quantity, layer: l }, shape, values, `batch.${quantity}[${l}]`);
}

function paramShape(ctx: EquationContext, data: FrameData, kind: ParamKind, l: number) {
  const cols = ctx.sizes[l + 1];
  return kind === 'W'
    ? { rows: ctx.sizes[l], cols, rowAxis: unitsAxis(data, l - 1), colAxis: unitsAxis(data, l) }
    : { rows: 1, cols, rowAxis: ONE_AXIS, colAxis: unitsAxis(data, l) };
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

/** The matrix f′(Z(l)), derived from the frame's Z(l) and A(l). */
export function derivativeMatrix(ctx: EquationContext, l: number): MatrixModel | null {
  const batch = ctx.data?.frame.batch;
  const Z = batch?.Z[l];
  const A = batch?.A[l];
  if (!ctx.data || !Z || !A) return null;
  const act = ctx.activations[l];
  const shape = batchShape(ctx, ctx.data, l);
  return matrix(
    ctx.L,
    { quantity: 'fprime', layer: l },
    shape,
    activationDerivative(act, Z, A),
    `derived: ${act}′ from batch.Z[${l}] and batch.A[${l}]`,
  );
}
