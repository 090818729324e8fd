/**
 * The update phase: the optimizer's rule (with the run's hyperparameters for the inspector, in
 * general form for the status line), one equation per W and b, and one parameter before → after.
 */
import type { OptimizerKind } from '../../engine';
import type { RunConfig } from '../../model/config';
import type { Frame, ParamKind } from '../../worker/protocol';
import {
  equation,
  gradMatrix,
  paramMatrix,
  shapeTerm,
  type EquationContext,
  type EquationModel,
} from './equationModel';
import { formatValue, shapeOf, termName, termTex } from './notation';

export interface UpdateRule {
  optimizer: RunConfig['optimizer'];
  learningRate: number;
  /** The rule in TeX and in words, with the current hyperparameters. */
  tex: string;
  text: string;
  regularization: RunConfig['regularization'];
  regularizationRate: number;
}

/** The names one optimizer step of a parameter is written with: "dW1", "v(W1)", … or "dW", "v", … */
interface StepSymbols {
  gradient: string;
  velocity: string;
  mHat: string;
  vHat: string;
}

/** What the parameter moves along, times α: the gradient, the velocity, or Adam's m̂ / (√v̂ + ε). */
function stepWords(optimizer: OptimizerKind, s: StepSymbols): string {
  switch (optimizer) {
    case 'sgd':
      return s.gradient;
    case 'momentum':
      return s.velocity;
    case 'adam':
      return `${s.mHat} / (√${s.vHat} + ε)`;
  }
}

/**
 * The rule in general form, as the status line says it: "W ← W − α · dW for every layer, α = 0.1".
 * The same step words as each parameter's equation in `updateEquations`.
 */
export function spokenUpdateRule(optimizer: OptimizerKind, learningRate?: number): string {
  const step = stepWords(optimizer, { gradient: 'dW', velocity: 'v', mHat: 'm̂', vHat: 'v̂' });
  const velocity = optimizer === 'momentum' ? 'v ← β · v + dW, ' : '';
  const lr = learningRate !== undefined ? `, α = ${formatValue(learningRate)}` : '';
  return `${velocity}W ← W − α · ${step} for every layer${lr}`;
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

/** One equation per parameter: before, its gradient, after. */
export function updateEquations(
  ctx: EquationContext,
  config: Pick<RunConfig, 'optimizer' | 'learningRate'>,
): EquationModel[] {
  const out: EquationModel[] = [];
  const { optimizer } = config;
  for (let l = 0; l < ctx.L; l++) {
    for (const kind of ['W', 'b'] as const) {
      const param = { quantity: kind, layer: l };
      const grad = { quantity: kind === 'W' ? ('dW' as const) : ('db' as const), layer: l };
      const name = termName(param, ctx.L);
      const pTex = termTex(param, ctx.L);
      const rows = kind === 'W' ? ctx.sizes[l] : 1;
      const cols = ctx.sizes[l + 1];
      const stepText = stepWords(optimizer, {
        gradient: termName(grad, ctx.L),
        velocity: `v(${name})`,
        mHat: `m̂(${name})`,
        vHat: `v̂(${name})`,
      });
      const stepTex =
        optimizer === 'sgd'
          ? termTex(grad, ctx.L)
          : optimizer === 'momentum'
            ? `v_{${pTex}}`
            : `\\frac{\\hat{m}_{${pTex}}}{\\sqrt{\\hat{v}_{${pTex}}} + \\epsilon}`;
      const text = `${name} ← ${name} − α · ${stepText}`;
      const shapeText = `${shapeOf(rows, cols)} − α·${shapeOf(rows, cols)} → ${shapeOf(rows, cols)}`;
      out.push(
        equation({
          id: `update-${name}`,
          text,
          spoken: `${text}, ${shapeText}`,
          tex: `${pTex} \\leftarrow ${pTex} - \\alpha\\,${stepTex}`,
          operands: [shapeTerm(ctx, param, rows, cols), shapeTerm(ctx, grad, rows, cols)],
          result: shapeTerm(ctx, param, rows, cols),
          shapeText,
          matrices: [
            paramMatrix(ctx, kind, l, 'before'),
            gradMatrix(ctx, kind, l),
            paramMatrix(ctx, kind, l, 'after'),
          ],
          operators: ['−α·', '→'],
          explanation:
            kind === 'W'
              ? `Every weight moves a small step against its gradient (α = ${formatValue(config.learningRate)}).`
              : 'Biases move the same way (they are never regularized).',
        }),
      );
    }
  }
  return out;
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
