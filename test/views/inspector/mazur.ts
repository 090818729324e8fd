/**
 * Matt Mazur's "A Step by Step Backpropagation Example": a 2-2-2 sigmoid network, squared error
 * (Σ(ŷ − y)²/(2n), his E_total for n = 1), one example, through the real engine in float64.
 */
import { createMLP } from '../../../src/engine';
import type { ChainSource } from '../../../src/views/inspector/chainRule';

/** Mazur's network and example, through createMLP + forward + backward (float64 throughout). */
export function mazurSource(): ChainSource {
  const mlp = createMLP({
    inputSize: 2,
    layers: [
      { units: 2, activation: 'sigmoid' },
      { units: 2, activation: 'sigmoid' },
    ],
    loss: 'mse',
  });
  mlp.setParameters([
    Float64Array.from([0.15, 0.25, 0.2, 0.3]),
    Float64Array.from([0.35, 0.35]),
    Float64Array.from([0.4, 0.5, 0.45, 0.55]),
    Float64Array.from([0.6, 0.6]),
  ]);
  const X = Float64Array.from([0.05, 0.1]);
  const Y = Float64Array.from([0.01, 0.99]);
  const pass = mlp.forward(X, 1);
  const grads = mlp.backward(pass, Y);
  return {
    n: 1,
    sizes: [2, 2, 2],
    activations: ['sigmoid', 'sigmoid'],
    loss: 'mse',
    X,
    Y,
    Z: pass.Z.map((z) => z.slice()),
    A: pass.A.map((a) => a.slice()),
    W: mlp.layers.map((layer) => layer.W.slice()),
    dW: grads.dW.map((d) => d.slice()),
  };
}
