/**
 * The engine contract (see docs/DESIGN.md, "The engine contract"). Other parts
 * of the app and outside tools rely on these shapes: extend, don't break.
 *
 * Notation follows the seed article: layer `l` (0-based here) is layer `l+1` in
 * the UI, so `Z[0]` is Z1, `A[L-1]` is ŷ. Matrices are row-major Float64Array:
 * `X` is n × inputSize, `W[l]` is fanIn × units, so `Z = A_prev · W + b`.
 */
import type { Rng } from './random';

export type Activation = 'relu' | 'leaky-relu' | 'tanh' | 'sigmoid' | 'linear' | 'softmax';
export type LossKind = 'bce' | 'mse' | 'cross-entropy';
export type InitKind = 'small' | 'xavier' | 'he';

export const ACTIVATIONS: readonly Activation[] = [
  'relu',
  'leaky-relu',
  'tanh',
  'sigmoid',
  'linear',
  'softmax',
];
export const LOSSES: readonly LossKind[] = ['bce', 'mse', 'cross-entropy'];
export const INITS: readonly InitKind[] = ['small', 'xavier', 'he'];

export interface LayerSpec {
  units: number;
  activation: Activation;
}

export interface InitSpec {
  kind: InitKind;
  /** Only for 'small': the weights are randn × scale (the seed article uses 0.01). */
  scale?: number;
}

export interface MLPSpec {
  inputSize: number;
  /** Hidden layers then the output layer; at least one entry. */
  layers: LayerSpec[];
  loss: LossKind;
  /** Defaults to { kind: 'small', scale: 0.01 } as in the seed article. */
  init?: InitKind | InitSpec;
  /** Seed for the initial weights (ignored when `rng` is given). Defaults to 0. */
  seed?: number;
  /** A generator to draw the initial weights from; takes precedence over `seed`. */
  rng?: Rng;
}

export interface Layer {
  readonly fanIn: number;
  readonly units: number;
  readonly activation: Activation;
  /** W[l]: fanIn × units, row-major; column j holds the weights into neuron j. */
  readonly W: Float64Array;
  /** b[l]: 1 × units. */
  readonly b: Float64Array;
}

/** What the forward pass caches for the backward pass (and for the UI). */
export interface ForwardPass {
  readonly n: number;
  /** The input batch X, n × inputSize (the caller's array, not copied). */
  readonly X: Float64Array;
  /** Z[l] = A[l−1]·W[l] + b[l], n × units[l]. */
  readonly Z: Float64Array[];
  /** A[l] = f(Z[l]), n × units[l]; A[L−1] is ŷ. */
  readonly A: Float64Array[];
}

export interface BackwardPass {
  /** The data loss (batch mean, no regularization term). */
  loss: number;
  /** dZ[l] = ∂L/∂Z[l], n × units[l]. dZ[L−1] = (ŷ − y)/n for the matched output/loss pairs. */
  readonly dZ: Float64Array[];
  /** dW[l] = A[l−1]ᵀ · dZ[l], fanIn × units[l]. */
  readonly dW: Float64Array[];
  /** db[l] = Σ_rows dZ[l], 1 × units[l]. */
  readonly db: Float64Array[];
  /** dA[l] = ∂L/∂A[l] = dZ[l+1] · W[l+1]ᵀ, n × units[l], for l < L−1 (the hidden layers). */
  readonly dA: Float64Array[];
}

/**
 * Deliberate faults for teaching: the gradient check should catch them.
 * `dropActivationDerivative: l` (a hidden layer, l < L−1) computes dZ[l] = dA[l] instead of
 * dA[l] ⊙ f′(Z[l]), the classic bug of forgetting the activation derivative.
 */
export interface BackwardFaults {
  dropActivationDerivative?: number;
}

export interface MLP {
  readonly spec: Readonly<Omit<MLPSpec, 'rng'>>;
  readonly inputSize: number;
  readonly layers: readonly Layer[];
  readonly loss: LossKind;
  /** Number of trainable parameters. */
  readonly parameterCount: number;
  /** Full forward pass. The returned buffers are reused by the next call with the same n. */
  forward(X: Float64Array, n: number): ForwardPass;
  /** Computes only layer l of a forward pass (the earlier layers must be done). */
  forwardLayer(pass: ForwardPass, l: number): void;
  /** Full backward pass from a forward pass. The returned buffers are reused. */
  backward(pass: ForwardPass, Y: Float64Array, faults?: BackwardFaults): BackwardPass;
  /** Loss and the output error dZ[L−1] only (the "loss" phase). */
  backwardLoss(pass: ForwardPass, Y: Float64Array): BackwardPass;
  /** dW[l], db[l], and (for l > 0) dA[l−1] and dZ[l−1]: one "backward l+1" phase. */
  backwardLayer(pass: ForwardPass, grads: BackwardPass, l: number, faults?: BackwardFaults): void;
  /** The data loss of a batch (forward + loss, nothing else). */
  computeLoss(X: Float64Array, Y: Float64Array, n: number): number;
  /** Copies of all W and b, in layer order [W0, b0, W1, b1, ...]. */
  getParameters(): Float64Array[];
  /** Overwrites all W and b from [W0, b0, W1, b1, ...] (shapes must match). */
  setParameters(params: readonly ArrayLike<number>[]): void;
  /** A deep copy with the same spec and weights, independent buffers. */
  clone(): MLP;
}

