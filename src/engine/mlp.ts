/**
 * The multi-layer perceptron, written the way the seed article writes it in
 * NumPy:
 *
 *   forward l:  Z[l] = A[l−1]·W[l] + b[l],   A[l] = f(Z[l])          (A[−1] = X)
 *   loss:       L, and dZ[L−1] = (ŷ − y)/n
 *   backward l: dW[l] = A[l−1]ᵀ·dZ[l],  db[l] = Σ_rows dZ[l],
 *               dA[l−1] = dZ[l]·W[l]ᵀ,  dZ[l−1] = dA[l−1] ⊙ f′(Z[l−1])
 *
 * Buffers are allocated once per batch size and reused, so a training step
 * allocates nothing (small layers are dominated by overhead, not arithmetic).
 */
import { activationFns, type ActivationFns } from './activations';
import { lossFns, type LossFns } from './losses';
import { createRng, type Rng } from './random';
import { assertShape, gemm, sumRows } from './tensor';
import {
  ACTIVATIONS,
  INITS,
  LOSSES,
  type Activation,
  type BackwardFaults,
  type BackwardPass,
  type ForwardPass,
  type InitSpec,
  type Layer,
  type MLP,
  type MLPSpec,
} from './types';

interface LayerState extends Layer {
  readonly fns: ActivationFns;
}

/** The per-batch-size buffers of one forward + backward pass. */
interface PassBuffers {
  forward: { n: number; X: Float64Array; Z: Float64Array[]; A: Float64Array[] };
  backward: BackwardPass;
  /** ∂L/∂ŷ for losses that need it on the way to dZ[L−1] (mse with a non-linear output). */
  outputScratch: Float64Array;
}

/** How many distinct batch sizes keep their buffers (a full batch, a mini-batch, its remainder). */
const MAX_CACHED_BATCH_SIZES = 4;

/**
 * Size limits, checked before anything is allocated, so a hostile or mistyped spec gets an Error
 * instead of a multi-gigabyte allocation. Both sit far above anything the app builds: the worker
 * allows 8 hidden layers of 256 units on ≤ 7 features (≈ 0.47 M parameters) and evaluates at most
 * a 200 × 200 decision-boundary grid (40,000 rows × 256 units ≈ 10.2 M values per matrix).
 */
/** Trainable parameters (Σ fanIn·units + units) of one network: 32 MB of float64 weights. */
export const MAX_PARAMETERS = 4_000_000;
/** Rows × the widest layer of one pass: each Z, A, dZ, dA matrix is at most 128 MB. */
export const MAX_BATCH_VALUES = 2 ** 24;
/** init.scale for 'small': randn × scale stays finite through the forward pass (the UI allows ≤ 10). */
export const MAX_INIT_SCALE = 100;

function isPositiveInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A number as the messages print it: 1,000,000,003. */
function formatCount(v: number): string {
  return v.toLocaleString('en-US');
}

/** How a hostile value is shown in a message: strings quoted, objects by kind, not "[object Object]". */
function describe(v: unknown): string {
  if (typeof v === 'string') return `"${v}"`;
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return String(v);
}

function normalizeInit(init: MLPSpec['init']): Required<InitSpec> {
  if (init !== undefined && typeof init !== 'string' && !isPlainObject(init)) {
    throw new Error(`init: must be one of ${INITS.join(', ')} or { kind, scale? }, got ${describe(init)}`);
  }
  const spec: InitSpec =
    init === undefined ? { kind: 'small' } : typeof init === 'string' ? { kind: init } : init;
  const field = typeof init === 'string' ? 'init' : 'init.kind';
  if (!INITS.includes(spec.kind)) {
    throw new Error(`${field}: unknown kind ${describe(spec.kind)}; expected one of ${INITS.join(', ')}`);
  }
  const scale = spec.scale ?? 0.01;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale < 0 || scale > MAX_INIT_SCALE) {
    throw new Error(
      `init.scale: must be a finite number in 0 … ${MAX_INIT_SCALE} (weights are randn × scale), got ${describe(scale)}`,
    );
  }
  return { kind: spec.kind, scale };
}

/**
 * Checks a spec and throws an Error naming the offending field, before anything is allocated:
 * shapes, names, the loss/output pairing, init, seed and the parameter limit.
 */
