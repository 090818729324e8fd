/**
 * The engine against the two engines people would otherwise use for this (DESIGN.md "Budgets": well
 * ahead of TensorFlow Playground's per-node engine and of TensorFlow.js's CPU backend, on the same
 * networks). Same networks, batch sizes, data pool and SGD; each timed with the same clock.
 *
 * - Per-node: TensorFlow Playground's design, written here for the bench (Playground is not an npm
 *   package): one object per neuron and per link, a forward and a backward pass per example, the
 *   derivatives accumulated on the links and applied every `batch` examples. The structure (and so
 *   the cost) follows Playground's nn.ts: Node { inputLinks, outputs, bias, totalInput, output,
 *   outputDer, inputDer, accInputDer }, Link { source, dest, weight, errorDer, accErrorDer }.
 * - TensorFlow.js 4.22 with its pure-JS CPU backend (@tensorflow/tfjs-backend-cpu: what runs in a
 *   browser without WebGL/WebGPU, and in a Web Worker), float32, `optimizer.minimize` over tf ops,
 *   sigmoid outputs through the stable `sigmoidCrossEntropy` on logits.
 *
 * Each baseline must learn (its loss falls on the XOR-like data), so nothing is timed while broken.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as TF from '@tensorflow/tfjs-core';
import { build } from 'esbuild';
import { createRng, type Activation, type LossKind } from '../src/engine';
import { measure, type Measurement } from './measure';

export interface BaselineCase {
  id: string;
  hidden: number[];
  activation: Activation;
  output: Activation;
  loss: LossKind;
  batch: number;
  learningRate: number;
}

export interface Batch {
  X: Float64Array;
  Y: Float64Array;
}

// ---------------------------------------------------------------------------------------------
// Per-node (TensorFlow Playground's design).
// ---------------------------------------------------------------------------------------------

interface NodeFn {
  output(x: number): number;
  der(x: number): number;
}

const NODE_FNS: Partial<Record<Activation, NodeFn>> = {
  tanh: { output: (x) => Math.tanh(x), der: (x) => 1 - Math.tanh(x) ** 2 },
  relu: { output: (x) => Math.max(0, x), der: (x) => (x <= 0 ? 0 : 1) },
  sigmoid: {
    output: (x) => 1 / (1 + Math.exp(-x)),
    der: (x) => {
      const s = 1 / (1 + Math.exp(-x));
      return s * (1 - s);
    },
  },
  linear: { output: (x) => x, der: () => 1 },
};

class PerNode {
  inputLinks: PerNodeLink[] = [];
  outputs: PerNodeLink[] = [];
  bias = 0.1;
  totalInput = 0;
  output = 0;
  outputDer = 0;
  inputDer = 0;
  accInputDer = 0;
  numAccumulatedDers = 0;
  constructor(readonly fn: NodeFn) {}

  updateOutput(): number {
    let total = this.bias;
    for (const link of this.inputLinks) total += link.weight * link.source.output;
    this.totalInput = total;
    this.output = this.fn.output(total);
    return this.output;
  }
}

class PerNodeLink {
  errorDer = 0;
  accErrorDer = 0;
  numAccumulatedDers = 0;
  constructor(
    readonly source: PerNode,
    readonly dest: PerNode,
    public weight: number,
  ) {}
}

function buildPerNode(c: BaselineCase, seed: number): PerNode[][] {
  const rng = createRng(seed);
  const shape = [2, ...c.hidden, 1];
  const network: PerNode[][] = [];
  for (let l = 0; l < shape.length; l++) {
    const fn = NODE_FNS[l === shape.length - 1 ? c.output : c.activation];
    if (!fn) throw new Error(`per-node baseline: no ${c.activation}/${c.output}`);
    const layer: PerNode[] = [];
    for (let i = 0; i < shape[l]; i++) {
      const node = new PerNode(fn);
      if (l > 0) {
        for (const prev of network[l - 1]) {
          const link = new PerNodeLink(prev, node, rng.next() - 0.5);
          prev.outputs.push(link);
          node.inputLinks.push(link);
        }
      }
      layer.push(node);
    }
    network.push(layer);
  }
  return network;
}

function perNodeForward(network: PerNode[][], x1: number, x2: number): number {
  network[0][0].output = x1;
  network[0][1].output = x2;
  for (let l = 1; l < network.length; l++) for (const node of network[l]) node.updateOutput();
  return network[network.length - 1][0].output;
}

/** d loss / d output for one example: (ŷ − y) for mse; for sigmoid + bce through ∂L/∂ŷ. */
function errorDer(loss: LossKind, output: number, target: number): number {
  if (loss === 'mse') return output - target;
  const o = Math.min(1 - 1e-12, Math.max(1e-12, output));
  return (o - target) / (o * (1 - o));
}

