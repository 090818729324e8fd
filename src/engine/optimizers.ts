/**
 * Gradient-descent update rules. `backward` gives the gradient of the data
 * loss; regularization is added here, to the weights only:
 *   L2: g = dW + λ·W        (the gradient of λ/2·‖W‖²)
 *   L1: g = dW + λ·sign(W)  (the subgradient of λ·‖W‖₁)
 * Biases are never regularized: they shift a unit's threshold, and shrinking
 * them toward 0 does not reduce the model's capacity, it only biases the fit.
 *
 *   sgd:      W ← W − α·g
 *   momentum: v ← β·v + g,  W ← W − α·v
 *   adam:     m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,
 *             W ← W − α·m̂/(√v̂ + ε)  with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)
 */
import {
  OPTIMIZERS,
  REGULARIZATIONS,
  type BackwardPass,
  type MLP,
  type Optimizer,
  type OptimizerConfig,
  type OptimizerState,
} from './types';

type FullConfig = Required<OptimizerConfig>;

const DEFAULTS = {
  beta: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  regularization: 'none',
  regularizationRate: 0,
} as const;

/** Fills in defaults and throws an Error naming the first invalid field. */
export function normalizeOptimizerConfig(config: OptimizerConfig): FullConfig {
  if (typeof config !== 'object' || config === null) {
    throw new Error(`optimizer: must be an object { kind, learningRate, … }, got ${String(config)}`);
  }
  const full: FullConfig = { ...DEFAULTS, ...stripUndefined(config) } as FullConfig;
  if (!OPTIMIZERS.includes(full.kind)) {
    throw new Error(
      `optimizer.kind: unknown optimizer "${String(full.kind)}"; expected one of ${OPTIMIZERS.join(', ')}`,
    );
  }
  if (!REGULARIZATIONS.includes(full.regularization)) {
    throw new Error(
      `optimizer.regularization: unknown kind "${String(full.regularization)}"; expected one of ${REGULARIZATIONS.join(', ')}`,
    );
  }
  const finiteNonNegative = (name: keyof FullConfig): void => {
    const v = full[name] as number;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new Error(`optimizer.${name}: must be a finite number ≥ 0, got ${String(v)}`);
    }
  };
  finiteNonNegative('learningRate');
  finiteNonNegative('regularizationRate');
  finiteNonNegative('epsilon');
  // Adam divides by √v̂ + ε, and v̂ is 0 for a parameter whose gradient has always been 0.
  if (full.kind === 'adam' && !(full.epsilon > 0)) {
    throw new Error(`optimizer.epsilon: Adam needs ε > 0 (it divides by √v̂ + ε), got ${full.epsilon}`);
  }
  for (const name of ['beta', 'beta1', 'beta2'] as const) {
    const v = full[name];
    if (typeof v !== 'number' || !(v >= 0 && v < 1))
      throw new Error(`optimizer.${name}: must be in [0, 1), got ${String(v)}`);
  }
  return full;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The gradients must have this network's shapes: a mismatch would silently update with undefined. */
function checkGradients(mlp: MLP, grads: BackwardPass): void {
  const ok =
    typeof grads === 'object' &&
    grads !== null &&
    Array.isArray(grads.dW) &&
    Array.isArray(grads.db) &&
    grads.dW.length === mlp.layers.length &&
    grads.db.length === mlp.layers.length &&
    mlp.layers.every(
      (layer, l) => grads.dW[l]?.length === layer.W.length && grads.db[l]?.length === layer.b.length,
    );
  if (!ok) {
    const shapes = mlp.layers.map((layer) => `${layer.fanIn}×${layer.units}`).join(', ');
    throw new Error(`optimizer.step: grads must be this network's backward() result (dW shapes ${shapes})`);
  }
}

function slotCount(kind: OptimizerConfig['kind']): number {
  return kind === 'sgd' ? 0 : kind === 'momentum' ? 1 : 2;
}

