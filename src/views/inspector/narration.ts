/**
 * The status narration for a phase, in words a screen reader can speak:
 *   "Step 12 · Backward · layer 2: dW2 = A1ᵀ · dZ2, (4×10)·(10×1) → (4×1); db2 = sum of the rows of dZ2 → (1×1); …"
 * The shell puts it in the role="status" element. The equations are the inspector's own (each
 * equation's `spoken` form, from phaseEquations.ts and update.ts), so the two never disagree.
 * Pure: the shapes come from `layerShapesOf`.
 */
import type { Activation, LossKind, OptimizerKind } from '../../engine';
import { phaseFits, phaseLabel, statusStep, type Phase } from '../../model/phase';
import { OUTPUTS, type RunConfig } from '../../model/config';
import type { OwnData } from '../../model/outputs';
import { layerWidths, networkShape } from '../../model/shape';
import type { Frame } from '../../worker/protocol';
import type { EquationContext, EquationModel } from './equationModel';
import { backwardEquations, forwardEquations, lossEquations } from './phaseEquations';
import { spokenUpdateRule } from './update';

export interface LayerShapes {
  /** Rows of the batch (examples per step). */
  n: number;
  /** sizes[0] = input features, sizes[k] = units of layer k (k = 1 … L). */
  sizes: readonly number[];
  /** Per weight layer: names the activation in forward phases and f′ in backward ones. */
  activations: readonly Activation[];
  loss: LossKind;
  optimizer: OptimizerKind;
  /** Optional extras for the loss and update phases. */
  lossValue?: number | null;
  learningRate?: number;
  regularization?: RunConfig['regularization'];
  regularizationRate?: number;
}

/**
 * The shapes for a config, the data in use (own data: drawn, imported or a model file's examples,
 * whose classes or target columns set the output's width) and a batch size (from the frame's batch
 * when there is one).
 */
export function layerShapesOf(
  config: RunConfig,
  n: number,
  extra?: Partial<LayerShapes>,
  data?: OwnData,
): LayerShapes {
  const shape = networkShape(config, data);
  return {
    n,
    sizes: layerWidths(shape),
    activations: shape.activations,
    loss: OUTPUTS[config.output].loss,
    optimizer: config.optimizer,
    learningRate: config.learningRate,
    regularization: config.regularization,
    regularizationRate: config.regularizationRate,
    ...extra,
  };
}

/**
 * The step number to narrate (src/model/phase.ts's `statusStep` for a frame): the step in progress
 * during forward … backward, the completed step count at a boundary and in the update phase.
 */
export function narratedStep(frame: Pick<Frame, 'step' | 'phase'>): number {
  return statusStep(frame.step, frame.phase);
}

/** The phase's equations, written from the shapes alone (no numbers). */
function spokenEquations(phase: Phase, s: LayerShapes): string {
  const ctx: EquationContext = {
    L: s.sizes.length - 1,
    n: s.n,
    sizes: s.sizes,
    activations: s.activations,
    loss: s.loss,
    lossValue: s.lossValue ?? null,
    data: null,
  };
  const say = (equations: EquationModel[]): string => equations.map((eq) => eq.spoken).join('; ');
  switch (phase.kind) {
    case 'ready':
      return '';
    case 'forward':
      return say(forwardEquations(ctx, phase.layer));
    case 'loss':
      return say(lossEquations(ctx));
    case 'backward':
      return say(backwardEquations(ctx, phase.layer));
    case 'update':
      return spokenUpdateRule(s.optimizer, s.learningRate, s.regularization, s.regularizationRate);
  }
}

/**
 * "Step 12 · Backward · layer 2: dW2 = A1ᵀ · dZ2, (4×10)·(10×1) → (4×1); …". At a step boundary just
 * "Step 12". Layers are 1-based in the words (the phase's 0-based layer + 1).
 */
export function narratePhase(step: number, phase: Phase, layerShapes: LayerShapes): string {
  const head = `Step ${step}`;
  const words = phaseLabel(phase);
  if (!words) return head;
  const L = layerShapes.sizes.length - 1;
  // A phase that does not exist in this network (a stale frame after a restart): no equations.
  if (L < 1 || !phaseFits(phase, L)) return `${head} · ${words}`;
  return `${head} · ${words}: ${spokenEquations(phase, layerShapes)}`;
}