export function validateSpec(spec: MLPSpec): void {
  if (!isPlainObject(spec)) {
    throw new Error(`spec: must be an object { inputSize, layers, loss, … }, got ${describe(spec)}`);
  }
  if (!isPositiveInteger(spec.inputSize)) {
    throw new Error(`inputSize: must be a positive integer, got ${describe(spec.inputSize)}`);
  }
  if (!Array.isArray(spec.layers) || spec.layers.length === 0) {
    throw new Error(
      `layers: need an array of at least one layer (the output layer), got ${describe(spec.layers)}`,
    );
  }
  const L = spec.layers.length;
  let parameters = 0;
  let fanIn = spec.inputSize;
  spec.layers.forEach((layer: unknown, l) => {
    if (!isPlainObject(layer)) {
      throw new Error(`layers[${l}]: must be an object { units, activation }, got ${describe(layer)}`);
    }
    if (!isPositiveInteger(layer.units)) {
      throw new Error(`layers[${l}].units: must be a positive integer, got ${describe(layer.units)}`);
    }
    if (!ACTIVATIONS.includes(layer.activation as Activation)) {
      throw new Error(
        `layers[${l}].activation: unknown activation ${describe(layer.activation)}; expected one of ${ACTIVATIONS.join(', ')}`,
      );
    }
    if (layer.activation === 'softmax' && l !== L - 1) {
      throw new Error(`layers[${l}].activation: softmax is only allowed in the output layer`);
    }
    parameters += fanIn * layer.units + layer.units;
    fanIn = layer.units;
  });
  if (parameters > MAX_PARAMETERS) {
    const shape = [spec.inputSize, ...spec.layers.map((layer) => layer.units)].join(' → ');
    throw new Error(
      `layers: the network ${shape} would have ${formatCount(parameters)} parameters; the limit is ${formatCount(MAX_PARAMETERS)}`,
    );
  }
  if (!LOSSES.includes(spec.loss)) {
    throw new Error(`loss: unknown loss ${describe(spec.loss)}; expected one of ${LOSSES.join(', ')}`);
  }
  const loss = lossFns(spec.loss);
  const out = spec.layers[L - 1];
  if (!loss.outputs.includes(out.activation)) {
    throw new Error(
      `loss: "${spec.loss}" needs an output activation in {${loss.outputs.join(', ')}}, got "${out.activation}" in layers[${L - 1}]`,
    );
  }
  if (out.activation === 'softmax' && out.units < 2) {
    throw new Error(`layers[${L - 1}].units: softmax needs at least 2 output units, got ${out.units}`);
  }
  normalizeInit(spec.init);
  if (spec.seed !== undefined && (typeof spec.seed !== 'number' || !Number.isFinite(spec.seed))) {
    throw new Error(`seed: must be a finite number, got ${describe(spec.seed)}`);
  }
  if (spec.rng !== undefined && (!isPlainObject(spec.rng) || typeof spec.rng.normal !== 'function')) {
    throw new Error(`rng: must be an Rng from createRng (with a normal() method), got ${describe(spec.rng)}`);
  }
}

/** Throws unless every entry of `values` is finite, naming the first bad one by row and column. */
function assertFinite(name: string, values: ArrayLike<number>, cols: number): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // v − v is 0 for finite v and NaN for ±∞ and NaN: one comparison per entry.
    if (v - v !== 0) {
      throw new Error(
        `${name}: entry ${i} (row ${Math.floor(i / cols)}, column ${i % cols}) is ${String(v)}; inputs and targets must be finite`,
      );
    }
  }
}

/** Draws the initial weights in layer order, W row-major, from `rng`. Biases start at 0. */
function initialize(layers: LayerState[], init: Required<InitSpec>, rng: Rng): void {
  for (const layer of layers) {
    const std =
      init.kind === 'small'
        ? init.scale // randn × 0.01, as in the seed article
        : init.kind === 'xavier'
          ? Math.sqrt(2 / (layer.fanIn + layer.units)) // Glorot & Bengio 2010, normal variant
          : Math.sqrt(2 / layer.fanIn); // He et al. 2015, for ReLU
    for (let i = 0; i < layer.W.length; i++) layer.W[i] = rng.normal() * std;
    layer.b.fill(0);
  }
}

export function createMLP(spec: MLPSpec): MLP {
  validateSpec(spec);
  const init = normalizeInit(spec.init);
  const storedSpec = {
    inputSize: spec.inputSize,
    layers: spec.layers.map((l) => ({ units: l.units, activation: l.activation })),
    loss: spec.loss,
    init,
    seed: spec.seed ?? 0,
  };
  const layers: LayerState[] = [];
  let fanIn = spec.inputSize;
  for (const { units, activation } of storedSpec.layers) {
    layers.push({
      fanIn,
      units,
      activation,
      fns: activationFns(activation),
      W: new Float64Array(fanIn * units),
      b: new Float64Array(units),
    });
    fanIn = units;
  }
  initialize(layers, init, spec.rng ?? createRng(storedSpec.seed));
  return buildMLP(storedSpec, layers);
}