export function createOptimizer(initial: OptimizerConfig): Optimizer {
  let config = normalizeOptimizerConfig(initial);
  let t = 0;
  /** slots[s][2l] is the state of W[l], slots[s][2l+1] of b[l]; allocated on the first step. */
  let slots: Float64Array[][] = [];

  function ensureSlots(mlp: MLP): void {
    const want = slotCount(config.kind);
    if (slots.length === want && (want === 0 || slots[0].length === 2 * mlp.layers.length)) return;
    slots = Array.from({ length: want }, () =>
      mlp.layers.flatMap((layer) => [new Float64Array(layer.W.length), new Float64Array(layer.b.length)]),
    );
  }

  function update(param: Float64Array, grad: Float64Array, slot: number, regularize: boolean): void {
    const { learningRate: lr, regularization, regularizationRate: lambda } = config;
    const len = param.length;
    const l2 = regularize && regularization === 'l2' ? lambda : 0;
    const l1 = regularize && regularization === 'l1' ? lambda : 0;
    // Without a penalty g is just the data gradient: skip Math.sign and the two multiplies.
    const plain = l1 === 0 && l2 === 0;
    switch (config.kind) {
      case 'sgd':
        for (let i = 0; i < len; i++) {
          const w = param[i];
          const g = plain ? grad[i] : grad[i] + l2 * w + l1 * Math.sign(w);
          param[i] = w - lr * g;
        }
        return;
      case 'momentum': {
        const v = slots[0][slot];
        const beta = config.beta;
        for (let i = 0; i < len; i++) {
          const w = param[i];
          const g = plain ? grad[i] : grad[i] + l2 * w + l1 * Math.sign(w);
          v[i] = beta * v[i] + g;
          param[i] = w - lr * v[i];
        }
        return;
      }
      case 'adam': {
        const m = slots[0][slot];
        const v = slots[1][slot];
        const { beta1, beta2, epsilon } = config;
        const correction1 = 1 - Math.pow(beta1, t);
        const correction2 = 1 - Math.pow(beta2, t);
        for (let i = 0; i < len; i++) {
          const w = param[i];
          const g = plain ? grad[i] : grad[i] + l2 * w + l1 * Math.sign(w);
          m[i] = beta1 * m[i] + (1 - beta1) * g;
          v[i] = beta2 * v[i] + (1 - beta2) * g * g;
          param[i] = w - (lr * (m[i] / correction1)) / (Math.sqrt(v[i] / correction2) + epsilon);
        }
        return;
      }
    }
  }

  return {
    get config() {
      return config;
    },
    configure(patch) {
      const next = normalizeOptimizerConfig({ ...config, ...stripUndefined(patch) });
      if (next.kind !== config.kind) {
        slots = [];
        t = 0;
      }
      config = next;
    },
    step(mlp: MLP, grads: BackwardPass) {
      checkGradients(mlp, grads);
      ensureSlots(mlp);
      t++;
      const layers = mlp.layers;
      for (let l = 0; l < layers.length; l++) {
        update(layers[l].W, grads.dW[l], 2 * l, true);
        update(layers[l].b, grads.db[l], 2 * l + 1, false);
      }
    },
    getState(): OptimizerState {
      return { kind: config.kind, t, slots: slots.flatMap((s) => s.map((a) => a.slice())) };
    },
    setState(state: OptimizerState) {
      if (typeof state !== 'object' || state === null) {
        throw new Error(`optimizer.setState: state must be an object from getState(), got ${String(state)}`);
      }
      if (state.kind !== config.kind) {
        throw new Error(`optimizer.setState: state is for "${state.kind}", optimizer is "${config.kind}"`);
      }
      const per = slotCount(state.kind);
      if (!Number.isInteger(state.t) || state.t < 0) {
        throw new Error(`optimizer.setState: t must be a non-negative integer, got ${String(state.t)}`);
      }
      if (!Array.isArray(state.slots) || state.slots.length % Math.max(per, 1) !== 0) {
        throw new Error(
          `optimizer.setState: "${state.kind}" keeps ${per} slot(s) per parameter array, got ${String(state.slots?.length)} arrays`,
        );
      }
      const perSlot = per === 0 ? 0 : state.slots.length / per;
      t = state.t;
      slots = Array.from({ length: per }, (_, s) =>
        state.slots.slice(s * perSlot, (s + 1) * perSlot).map((a) => a.slice()),
      );
    },
    slotValues({ layer, kind, index }): Record<string, number> {
      const slot = 2 * layer + (kind === 'W' ? 0 : 1);
      const read = (s: number): number => slots[s]?.[slot]?.[index] ?? 0;
      if (config.kind === 'momentum') return { velocity: read(0) };
      if (config.kind === 'adam') return { m: read(0), v: read(1), t };
      return {};
    },
  };
}
