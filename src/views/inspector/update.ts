/**
 * The update phase: the optimizer's rule (with the run's hyperparameters for the inspector, in
 * general form for the status line), one equation per W and b, and one parameter before → after.
 */
import { normalizeOptimizerConfig, type OptimizerKind } from '../../engine';
import { optimizerConfigOf, type RunConfig } from '../../model/config';
import type { Frame, LayerParams, OptimizerSlot, ParamKind } from '../../worker/protocol';
import {
  equation,
  gradMatrix,
  matrix,
  paramMatrix,
  shapeTerm,
  type EquationContext,
  type EquationModel,
  type MatrixModel,
} from './equationModel';
import { formatValue } from '../../model/format';
import { shapeOf, termName, termTex, type Term, type UpdateQuantity } from './notation';

/**
 * Several update equations one under the other (TeX `gathered`): side by side, Adam's rule and a
 * parameter's m̂, v̂, ΔW, W chain ran past the card's edge at 1280 and 1440 px.
 */
export function stackedTex(lines: readonly string[]): string {
  return lines.length === 1 ? lines[0] : `\\begin{gathered}${lines.join(' \\\\ ')}\\end{gathered}`;
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

/**
 * The rule in general form, as the status line says it, with the regularization the optimizer adds to
 * the weights' gradient: "g = dW + λ·W (L2, λ = 0.001), v ← β · v + g, W ← W − α · v for every
 * layer, α = 0.1". Plain SGD without a penalty: "W ← W − α · dW for every layer, α = 0.1".
 */
export function spokenUpdateRule(
  optimizer: OptimizerKind,
  learningRate?: number,
  regularization: RunConfig['regularization'] = 'none',
  regularizationRate?: number,
): string {
  const lambda = regularizationRate !== undefined ? `, λ = ${formatValue(regularizationRate)}` : '';
  const penalty =
    regularization === 'l2'
      ? `g = dW + λ·W (L2${lambda}, biases not regularized), `
      : regularization === 'l1'
        ? `g = dW + λ·sign(W) (L1${lambda}, biases not regularized), `
        : '';
  const g = regularization === 'none' ? 'dW' : 'g';
  const rule =
    optimizer === 'sgd'
      ? `W ← W − α · ${g}`
      : optimizer === 'momentum'
        ? `v ← β · v + ${g}, W ← W − α · v`
        : `m ← β₁·m + (1 − β₁)·${g}, v ← β₂·v + (1 − β₂)·${g}², W ← W − α · m̂ / (√v̂ + ε)`;
  const lr = learningRate !== undefined ? `, α = ${formatValue(learningRate)}` : '';
  return `${penalty}${rule} for every layer${lr}`;
}

/** The rule with the run's hyperparameters and regularization, in TeX and words. */
export function updateRule(config: RunConfig): UpdateRule {
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
      tex = stackedTex([
        `v \\leftarrow ${formatValue(config.beta)}\\,v + ${gTex}`,
        `W \\leftarrow W - ${lr}\\,v`,
      ]);
      text = `v ← ${formatValue(config.beta)} · v + ${gText}; W ← W − ${lr} · v`;
      break;
    case 'adam': {
      const b1 = formatValue(config.beta1);
      const b2 = formatValue(config.beta2);
      tex = stackedTex([
        `g = ${gTex}`,
        `m \\leftarrow ${b1}\\,m + (1 - ${b1})\\,g`,
        `v \\leftarrow ${b2}\\,v + (1 - ${b2})\\,g^2`,
        `W \\leftarrow W - ${lr}\\,\\frac{m / (1 - ${b1}^t)}{\\sqrt{v / (1 - ${b2}^t)} + 10^{-8}}`,
      ]);
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

/** The update's settings: the optimizer, its hyperparameters and the penalty. */
export type UpdateSettings = Pick<
  RunConfig,
  'optimizer' | 'learningRate' | 'beta' | 'beta1' | 'beta2' | 'regularization' | 'regularizationRate'
>;

/** ε of Adam's denominator: the engine's own (not a setting of the app). */
function adamEpsilon(settings: UpdateSettings): number {
  return normalizeOptimizerConfig(optimizerConfigOf(settings as RunConfig)).epsilon;
}

/** The penalty the optimizer adds to a weight's gradient (never to a bias's): λ·w (L2), λ·sign(w) (L1). */
export function penaltyOf(settings: UpdateSettings, kind: ParamKind, w: number): number {
  if (kind === 'b') return 0;
  const lambda = settings.regularizationRate;
  return settings.regularization === 'l2'
    ? lambda * w
    : settings.regularization === 'l1'
      ? lambda * Math.sign(w)
      : 0;
}

/** Layer l's slot (velocity, m or v) for W or b from the update frame, or null when absent. */
function slotOf(frame: Frame, name: OptimizerSlot['name'], l: number, kind: ParamKind): Float32Array | null {
  const slot = frame.optimizerSlots?.find((s) => s.name === name);
  const params: LayerParams | undefined = slot?.params[l];
  return params ? params[kind] : null;
}

/** Adam's bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ for the frame's t; null without t. */
function adamCorrections(frame: Frame, settings: UpdateSettings): { c1: number; c2: number } | null {
  const t = frame.optimizerT;
  if (t === undefined || t < 1) return null;
  return { c1: 1 - settings.beta1 ** t, c2: 1 - settings.beta2 ** t };
}

/**
 * One equation per parameter, the step actually taken, matrix by matrix: the parameter before, its
 * data gradient, the gradient the optimizer uses (with the penalty, for regularized weights), the
 * optimizer's state (velocity; Adam's m̂ and v̂), the step ΔW = after − before, and the parameter after.
 */
export function updateEquations(ctx: EquationContext, settings: UpdateSettings): EquationModel[] {
  const out: EquationModel[] = [];
  const { optimizer, regularization } = settings;
  const frame = ctx.data?.frame ?? null;
  for (let l = 0; l < ctx.L; l++) {
    for (const kind of ['W', 'b'] as const) {
      const param: Term = { quantity: kind, layer: l };
      const grad: Term = { quantity: kind === 'W' ? 'dW' : 'db', layer: l };
      const of = (quantity: UpdateQuantity): Term => ({ quantity, layer: l, of: kind });
      const name = termName(param, ctx.L);
      const pTex = termTex(param, ctx.L);
      const rows = kind === 'W' ? ctx.sizes[l] : 1;
      const cols = ctx.sizes[l + 1];
      const penalized = kind === 'W' && regularization !== 'none';
      const gTerm = penalized ? of('g') : grad;
      const gName = termName(gTerm, ctx.L);
      const gTex = termTex(gTerm, ctx.L);
      const dName = termName(of('delta'), ctx.L);
      const dTex = termTex(of('delta'), ctx.L);
      const lambdaText = formatValue(settings.regularizationRate);

      const steps: string[] = [];
      const texSteps: string[] = [];
      if (penalized) {
        const pen = regularization === 'l2' ? `λ·${name}` : `λ·sign(${name})`;
        steps.push(`${gName} = ${termName(grad, ctx.L)} + ${pen} (λ = ${lambdaText})`);
        texSteps.push(
          `${gTex} = ${termTex(grad, ctx.L)} + \\lambda\\,${regularization === 'l2' ? pTex : `\\operatorname{sign}(${pTex})`}`,
        );
      }
      const stateTerms: Term[] = [];
      if (optimizer === 'sgd') {
        steps.push(`${dName} = −α · ${gName}`);
        texSteps.push(`${dTex} = -\\alpha\\,${gTex}`);
      } else if (optimizer === 'momentum') {
        const v = termName(of('velocity'), ctx.L);
        const vTex = termTex(of('velocity'), ctx.L);
        stateTerms.push(of('velocity'));
        steps.push(`${v} ← β · ${v} + ${gName}`, `${dName} = −α · ${v}`);
        texSteps.push(`${vTex} \\leftarrow \\beta\\,${vTex} + ${gTex}`, `${dTex} = -\\alpha\\,${vTex}`);
      } else {
        const m = termName(of('mHat'), ctx.L);
        const v = termName(of('vHat'), ctx.L);
        const mTex = termTex(of('mHat'), ctx.L);
        const vTex = termTex(of('vHat'), ctx.L);
        stateTerms.push(of('mHat'), of('vHat'));
        steps.push(
          `${m} = m / (1 − β₁ᵗ), ${v} = v / (1 − β₂ᵗ) of ${gName}`,
          `${dName} = −α · ${m} / (√${v} + ε)`,
        );
        texSteps.push(
          `${mTex} = \\frac{m}{1 - \\beta_1^t},\\ ${vTex} = \\frac{v}{1 - \\beta_2^t}`,
          `${dTex} = -\\alpha\\,\\frac{${mTex}}{\\sqrt{${vTex}} + \\epsilon}`,
        );
      }
      steps.push(`${name} ← ${name} + ${dName}`);
      texSteps.push(`${pTex} \\leftarrow ${pTex} + ${dTex}`);
      const text = steps.join('; ');
      const shape = shapeOf(rows, cols);
      const shapeText = `${shape} → ${shape}`;

      const matrices: (MatrixModel | null)[] = [
        paramMatrix(ctx, kind, l, 'before'),
        gradMatrix(ctx, kind, l),
      ];
      if (penalized) matrices.push(frame && penalizedGradient(ctx, frame, settings, l));
      // A frame without the optimizer's state (from a worker that does not send it) draws the rest.
      if (frame?.optimizerSlots)
        for (const t of stateTerms) matrices.push(stateMatrix(ctx, frame, settings, t, l, kind));
      matrices.push(frame && stepMatrix(ctx, frame, l, kind), paramMatrix(ctx, kind, l, 'after'));
      out.push(
        equation({
          id: `update-${name}`,
          text,
          spoken: `${text}, ${shapeText}`,
          tex: stackedTex(texSteps),
          operands: [
            shapeTerm(ctx, { ...param, when: 'before' }, rows, cols),
            shapeTerm(ctx, grad, rows, cols),
            ...(penalized ? [shapeTerm(ctx, gTerm, rows, cols)] : []),
            ...stateTerms.map((t) => shapeTerm(ctx, t, rows, cols)),
            shapeTerm(ctx, of('delta'), rows, cols),
          ],
          result: shapeTerm(ctx, { ...param, when: 'after' }, rows, cols),
          shapeText,
          matrices,
          // "W before, dW → g → v → ΔW → W after": each arrow is one line of the rule above.
          operators: matrices.slice(1).map((_, i) => (i === 0 ? ',' : '→')),
          explanation: explanationOf(settings, kind),
        }),
      );
    }
  }
  return out;
}

function explanationOf(settings: UpdateSettings, kind: ParamKind): string {
  const lr = formatValue(settings.learningRate);
  const move =
    settings.optimizer === 'sgd'
      ? `Every ${kind === 'W' ? 'weight' : 'bias'} moves against its gradient, scaled by α = ${lr}.`
      : settings.optimizer === 'momentum'
        ? `The step follows the velocity v (β = ${formatValue(settings.beta)} times the last velocity plus this gradient), times −α = −${lr}: not this step's gradient alone.`
        : `Adam divides the running mean of the gradient by the root of its running square (both bias-corrected), times −α = −${lr}: every parameter gets its own step size.`;
  const penalty =
    kind === 'b'
      ? ' Biases are never regularized.'
      : settings.regularization === 'none'
        ? ''
        : ` The ${settings.regularization.toUpperCase()} penalty (λ = ${formatValue(settings.regularizationRate)}) is added to the gradient first.`;
  return `${move}${penalty} ΔW is the step taken: after − before.`;
}

/** The matrix shape of layer l's W or b. */
function paramShapeOf(ctx: EquationContext, l: number, kind: ParamKind) {
  const shape = paramMatrix(ctx, kind, l, 'after');
  return shape && { rows: shape.rows, cols: shape.cols, rowAxis: shape.rowAxis, colAxis: shape.colAxis };
}

/** g = dW + λ·W (L2) or dW + λ·sign(W) (L1), from the frame's dW and W before the step. */
function penalizedGradient(
  ctx: EquationContext,
  frame: Frame,
  settings: UpdateSettings,
  l: number,
): MatrixModel | null {
  const dW = frame.batch?.dW[l];
  const before = frame.prevParams?.[l]?.W;
  const shape = paramShapeOf(ctx, l, 'W');
  if (!dW || !before || !shape) return null;
  const g = new Float64Array(dW.length);
  for (let i = 0; i < g.length; i++) g[i] = dW[i] + penaltyOf(settings, 'W', before[i]);
  const rule = settings.regularization === 'l2' ? 'λ·W' : 'λ·sign(W)';
  return matrix(
    ctx.L,
    { quantity: 'g', layer: l, of: 'W' },
    shape,
    g,
    `derived: batch.dW[${l}] + ${rule} of prevParams[${l}].W`,
  );
}

/** The velocity (as the frame carries it), or Adam's m̂ / v̂ (bias-corrected from m, v and t). */
function stateMatrix(
  ctx: EquationContext,
  frame: Frame,
  settings: UpdateSettings,
  term: Term,
  l: number,
  kind: ParamKind,
): MatrixModel | null {
  const shape = paramShapeOf(ctx, l, kind);
  if (!shape) return null;
  if (term.quantity === 'velocity') {
    const v = slotOf(frame, 'velocity', l, kind);
    return v && matrix(ctx.L, term, shape, v, `optimizerSlots.velocity[${l}].${kind}`);
  }
  const slotName = term.quantity === 'mHat' ? 'm' : 'v';
  const raw = slotOf(frame, slotName, l, kind);
  const corrections = adamCorrections(frame, settings);
  if (!raw || !corrections) return null;
  const c = slotName === 'm' ? corrections.c1 : corrections.c2;
  const hat = Float64Array.from(raw, (x) => x / c);
  return matrix(
    ctx.L,
    term,
    shape,
    hat,
    `derived: optimizerSlots.${slotName}[${l}].${kind} / (1 − β${slotName === 'm' ? '₁' : '₂'}^t)`,
  );
}

/** ΔW = W after − W before, from the frame's two copies: the step actually taken. */
function stepMatrix(ctx: EquationContext, frame: Frame, l: number, kind: ParamKind): MatrixModel | null {
  const before = frame.prevParams?.[l]?.[kind];
  const after = frame.params[l]?.[kind];
  const shape = paramShapeOf(ctx, l, kind);
  if (!before || !after || !shape) return null;
  const delta = Float64Array.from(after, (a, i) => a - before[i]);
  return matrix(
    ctx.L,
    { quantity: 'delta', layer: l, of: kind },
    shape,
    delta,
    `derived: params[${l}].${kind} − prevParams[${l}].${kind}`,
  );
}

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
  /** after − before: the step taken. */
  delta: number;
  /** The step as the rule computes it from the frame's numbers (agrees with delta to float32 precision); null without the optimizer's state. */
  ruleStep: number | null;
  /** The arithmetic, line by line: the penalty, the optimizer's state, the step, the new value. */
  lines: string[];
}

/** Before → after of one parameter in the update phase, with the frame's numbers and the rule's. */
export function paramUpdate(
  frame: Frame,
  settings: UpdateSettings,
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
  const penalty = penaltyOf(settings, kind, before);
  const effectiveGradient = gradient + penalty;
  const name =
    kind === 'W'
      ? `W${layer + 1}[${Math.floor(index / units) + 1},${(index % units) + 1}]`
      : `b${layer + 1}[${index + 1}]`;
  const f = formatValue;
  const fp = (v: number) => (v < 0 ? `(${f(v)})` : f(v));
  const lr = f(settings.learningRate);
  const lines: string[] = [];
  const d = kind === 'W' ? 'dW' : 'db';
  let g = d;
  if (kind === 'W' && settings.regularization !== 'none') {
    g = 'g';
    const pen =
      settings.regularization === 'l2'
        ? `λ·W = ${f(gradient)} + ${f(settings.regularizationRate)} · ${fp(before)}`
        : `λ·sign(W) = ${f(gradient)} + ${f(settings.regularizationRate)} · ${Math.sign(before)}`;
    lines.push(`g = dW + ${pen} = ${f(effectiveGradient)}`);
  }
  let ruleStep: number | null = null;
  if (settings.optimizer === 'sgd') {
    ruleStep = -settings.learningRate * effectiveGradient;
    lines.push(`Δ = −α · ${g} = −${lr} · ${fp(effectiveGradient)} = ${f(ruleStep)}`);
  } else if (settings.optimizer === 'momentum') {
    const v = slotOf(frame, 'velocity', layer, kind)?.[index];
    if (v !== undefined) {
      ruleStep = -settings.learningRate * v;
      lines.push(`v ← β · v + ${g} = ${f(v)} (after this step, β = ${f(settings.beta)})`);
      lines.push(`Δ = −α · v = −${lr} · ${fp(v)} = ${f(ruleStep)}`);
    }
  } else {
    const m = slotOf(frame, 'm', layer, kind)?.[index];
    const v = slotOf(frame, 'v', layer, kind)?.[index];
    const c = adamCorrections(frame, settings);
    if (m !== undefined && v !== undefined && c) {
      const mHat = m / c.c1;
      const vHat = v / c.c2;
      const eps = adamEpsilon(settings);
      ruleStep = (-settings.learningRate * mHat) / (Math.sqrt(vHat) + eps);
      lines.push(`m = ${f(m)}, v = ${f(v)}, t = ${frame.optimizerT}`);
      lines.push(`m̂ = m / (1 − β₁ᵗ) = ${f(mHat)}, v̂ = v / (1 − β₂ᵗ) = ${f(vHat)}`);
      lines.push(
        `Δ = −α · m̂ / (√v̂ + ε) = −${lr} · ${fp(mHat)} / (${f(Math.sqrt(vHat))} + ${f(eps)}) = ${f(ruleStep)}`,
      );
    }
  }
  lines.push(`${name} ← ${f(before)} + ${fp(after - before)} = ${f(after)}`);
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
    ruleStep,
    lines,
  };
}
