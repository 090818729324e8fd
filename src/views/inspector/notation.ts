/**
 * The inspector's notation, defined once: which quantity a matrix or operand is (a typed `Term`),
 * and how the seed article writes it, in plain text and in TeX; the words for activations, their
 * derivatives and the losses; shapes; and the worked chain rule's cell names, f′ rules and arithmetic (numbers: model/format.ts).
 *
 * Layer l (0-based, as in the frame and the engine) is written l + 1: Z[0] is Z1. A₀ is X and the
 * output layer's A is ŷ.
 */
import { LEAKY_SLOPE, type Activation, type LossKind } from '../../engine';
import { OUTPUTS, type RunConfig } from '../../model/config';
import { formatDigits } from '../../model/format';

/** The quantities the inspector shows. */
export type Quantity =
  | 'X'
  | 'Y'
  | 'Z'
  | 'A'
  | 'dZ'
  | 'dA'
  | 'W'
  | 'b'
  | 'dW'
  | 'db'
  /** f′(Z) of a layer, which the engine folds into dZ. */
  | 'fprime'
  /** Each example's term of the batch loss. */
  | 'lossTerms'
  /** The batch loss itself. */
  | 'L'
  /** The update phase, per parameter (`of`): the gradient the optimizer uses (data gradient + penalty), */
  | 'g'
  /** momentum's velocity, Adam's bias-corrected moments, */
  | 'velocity'
  | 'mHat'
  | 'vHat'
  /** and the step taken, after − before. */
  | 'delta';

/** The update phase's quantities, each about one parameter (W or b) of a layer. */
export type UpdateQuantity = 'g' | 'velocity' | 'mHat' | 'vHat' | 'delta';

const UPDATE_QUANTITIES: readonly Quantity[] = ['g', 'velocity', 'mHat', 'vHat', 'delta'];

export function isUpdateQuantity(q: Quantity): q is UpdateQuantity {
  return UPDATE_QUANTITIES.includes(q);
}

/** One quantity of one layer: what a matrix, an operand or a result is, as typed fields. */
export interface Term {
  quantity: Quantity;
  /**
   * The 0-based weight layer. X is layer −1 (the activation before layer 0); y, the loss and its
   * per-example terms belong to the output layer, L − 1.
   */
  layer: number;
  /** Shown transposed (Aᵀ, Wᵀ). */
  transposed?: boolean;
  /** A parameter in the update phase: its value before or after the step. */
  when?: 'before' | 'after';
  /** One example's part of it (its batch row), as "Follow one example" shows. */
  example?: number;
  /** For the update quantities: the parameter they belong to. */
  of?: 'W' | 'b';
}

const UPDATE_NAMES: Record<UpdateQuantity, (param: string) => string> = {
  g: (p) => `g(${p})`,
  velocity: (p) => `v(${p})`,
  mHat: (p) => `m̂(${p})`,
  vHat: (p) => `v̂(${p})`,
  delta: (p) => `Δ${p}`,
};

const UPDATE_TEX: Record<UpdateQuantity, (param: string) => string> = {
  g: (p) => `g_{${p}}`,
  velocity: (p) => `v_{${p}}`,
  mHat: (p) => `\\hat{m}_{${p}}`,
  vHat: (p) => `\\hat{v}_{${p}}`,
  delta: (p) => `\\Delta ${p}`,
};

/** The activation of layer l as a term: X for l = −1. */
export function activationTerm(l: number): Term {
  return l < 0 ? { quantity: 'X', layer: -1 } : { quantity: 'A', layer: l };
}

/** Whether a term is a weight layer's parameter or its gradient, the things the update explains. */
export function isParamTerm(term: Term): term is Term & { quantity: 'W' | 'b' | 'dW' | 'db' } {
  return term.quantity === 'W' || term.quantity === 'b' || term.quantity === 'dW' || term.quantity === 'db';
}

