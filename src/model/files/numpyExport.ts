/**
 * "Export as NumPy": one self-contained Python 3 file that continues training from the current
 * step, written the way the seed article writes it (Z = X @ W + b, cached Z and A, the backward
 * loop), and prints "step <n> loss <value>" for each step, the same losses the app records.
 *
 * The file embeds everything that decides the next steps: the weights, the training data, the
 * settings, the optimizer state, and the exact example indices of each coming batch (drawn here
 * from the engine's batcher, so Python needs no copy of the app's random generator).
 *
 * Every formula mirrors the engine's (src/engine/activations.ts, losses.ts, optimizers.ts): the
 * stable sigmoid and softmax, the bce and cross-entropy computed from the logits, mse as
 * Σ(ŷ − y)²/(2n), Adam's ε outside the square root with bias correction, regularization added to
 * the weights' gradient only, np.sign(0) = Math.sign(0) = 0.
 */
import {
  createBatcher,
  createRng,
  LEAKY_SLOPE,
  normalizeOptimizerConfig,
  type OptimizerConfig,
} from '../../engine';
import type { Matrix, ModelBatchOrder, ModelDocument, ModelLayerState } from './modelFile';

export interface NumpyExportInput {
  /** The network, its data, settings and optimizer state; `step` is the last completed step. */
  model: ModelDocument;
  /** The training-example indices of each coming step's batch, in order (see upcomingBatches). */
  batches: readonly (readonly number[])[];
}

/**
 * The example indices of the next `steps` batches, replaying the engine's batcher from the
 * model's batch order. Throws if the sequence reaches a new epoch and the order has no Rng state
 * to shuffle it with.
 */
export function upcomingBatches(order: ModelBatchOrder, batchSize: number, steps: number): number[][] {
  const count = order.permutation.length;
  const rng = createRng(0);
  const batcher = createBatcher(count, batchSize, rng);
  batcher.setState({
    permutation: Uint32Array.from(order.permutation),
    position: order.position,
    epoch: order.epoch,
  });
  if (order.rng) rng.setState(order.rng);
  const batches: number[][] = [];
  for (let s = 0; s < steps; s++) {
    const batch = batcher.next();
    if (!order.rng && batch.epoch !== order.epoch) {
      throw new Error(
        `upcomingBatches: step ${s + 1} starts epoch ${batch.epoch}, whose shuffle needs the batch order's rng state`,
      );
    }
    batches.push(Array.from(batch.indices));
  }
  return batches;
}

/**
 * A Python float literal that parses to the same double: JS's shortest round-trip decimal, with
 * ".0" on integers so that Python reads a float, and the sign of −0 kept.
 */
export function pythonFloat(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`pythonFloat: ${x} is not a finite number`);
  if (Object.is(x, -0)) return '-0.0';
  const s = String(x);
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
}

function pythonRow(row: readonly number[]): string {
  return `[${row.map(pythonFloat).join(', ')}]`;
}

/** np.array of a matrix, one row per line. */
function pythonMatrix(rows: Matrix, indent: string): string {
  const inner = indent + '    ';
  return `np.array([\n${rows.map((r) => inner + pythonRow(r) + ',').join('\n')}\n${indent}])`;
}

/** A list of per-layer arrays (`b`-like vectors become 1 × units rows, as in the seed article). */
function pythonLayerList(
  name: string,
  arrays: readonly (Matrix | readonly number[])[],
  comment: string,
): string {
  const items = arrays.map((a) => {
    const rows = (Array.isArray(a[0]) ? a : [a]) as Matrix;
    return `    ${pythonMatrix(rows, '    ')},`;
  });
  return `${name} = [  # ${comment}\n${items.join('\n')}\n]`;
}

function pythonString(s: string): string {
  return JSON.stringify(s); // a JSON string of plain names is a valid Python string literal
}

/** The optimizer slots as Python lists, zeros where the model has no state yet. */
function slotLists(
  model: ModelDocument,
  name: keyof ModelLayerState,
  pythonName: string,
  what: string,
): string {
  const layers = model.layers.map((layer, l) => {
    const slot = model.training?.state?.layers[l]?.[name];
    return slot ?? { W: layer.W.map((row) => row.map(() => 0)), b: layer.b.map(() => 0) };
  });
  return [
    pythonLayerList(
      `${pythonName}_W`,
      layers.map((s) => s.W),
      `${what} of W[l]`,
    ),
    pythonLayerList(
      `${pythonName}_b`,
      layers.map((s) => s.b),
      `${what} of b[l]`,
    ),
  ].join('\n');
}

const MATCHED_PAIRS = '("sigmoid", "bce"), ("softmax", "cross-entropy"), ("linear", "mse")';