function perNodeBackward(network: PerNode[][], loss: LossKind, target: number): void {
  const out = network[network.length - 1][0];
  out.outputDer = errorDer(loss, out.output, target);
  for (let l = network.length - 1; l >= 1; l--) {
    for (const node of network[l]) {
      node.inputDer = node.outputDer * node.fn.der(node.totalInput);
      node.accInputDer += node.inputDer;
      node.numAccumulatedDers++;
      for (const link of node.inputLinks) {
        link.errorDer = node.inputDer * link.source.output;
        link.accErrorDer += link.errorDer;
        link.numAccumulatedDers++;
      }
    }
    if (l === 1) continue;
    for (const node of network[l - 1]) {
      let der = 0;
      for (const link of node.outputs) der += link.weight * link.dest.inputDer;
      node.outputDer = der;
    }
  }
}

function perNodeUpdate(network: PerNode[][], learningRate: number): void {
  for (let l = 1; l < network.length; l++) {
    for (const node of network[l]) {
      if (node.numAccumulatedDers > 0) {
        node.bias -= (learningRate * node.accInputDer) / node.numAccumulatedDers;
        node.accInputDer = 0;
        node.numAccumulatedDers = 0;
      }
      for (const link of node.inputLinks) {
        if (link.numAccumulatedDers > 0) {
          link.weight -= (learningRate / link.numAccumulatedDers) * link.accErrorDer;
          link.accErrorDer = 0;
          link.numAccumulatedDers = 0;
        }
      }
    }
  }
}

function perNodeLoss(network: PerNode[][], c: BaselineCase, batches: readonly Batch[]): number {
  let sum = 0;
  let n = 0;
  for (const { X, Y } of batches) {
    for (let i = 0; i < Y.length; i++) {
      const o = perNodeForward(network, X[2 * i], X[2 * i + 1]);
      const y = Y[i];
      const oc = Math.min(1 - 1e-12, Math.max(1e-12, o));
      sum += c.loss === 'mse' ? 0.5 * (o - y) ** 2 : -(y * Math.log(oc) + (1 - y) * Math.log(1 - oc));
      n++;
    }
  }
  return sum / n;
}

export interface BaselineResult extends Measurement {
  lossBefore: number;
  lossAfter: number;
}

export function perNodeThroughput(c: BaselineCase, pool: readonly Batch[]): BaselineResult {
  const network = buildPerNode(c, 1);
  const lossBefore = perNodeLoss(network, c, pool);
  let next = 0;
  const run = (steps: number): void => {
    for (let s = 0; s < steps; s++) {
      const { X, Y } = pool[next];
      next = (next + 1) % pool.length;
      for (let i = 0; i < Y.length; i++) {
        perNodeForward(network, X[2 * i], X[2 * i + 1]);
        perNodeBackward(network, c.loss, Y[i]);
      }
      perNodeUpdate(network, c.learningRate);
    }
  };
  const r = measure(run, c.batch);
  return { ...r, lossBefore, lossAfter: perNodeLoss(network, c, pool) };
}

// ---------------------------------------------------------------------------------------------
// TensorFlow.js, CPU backend.
// ---------------------------------------------------------------------------------------------

let tfLoaded: Promise<typeof TF> | null = null;

/**
 * tfjs-core with its gradients and the CPU backend, as one module. The packages' Node entry (CommonJS)
 * leaves out the gradients, and their ES build, which registers them, is written for bundlers
 * (directory imports Node refuses), so it is bundled once with esbuild into node_modules/.cache.
 */