/** The parameter (W or b of its layer) a term is about, or null for batch quantities. */
export function paramKindOf(term: Term): 'W' | 'b' | null {
  if (isUpdateQuantity(term.quantity)) return term.of ?? null;
  if (term.quantity === 'W' || term.quantity === 'dW') return 'W';
  if (term.quantity === 'b' || term.quantity === 'db') return 'b';
  return null;
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

type LayerSymbol = 'Z' | 'W' | 'b' | 'dZ' | 'dA' | 'dW' | 'db';

/** Name of a per-layer quantity: ("Z", 0) → "Z1". */
export function layerName(symbol: LayerSymbol, l: number): string {
  return `${symbol}${l + 1}`;
}

/** Gradients are written with an upright d: dW is \mathrm{d}W in TeX. */
const LAYER_SYMBOL_TEX: Record<LayerSymbol, string> = {
  Z: 'Z',
  W: 'W',
  b: 'b',
  dZ: '\\mathrm{d}Z',
  dA: '\\mathrm{d}A',
  dW: '\\mathrm{d}W',
  db: '\\mathrm{d}b',
};

export function layerTex(symbol: LayerSymbol, l: number): string {
  return `${LAYER_SYMBOL_TEX[symbol]}_{${l + 1}}`;
}

/** A term's plain name in a network of L weight layers: "Z1", "ŷ", "A1ᵀ", "W2 before". */
export function termName(term: Term, L: number): string {
  const { quantity: q, layer: l } = term;
  if (isUpdateQuantity(q)) return UPDATE_NAMES[q](layerName(term.of ?? 'W', l));
  const base =
    q === 'X' || q === 'A'
      ? activationName(l, L)
      : q === 'Y'
        ? 'y'
        : q === 'fprime'
          ? `f′(${layerName('Z', l)})`
          : q === 'lossTerms'
            ? 'ℓᵢ'
            : q === 'L'
              ? 'L'
              : layerName(q, l);
  return base + (term.transposed ? 'ᵀ' : '') + (term.when ? ` ${term.when}` : '');
}

/** The same in TeX. */
export function termTex(term: Term, L: number): string {
  const { quantity: q, layer: l } = term;
  if (isUpdateQuantity(q)) return UPDATE_TEX[q](layerTex(term.of ?? 'W', l));
  const base =
    q === 'X' || q === 'A'
      ? activationTex(l, L)
      : q === 'Y'
        ? 'y'
        : q === 'fprime'
          ? `f'(${layerTex('Z', l)})`
          : q === 'lossTerms'
            ? '\\ell_i'
            : q === 'L'
              ? 'L'
              : layerTex(q, l);
  return base + (term.transposed ? '^{\\top}' : '') + (term.when ? `^{\\text{${term.when}}}` : '');
}

export const ACTIVATION_TEX: Record<Activation, string> = {
  relu: '\\operatorname{ReLU}',
  'leaky-relu': '\\operatorname{LeakyReLU}',
  tanh: '\\tanh',
  sigmoid: '\\sigma',
  linear: '\\operatorname{id}',
  softmax: '\\operatorname{softmax}',
};

/** An activation as the inspector writes it (σ) … */
export const ACTIVATION_WORDS: Record<Activation, string> = {
  relu: 'ReLU',
  'leaky-relu': 'leaky ReLU',
  tanh: 'tanh',
  sigmoid: 'σ',
  linear: 'identity',
  softmax: 'softmax',
};

/** … and as the status line says it to a screen reader ("sigmoid", not a Greek letter). */
export const ACTIVATION_SPOKEN: Record<Activation, string> = { ...ACTIVATION_WORDS, sigmoid: 'sigmoid' };

export const LOSS_LABELS: Record<LossKind, string> = {
  bce: 'binary cross-entropy',
  mse: 'squared error',
  'cross-entropy': 'cross-entropy',
};

export const LOSS_TEX: Record<LossKind, string> = {
  bce: 'L = -\\frac{1}{n}\\sum_{i}\\left[y_i \\log \\hat{y}_i + (1 - y_i)\\log(1 - \\hat{y}_i)\\right]',
  mse: 'L = \\frac{1}{2n}\\sum_{i,j}\\left(\\hat{y}_{ij} - y_{ij}\\right)^2',
  'cross-entropy': 'L = -\\frac{1}{n}\\sum_{i,j} y_{ij}\\log \\hat{y}_{ij}',
};

/** The activations of each layer, as a config trains them. */
export function layerActivations(
  config: Pick<RunConfig, 'hiddenLayers' | 'activation' | 'output'>,
  L: number,
): Activation[] {
  const out = OUTPUTS[config.output].activation;
  return Array.from({ length: L }, (_, l) => (l === L - 1 ? out : config.activation));
}

/**
 * f′ of layer l's activation, in terms of its Z or A (whichever the engine uses; the output's A is
 * ŷ): written (`text`), in TeX, and in the status line's words (`spoken`).
 */
export function derivativeFormula(
  activation: Activation,
  l: number,
  L: number,
): { text: string; tex: string; spoken: string } {
  const z = layerName('Z', l);
  const zt = layerTex('Z', l);
  const a = activationName(l, L);
  const at = activationTex(l, L);
  switch (activation) {
    case 'relu':
      return { text: `1[${z} > 0]`, tex: `\\mathbb{1}[${zt} > 0]`, spoken: `1 where ${z} > 0, else 0` };
    case 'leaky-relu': {
      const text = `1 where ${z} > 0, else ${LEAKY_SLOPE}`;
      return {
        text,
        tex: `\\mathbb{1}[${zt} > 0] + ${LEAKY_SLOPE}\\,\\mathbb{1}[${zt} \\le 0]`,
        spoken: text,
      };
    }
    case 'tanh':
      return { text: `1 − ${a}²`, tex: `1 - ${at}^{\\odot 2}`, spoken: `1 − ${a}²` };
    case 'sigmoid':
      return { text: `${a} ⊙ (1 − ${a})`, tex: `${at} \\odot (1 - ${at})`, spoken: `${a} ⊙ (1 − ${a})` };
    case 'linear':
      return { text: '1', tex: '1', spoken: '1' };
    case 'softmax':
      return {
        text: '(folded into the loss)',
        tex: '\\text{(folded into the loss)}',
        spoken: 'folded into the loss',
      };
  }
}

/** "(10×2)" */
export function shapeOf(rows: number, cols: number): string {
  return `(${rows}×${cols})`;
}

/** A number inside arithmetic: negative numbers in parentheses, so "0.4 · (−0.2)" reads right. */
export function formatOperand(v: number): string {
  const s = formatDigits(v);
  return v < 0 ? `(${s})` : s;
}

/** How many terms of a sum are written out before "+ …". */
export const SHOWN_TERMS = 4;

/** "a + b + c + … (7 more)" from the written terms and the number left out. */
export function joinSum(terms: string[], total: number): string {
  const shown = terms.slice(0, SHOWN_TERMS).join(' + ');
  const more = total - Math.min(total, SHOWN_TERMS);
  return more > 0 ? `${shown} + … (${more} more)` : shown;
}

/** Names with 1-based example and unit indices, as the matrices label rows and columns. */
export function cellNamer(L: number) {
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

/** f′ in symbols, in terms of the activation's output `a` where that is how it is computed. */
export function derivativeRule(act: Activation, a: string): string {
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

/** f′ with the numbers in, as the worked example prints it next to `derivativeRule`. */
export function derivativeArithmetic(act: Activation, a: number, z: number): string {
  switch (act) {
    case 'sigmoid':
      return `${formatOperand(a)} · (1 − ${formatOperand(a)})`;
    case 'tanh':
      return `1 − ${formatOperand(a)}²`;
    case 'relu':
    case 'leaky-relu':
      return `z = ${formatDigits(z)}`;
    case 'linear':
      return '1';
    case 'softmax':
      return '';
  }
}