function buildMLP(spec: MLP['spec'], layers: LayerState[]): MLP {
  const L = layers.length;
  const loss: LossFns = lossFns(spec.loss);
  const inputSize = spec.inputSize;
  const outUnits = layers[L - 1].units;
  // Gradients with respect to parameters do not depend on the batch size: one set for all.
  const dW = layers.map((layer) => new Float64Array(layer.W.length));
  const db = layers.map((layer) => new Float64Array(layer.units));
  const buffersByN = new Map<number, PassBuffers>();
  // The last batch size's buffers, checked before the Map: a training loop asks for the same n
  // at every forward and backward, and small networks feel even a Map lookup per call.
  let lastN = 0;
  let lastBuffers: PassBuffers | null = null;

  function buffersFor(n: number): PassBuffers {
    if (n === lastN && lastBuffers !== null) return lastBuffers;
    let buffers = buffersByN.get(n);
    if (buffers) {
      lastN = n;
      lastBuffers = buffers;
      return buffers;
    }
    if (buffersByN.size >= MAX_CACHED_BATCH_SIZES) {
      const oldest = buffersByN.keys().next().value as number;
      buffersByN.delete(oldest);
    }
    buffers = {
      forward: {
        n,
        X: new Float64Array(0),
        Z: layers.map((layer) => new Float64Array(n * layer.units)),
        A: layers.map((layer) => new Float64Array(n * layer.units)),
      },
      backward: {
        loss: NaN,
        dZ: layers.map((layer) => new Float64Array(n * layer.units)),
        dW,
        db,
        dA: layers.slice(0, L - 1).map((layer) => new Float64Array(n * layer.units)),
      },
      outputScratch: new Float64Array(n * outUnits),
    };
    buffersByN.set(n, buffers);
    lastN = n;
    lastBuffers = buffers;
    return buffers;
  }

  const widest = layers.reduce((w, layer) => Math.max(w, layer.units), inputSize);

  // The shape checks build their messages only on failure: the success path runs every step.
  function checkBatch(X: Float64Array, n: number): void {
    if (!isPositiveInteger(n))
      throw new Error(`n: batch size must be a positive integer, got ${describe(n)}`);
    if (n * widest > MAX_BATCH_VALUES) {
      throw new Error(
        `n: a batch of ${formatCount(n)} rows × ${widest} (the widest layer) is ${formatCount(n * widest)} values per matrix; the limit is ${formatCount(MAX_BATCH_VALUES)}`,
      );
    }
    if (X === null || typeof X !== 'object' || typeof X.length !== 'number') {
      throw new Error(
        `X: must be a Float64Array of n × inputSize = ${n} × ${inputSize} values, got ${describe(X)}`,
      );
    }
    if (X.length !== n * inputSize) assertShape(`X (n × inputSize = ${n} × ${inputSize})`, X, n, inputSize);
    assertFinite('X', X, inputSize);
  }

  function checkTargets(Y: Float64Array, n: number): void {
    if (Y === null || typeof Y !== 'object' || typeof Y.length !== 'number') {
      throw new Error(
        `Y: must be a Float64Array of n × outputs = ${n} × ${outUnits} values, got ${describe(Y)}`,
      );
    }
    if (Y.length !== n * outUnits) assertShape(`Y (n × outputs = ${n} × ${outUnits})`, Y, n, outUnits);
    assertFinite('Y', Y, outUnits);
  }

  /** A pass must come from this network's forward(): its matrices are read with this network's shapes. */
  function checkPass(pass: ForwardPass): void {
    const fromHere =
      isPlainObject(pass) &&
      isPositiveInteger(pass.n) &&
      Array.isArray(pass.Z) &&
      pass.Z.length === L &&
      pass.Z.every((Z, l) => Z.length === pass.n * layers[l].units);
    if (!fromHere) {
      throw new Error(
        `pass: must be the result of this network's forward() (${L} layers of ${layers.map((layer) => layer.units).join(', ')} units)`,
      );
    }
  }

  function checkLayerIndex(name: string, l: number): void {
    if (!(Number.isInteger(l) && l >= 0 && l < L)) {
      throw new Error(`${name}: layer index must be an integer in 0 … ${L - 1}, got ${describe(l)}`);
    }
  }

  function forwardLayer(pass: ForwardPass, l: number): void {
    checkLayerIndex('forwardLayer', l);
    const layer = layers[l];
    const Aprev = l === 0 ? pass.X : pass.A[l - 1];
    const n = pass.n;
    // Z[l] = A[l−1]·W[l] + b[l]: (n × fanIn)·(fanIn × units) + (1 × units).
    gemm(
      n,
      layer.units,
      layer.fanIn,
      Aprev,
      layer.fanIn,
      1,
      layer.W,
      layer.units,
      1,
      pass.Z[l],
      layer.b,
      false,
    );
    layer.fns.forward(pass.Z[l], pass.A[l], n, layer.units);
  }

  function forward(X: Float64Array, n: number): ForwardPass {
    checkBatch(X, n);
    const pass = buffersFor(n).forward;
    pass.X = X;
    for (let l = 0; l < L; l++) forwardLayer(pass, l);
    return pass;
  }

  function backwardLoss(pass: ForwardPass, Y: Float64Array): BackwardPass {
    checkPass(pass);
    const n = pass.n;
    checkTargets(Y, n);
    const buffers = buffersFor(n);
    const grads = buffers.backward;
    const out = layers[L - 1];
    grads.loss = loss.loss(pass.Z[L - 1], pass.A[L - 1], Y, n, outUnits);
    loss.outputError(
      pass.Z[L - 1],
      pass.A[L - 1],
      Y,
      n,
      outUnits,
      out.fns,
      grads.dZ[L - 1],
      buffers.outputScratch,
    );
    return grads;
  }

  function backwardLayer(pass: ForwardPass, grads: BackwardPass, l: number, faults?: BackwardFaults): void {
    checkLayerIndex('backwardLayer', l);
    const layer = layers[l];
    const n = pass.n;
    const Aprev = l === 0 ? pass.X : pass.A[l - 1];
    const dZ = grads.dZ[l];
    // dW[l] = A[l−1]ᵀ·dZ[l]: (fanIn × n)·(n × units). Aᵀ is read with swapped strides.
    gemm(layer.fanIn, layer.units, n, Aprev, 1, layer.fanIn, dZ, layer.units, 1, grads.dW[l], null, false);
    // db[l] = Σ over the batch rows of dZ[l].
    sumRows(dZ, n, layer.units, grads.db[l]);
    if (l === 0) return;
    // dA[l−1] = dZ[l]·W[l]ᵀ: (n × units)·(units × fanIn).
    const dAprev = grads.dA[l - 1];
    gemm(n, layer.fanIn, layer.units, dZ, layer.units, 1, layer.W, 1, layer.units, dAprev, null, false);
    // dZ[l−1] = dA[l−1] ⊙ f′(Z[l−1]).
    const prev = layers[l - 1];
    if (faults?.dropActivationDerivative === l - 1) {
      grads.dZ[l - 1].set(dAprev); // the teaching fault: forget f′
    } else {
      prev.fns.backward(dAprev, pass.Z[l - 1], pass.A[l - 1], grads.dZ[l - 1], n * prev.units);
    }
  }

  function backward(pass: ForwardPass, Y: Float64Array, faults?: BackwardFaults): BackwardPass {
    const dropped = faults?.dropActivationDerivative;
    if (dropped !== undefined && !(Number.isInteger(dropped) && dropped >= 0 && dropped < L - 1)) {
      throw new Error(
        `faults.dropActivationDerivative: must be a hidden layer index in 0 … ${L - 2}, got ${describe(dropped)}`,
      );
    }
    const grads = backwardLoss(pass, Y);
    for (let l = L - 1; l >= 0; l--) backwardLayer(pass, grads, l, faults);
    return grads;
  }

  const mlp: MLP = {
    spec,
    inputSize,
    layers,
    loss: spec.loss,
    parameterCount: layers.reduce((s, layer) => s + layer.W.length + layer.b.length, 0),
    forward,
    forwardLayer,
    backward,
    backwardLoss,
    backwardLayer,
    computeLoss(X, Y, n) {
      const pass = forward(X, n);
      checkTargets(Y, n);
      return loss.loss(pass.Z[L - 1], pass.A[L - 1], Y, n, outUnits);
    },
    getParameters() {
      return layers.flatMap((layer) => [layer.W.slice(), layer.b.slice()]);
    },
    setParameters(params) {
      if (params.length !== 2 * L)
        throw new Error(`setParameters: expected ${2 * L} arrays [W0, b0, …], got ${params.length}`);
      layers.forEach((layer, l) => {
        assertShape(`setParameters: W${l + 1}`, params[2 * l], layer.fanIn, layer.units);
        assertShape(`setParameters: b${l + 1}`, params[2 * l + 1], 1, layer.units);
      });
      layers.forEach((layer, l) => {
        layer.W.set(params[2 * l]);
        layer.b.set(params[2 * l + 1]);
      });
    },
    clone() {
      const copy: LayerState[] = layers.map((layer) => ({
        ...layer,
        W: layer.W.slice(),
        b: layer.b.slice(),
      }));
      return buildMLP(spec, copy);
    },
  };
  return mlp;
}