export type OptimizerKind = 'sgd' | 'momentum' | 'adam';
export type RegularizationKind = 'none' | 'l1' | 'l2';
export const OPTIMIZERS: readonly OptimizerKind[] = ['sgd', 'momentum', 'adam'];
export const REGULARIZATIONS: readonly RegularizationKind[] = ['none', 'l1', 'l2'];

export interface OptimizerConfig {
  kind: OptimizerKind;
  learningRate: number;
  /** Momentum coefficient (momentum). Default 0.9. */
  beta?: number;
  /** Adam's first- and second-moment decay. Defaults 0.9, 0.999. */
  beta1?: number;
  beta2?: number;
  /** Adam's ε. Default 1e-8. */
  epsilon?: number;
  regularization?: RegularizationKind;
  /** λ: L2 adds λ·W to dW, L1 adds λ·sign(W). Biases are never regularized. */
  regularizationRate?: number;
}

/** Serializable optimizer state (for keyframes). */
export interface OptimizerState {
  kind: OptimizerKind;
  /** Update count (Adam's bias correction uses it). */
  t: number;
  /** Per-parameter slots in layer order [W0, b0, W1, b1, ...]: velocity (momentum), or m then v (Adam). */
  slots: Float64Array[];
}

export interface Optimizer {
  readonly config: Readonly<Required<OptimizerConfig>>;
  /** Applies one update to mlp's W and b from the gradients in `grads`. */
  step(mlp: MLP, grads: BackwardPass): void;
  /** Changes settings live, from the next step. Switching kind starts the new rule with fresh state. */
  configure(patch: Partial<OptimizerConfig>): void;
  getState(): OptimizerState;
  setState(state: OptimizerState): void;
  /** The velocity (momentum) or m and v (Adam) of one parameter, for the inspector. */
  slotValues(param: { layer: number; kind: 'W' | 'b'; index: number }): Record<string, number>;
}

export interface GradientCheckOptions {
  /** Finite-difference step, in (0, 0.1]. Default 1e-5; divided by 10 (twice at most) near a ReLU kink. */
  epsilon?: number;
  /** Check at most this many entries per W and per b (seeded sample). Default: all. */
  maxPerParameter?: number;
  /** Seed for the sample. Default 0. */
  seed?: number;
  faults?: BackwardFaults;
}

export interface GradientCheckEntry {
  layer: number;
  kind: 'W' | 'b';
  index: number;
  numeric: number;
  analytic: number;
  /**
   * The ε the central difference used: the option's, or ε/10, ε/100 near a kink. Always set by
   * gradientCheck; optional (like every kink field) so results built before it stay valid.
   */
  epsilon?: number;
  /**
   * Set when the ±ε probe moved a ReLU / leaky-ReLU pre-activation across 0 for some example:
   * 'reduced' = a smaller ε stayed clear and gave `numeric`; 'excluded' = even ε/100 crossed, so
   * this entry is not in the relative error (its `numeric` averages two slopes).
   */
  kink?: 'reduced' | 'excluded';
  /**
   * How far rounding alone can move `numeric`: the loss is computed to about machine ε × |L|, and
   * the central difference divides that error by ε (see ROUNDING_NOISE_FACTOR). Optional like the
   * kink fields.
   */
  noise?: number;
}

export interface GradientCheckLayer {
  /**
   * ‖num − ana‖ / (‖num‖ + ‖ana‖) over the checked entries of W[l] that were not excluded at a
   * kink (0 when both are 0, or when every entry was excluded: see checkedW).
   */
  W: number;
  b: number;
  /** Entries of W[l] / b[l] in the relative error (sampled, and not excluded at a kink). */
  checkedW: number;
  checkedB: number;
  /** How many entries of W[l] / b[l] hit a ReLU kink (see GradientCheckKinks). */
  kinks?: GradientCheckKinks;
  /**
   * Whether ‖num − ana‖ of W[l] / b[l] is within the rounding noise of the finite differences: the
   * gradient is too small next to the loss for them to resolve, so a large relative error there
   * does not mean backprop is wrong (gradientCheckVerdict reads it "suspicious", not "wrong").
   */
  withinNoiseW?: boolean;
  withinNoiseB?: boolean;
}

/** Per layer: entries whose ±ε probe moved a ReLU-like pre-activation across 0. */
export interface GradientCheckKinks {
  /** Measured with ε/10 or ε/100 instead, which stayed clear of the kink. */
  reducedW: number;
  reducedB: number;
  /** Still crossing at ε/100: left out of the relative error (and so of the verdict). */
  excludedW: number;
  excludedB: number;
}

export interface GradientCheckResult {
  layers: GradientCheckLayer[];
  /** The largest relative error of any layer's W or b. */
  worst: number;
  /** Every checked entry, for the numeric-vs-analytic scatter (excluded ones carry `kink`). */
  entries: GradientCheckEntry[];
  /** Totals of the per-layer kink counts (KINK_EXPLANATION is the sentence to show with them). */
  kinkReduced?: number;
  kinkExcluded?: number;
  /** Set when the check ran with a planted fault: what it broke, and how much that changed. */
  fault?: GradientCheckFault;
}

/** The planted fault of a check, and how many analytic gradients it actually changed. */
export interface GradientCheckFault {
  /** The hidden layer (0-based) whose activation derivative f′ the backward pass forgot. */
  dropActivationDerivative: number;
  /** Of the checked entries, how many analytic gradients differ from the correct backprop's. */
  changed: number;
  checked: number;
}