/** The Python program that continues `input.model`'s training for `input.batches.length` steps. */
export function numpyCode(input: NumpyExportInput): string {
  const { model, batches } = input;
  const training = model.training ?? {};
  if (training.learningRate === undefined) {
    throw new Error('numpyCode: the model has no training.learningRate to continue training with');
  }
  const config: Required<OptimizerConfig> = normalizeOptimizerConfig({
    kind: training.optimizer ?? 'sgd',
    learningRate: training.learningRate,
    beta: training.beta,
    beta1: training.beta1,
    beta2: training.beta2,
    regularization: training.regularization,
    regularizationRate: training.regularizationRate,
  });
  const trainCount = model.data.train.X.length;
  batches.forEach((batch, s) => {
    if (batch.length === 0 || batch.some((i) => !Number.isInteger(i) || i < 0 || i >= trainCount)) {
      throw new Error(`numpyCode: batch ${s} has indices outside 0 … ${trainCount - 1}`);
    }
  });
  const firstStep = (model.step ?? 0) + 1;
  const activations = model.layers.map((l) => l.activation);
  const shape = [model.inputs.length, ...model.layers.map((l) => l.b.length)].join('-');
  const f = pythonFloat;

  const optimizerSettings =
    config.kind === 'momentum'
      ? `BETA = ${f(config.beta)}`
      : config.kind === 'adam'
        ? `BETA1 = ${f(config.beta1)}\nBETA2 = ${f(config.beta2)}\nEPSILON = ${f(config.epsilon)}`
        : '';
  const optimizerState =
    config.kind === 'momentum'
      ? slotLists(model, 'velocity', 'velocity', 'momentum velocity')
      : config.kind === 'adam'
        ? [
            `t = ${training.state?.t ?? 0}  # updates so far (Adam's bias correction)`,
            slotLists(model, 'm', 'm', "Adam's first moment"),
            slotLists(model, 'v', 'v', "Adam's second moment"),
          ].join('\n')
        : '# plain SGD keeps no state';
  const stepRule =
    config.kind === 'momentum'
      ? `def step_rule(param, g, slot, l):
    slot[l] = BETA * slot[l] + g
    return param - LEARNING_RATE * slot[l]


def update(dW, db):
    for l in range(L):
        W[l] = step_rule(W[l], regularized(dW[l], W[l]), velocity_W, l)
        b[l] = step_rule(b[l], db[l], velocity_b, l)  # biases are never regularized`
      : config.kind === 'adam'
        ? `def step_rule(param, g, m, v, l):
    m[l] = BETA1 * m[l] + (1 - BETA1) * g
    v[l] = BETA2 * v[l] + (1 - BETA2) * g * g
    m_hat = m[l] / (1 - BETA1 ** t)
    v_hat = v[l] / (1 - BETA2 ** t)
    return param - (LEARNING_RATE * m_hat) / (np.sqrt(v_hat) + EPSILON)


def update(dW, db):
    global t
    t += 1
    for l in range(L):
        W[l] = step_rule(W[l], regularized(dW[l], W[l]), m_W, v_W, l)
        b[l] = step_rule(b[l], db[l], m_b, v_b, l)  # biases are never regularized`
        : `def update(dW, db):
    for l in range(L):
        W[l] = W[l] - LEARNING_RATE * regularized(dW[l], W[l])
        b[l] = b[l] - LEARNING_RATE * db[l]  # biases are never regularized`;

  return `#!/usr/bin/env python3
"""
Backprop Lab export: a ${shape} network (${activations.join(', ')}; loss ${model.loss}),
after step ${model.step ?? 0}. Continues training for ${batches.length} steps with NumPy alone and
prints "step <n> loss <value>" for each: the data loss of that step's batch before its update,
the number the app records for the step.

Notation as in the seed article: layer l has W[l] (fan-in x units) and b[l] (1 x units),
Z[l] = A[l-1] @ W[l] + b[l], A[l] = f(Z[l]), A[-1] = X.
"""
import numpy as np

# ---------------------------------------------------------------------------------------------
# Settings

ACTIVATIONS = [${activations.map(pythonString).join(', ')}]  # hidden layers, then the output layer
LOSS = ${pythonString(model.loss)}
LEAKY_SLOPE = ${f(LEAKY_SLOPE)}
OPTIMIZER = ${pythonString(config.kind)}
LEARNING_RATE = ${f(config.learningRate)}
${optimizerSettings}
REGULARIZATION = ${pythonString(config.regularization)}  # on the weights only
REGULARIZATION_RATE = ${f(config.regularizationRate)}
BATCH_SIZE = ${training.batchSize ?? trainCount}  # the batches below are already drawn with it
FIRST_STEP = ${firstStep}
L = ${model.layers.length}

# ---------------------------------------------------------------------------------------------
# Training data: one row per example. Inputs: ${model.inputs.join(', ')}

X = ${pythonMatrix(model.data.train.X, '')}
Y = ${pythonMatrix(model.data.train.Y, '')}

# ---------------------------------------------------------------------------------------------
# Parameters after step ${model.step ?? 0}

${pythonLayerList(
  'W',
  model.layers.map((l) => l.W),
  'W[l]: fan-in x units',
)}
${pythonLayerList(
  'b',
  model.layers.map((l) => l.b),
  'b[l]: 1 x units',
)}

# Optimizer state
${optimizerState}

# The training examples of each coming step's batch (the app's shuffled mini-batches).
BATCHES = [
${batches.map((batch) => `    [${batch.join(', ')}],`).join('\n')}
]


# ---------------------------------------------------------------------------------------------
# Activations: f and its derivative f', side by side


def f(name, Z):
    if name == "relu":
        return np.where(Z > 0, Z, 0.0)
    if name == "leaky-relu":
        return np.where(Z > 0, Z, LEAKY_SLOPE * Z)
    if name == "tanh":
        return np.tanh(Z)
    if name == "sigmoid":
        # Stable: exp is only ever taken of -|Z|.
        e = np.exp(-np.abs(Z))
        return np.where(Z >= 0, 1 / (1 + e), e / (1 + e))
    if name == "linear":
        return Z
    if name == "softmax":
        # Row-wise, shifted by the row max so exp never overflows.
        E = np.exp(Z - Z.max(axis=1, keepdims=True))
        return E / E.sum(axis=1, keepdims=True)
    raise ValueError(name)


def f_prime(name, Z, A):
    if name == "relu":
        return np.where(Z > 0, 1.0, 0.0)
    if name == "leaky-relu":
        return np.where(Z > 0, 1.0, LEAKY_SLOPE)
    if name == "tanh":
        return 1 - A * A
    if name == "sigmoid":
        return A * (1 - A)
    if name == "linear":
        return np.ones_like(Z)
    raise ValueError(name)  # softmax only appears as the output with cross-entropy


# ---------------------------------------------------------------------------------------------
# Loss (batch mean, no regularization term) and the output error dZ = dL/dZ of the output layer


def loss_value(Z_out, A_out, y):
    n = y.shape[0]
    if LOSS == "bce":
        # -[y log s(z) + (1-y) log(1-s(z))] = max(z, 0) - z y + log(1 + exp(-|z|)), from the logits.
        return np.sum(np.maximum(Z_out, 0) - Z_out * y + np.log1p(np.exp(-np.abs(Z_out)))) / n
    if LOSS == "cross-entropy":
        z_max = Z_out.max(axis=1, keepdims=True)
        log_sum_exp = z_max + np.log(np.exp(Z_out - z_max).sum(axis=1, keepdims=True))
        return np.sum(y * (log_sum_exp - Z_out)) / n
    if LOSS == "mse":
        return np.sum((A_out - y) ** 2) / (2 * n)
    raise ValueError(LOSS)


def output_error(Z_out, y_hat, y):
    n = y.shape[0]
    if (ACTIVATIONS[-1], LOSS) in [${MATCHED_PAIRS}]:
        return (y_hat - y) / n
    # mse through a non-linear output: dL/dy_hat = (y_hat - y) / n, then the chain rule.
    return (y_hat - y) / n * f_prime(ACTIVATIONS[-1], Z_out, y_hat)


# ---------------------------------------------------------------------------------------------
# Forward, backward, update


def forward(X_batch):
    Z, A = [], []
    A_prev = X_batch
    for l in range(L):
        Z.append(A_prev @ W[l] + b[l])
        A.append(f(ACTIVATIONS[l], Z[l]))
        A_prev = A[l]
    return Z, A


def backward(X_batch, y, Z, A):
    dW, db = [None] * L, [None] * L
    dZ = output_error(Z[-1], A[-1], y)
    for l in reversed(range(L)):
        A_prev = X_batch if l == 0 else A[l - 1]
        dW[l] = A_prev.T @ dZ
        db[l] = dZ.sum(axis=0, keepdims=True)
        if l > 0:
            dA_prev = dZ @ W[l].T
            dZ = dA_prev * f_prime(ACTIVATIONS[l - 1], Z[l - 1], A[l - 1])
    return dW, db


def regularized(dW_l, W_l):
    if REGULARIZATION == "l2":
        return dW_l + REGULARIZATION_RATE * W_l  # the gradient of RATE/2 * ||W||^2
    if REGULARIZATION == "l1":
        return dW_l + REGULARIZATION_RATE * np.sign(W_l)  # a subgradient; sign(0) = 0
    return dW_l


${stepRule}


for i, batch in enumerate(BATCHES):
    X_batch, y = X[batch], Y[batch]
    Z, A = forward(X_batch)
    loss = loss_value(Z[-1], A[-1], y)
    dW, db = backward(X_batch, y, Z, A)
    update(dW, db)
    print(f"step {FIRST_STEP + i} loss {float(loss)!r}")
`;
}

/** Steps the "Export NumPy code" program trains: enough to watch the loss move, quick to run. */
export const NUMPY_EXPORT_STEPS = 100;

/**
 * The program for a model file as the app exports it: its state and its next `steps` batches,
 * replayed from the file's batch order (a file without one trains full batches).
 */
export function numpyCodeOf(model: ModelDocument, steps = NUMPY_EXPORT_STEPS): string {
  const count = model.data.train.X.length;
  const batchSize = Math.min(model.training?.batchSize ?? count, count);
  const order = model.training?.batchOrder;
  const batches = order
    ? upcomingBatches(order, batchSize, steps)
    : Array.from({ length: steps }, () => Array.from({ length: count }, (_, i) => i));
  return numpyCode({ model, batches });
}
