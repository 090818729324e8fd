/**
 * The phased step: one training step taken a phase at a time (DESIGN.md "One training step, as
 * phases"), with the engine's forwardLayer / backwardLoss / backwardLayer, the batch's values kept
 * for the frames, and the state at the step's start for stepping back exactly.
 */
import type { BackwardPass, ForwardPass, MLP } from '../engine';
import { phaseAt } from '../model/phase';
import type { Keyframe } from './protocol';

/** The values of the last completed step's batch (shown at `ready`). */
export interface LastBatch {
  step: number;
  n: number;
  indices: Uint32Array;
  X: Float64Array;
  Y: Float64Array;
  pass: ForwardPass;
  grads: BackwardPass;
}

/** The phased step in progress. */
export interface StepInProgress {
  /** State at the start of the step (after the events at `step` were applied). */
  start: Keyframe;
  n: number;
  indices: Uint32Array;
  epochAfter: number;
  X: Float64Array;
  Y: Float64Array;
  pass: ForwardPass;
  grads: BackwardPass | null;
  /** Parameters before the update, in the update phase. */
  prevParams: Float64Array[] | null;
  /** A copy of the previous step's batch values, shown again when stepping back to ready. */
  lastBefore: LastBatch | null;
}

/** A step about to run its first phase on the batch X (n × d), Y (n × outputs). */
export function startStep(
  mlp: MLP,
  batch: { indices: Uint32Array; X: Float64Array; Y: Float64Array; epochAfter: number },
  start: Keyframe,
  lastBefore: LastBatch | null,
): StepInProgress {
  const n = batch.indices.length;
  const pass: ForwardPass = {
    n,
    X: batch.X,
    Z: mlp.layers.map((layer) => new Float64Array(n * layer.units)),
    A: mlp.layers.map((layer) => new Float64Array(n * layer.units)),
  };
  return { start, n, ...batch, pass, grads: null, prevParams: null, lastBefore };
}

/**
 * Computes the phase at `index` (1 … 2L+1) of the step: forward l, the loss, backward l. The update
 * (index 2L+2) is the run's own, since it counts the step.
 */
export function runPhase(mlp: MLP, s: StepInProgress, index: number): void {
  const phase = phaseAt(index, mlp.layers.length);
  switch (phase.kind) {
    case 'forward':
      mlp.forwardLayer(s.pass, phase.layer);
      return;
    case 'loss':
      s.grads = mlp.backwardLoss(s.pass, s.Y);
      return;
    case 'backward':
      mlp.backwardLayer(s.pass, s.grads as BackwardPass, phase.layer);
      return;
    default:
      throw new Error(`runPhase: phase ${index} is not forward, loss or backward`);
  }
}

/** A deep copy of a batch's values (the fast path reuses its buffers). */
export function copyLastBatch(b: LastBatch): LastBatch {
  const X = b.X.slice();
  return {
    step: b.step,
    n: b.n,
    indices: b.indices.slice(),
    X,
    Y: b.Y.slice(),
    pass: { n: b.pass.n, X, Z: b.pass.Z.map((a) => a.slice()), A: b.pass.A.map((a) => a.slice()) },
    grads: {
      loss: b.grads.loss,
      dZ: b.grads.dZ.map((a) => a.slice()),
      dW: b.grads.dW.map((a) => a.slice()),
      db: b.grads.db.map((a) => a.slice()),
      dA: b.grads.dA.map((a) => a.slice()),
    },
  };
}