function loadTf(): Promise<typeof TF> {
  tfLoaded ??= (async () => {
    const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
    const outfile = resolve(root, 'node_modules/.cache/backprop-lab-bench/tfjs-cpu.cjs');
    mkdirSync(dirname(outfile), { recursive: true });
    await build({
      stdin: {
        contents: [
          "import '@tensorflow/tfjs-core/dist/register_all_gradients';",
          "import '@tensorflow/tfjs-backend-cpu';",
          "export * from '@tensorflow/tfjs-core';",
        ].join('\n'),
        resolveDir: root,
      },
      bundle: true,
      platform: 'node',
      // CommonJS: the Node platform code inside calls require('util').
      format: 'cjs',
      // The ES builds everywhere, so core, its gradients and the backend share one engine.
      mainFields: ['module', 'main'],
      outfile,
      logLevel: 'error',
    });
    const tf = createRequire(import.meta.url)(outfile) as typeof TF;
    // Quiet about the native backend it suggests; the point is the pure-JS one.
    tf.env().set('IS_TEST', true);
    if (!(await tf.setBackend('cpu'))) throw new Error('tfjs: the CPU backend did not start');
    return tf;
  })();
  return tfLoaded;
}

export async function tfjsThroughput(c: BaselineCase, pool: readonly Batch[]): Promise<BaselineResult> {
  const tf = await loadTf();
  const TF_ACTIVATIONS: Partial<Record<Activation, (x: TF.Tensor) => TF.Tensor>> = {
    tanh: (x) => tf.tanh(x),
    relu: (x) => tf.relu(x),
    sigmoid: (x) => tf.sigmoid(x),
    linear: (x) => x,
  };
  const rng = createRng(1);
  const sizes = [2, ...c.hidden, 1];
  const params = sizes.slice(1).map((units, l) => {
    const fanIn = sizes[l];
    const scale = Math.sqrt((c.activation === 'relu' ? 2 : 1) / fanIn);
    const W = Float32Array.from({ length: fanIn * units }, () => rng.normal() * scale);
    return {
      W: tf.variable(tf.tensor2d(W, [fanIn, units])),
      b: tf.variable(tf.zeros([1, units])),
    };
  });
  const hidden = TF_ACTIVATIONS[c.activation];
  if (!hidden) throw new Error(`tfjs baseline: no ${c.activation}`);
  const tensors = pool.map(({ X, Y }) => ({
    X: tf.tensor2d(Float32Array.from(X), [Y.length, 2]),
    Y: tf.tensor2d(Float32Array.from(Y), [Y.length, 1]),
  }));
  // Logits for sigmoid + bce (tf's stable sigmoidCrossEntropy), else the output itself for mse.
  const predict = (X: TF.Tensor): TF.Tensor => {
    let a: TF.Tensor = X;
    params.forEach(({ W, b }, l) => {
      const z = tf.add(tf.matMul(a, W), b);
      a = l === params.length - 1 ? z : hidden(z);
    });
    return c.output === 'tanh' ? tf.tanh(a) : a;
  };
  const lossOf = (X: TF.Tensor, Y: TF.Tensor): TF.Scalar =>
    c.loss === 'bce'
      ? tf.losses.sigmoidCrossEntropy(Y, predict(X))
      : tf.mul(0.5, tf.losses.meanSquaredError(Y, predict(X)));
  const meanLoss = (): number =>
    tf.tidy(() => {
      let sum = 0;
      for (const { X, Y } of tensors) sum += lossOf(X, Y).dataSync()[0];
      return sum / tensors.length;
    });
  const optimizer = tf.train.sgd(c.learningRate);
  const lossBefore = meanLoss();
  let next = 0;
  const run = (steps: number): void => {
    for (let s = 0; s < steps; s++) {
      const { X, Y } = tensors[next];
      next = (next + 1) % tensors.length;
      tf.tidy(() => {
        optimizer.minimize(() => lossOf(X, Y));
      });
    }
  };
  const r = measure(run, c.batch);
  const lossAfter = meanLoss();
  for (const { X, Y } of tensors) tf.dispose([X, Y]);
  for (const { W, b } of params) tf.dispose([W, b]);
  optimizer.dispose();
  return { ...r, lossBefore, lossAfter };
}
