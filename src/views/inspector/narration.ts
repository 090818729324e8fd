/**
 * The status narration for a phase, in words a screen reader can speak:
 *   "Step 12 · Backward · layer 2: dW2 = A1ᵀ · dZ2, (4×10)·(10×1) → (4×1); db2 = Σ rows of dZ2 → (1×1); …"
 * The shell puts it in the role="status" element. Pure: the shapes come from `layerShapesOf`.
 */
import type { Activation, LossKind, OptimizerKind } from '../../engine';
import { OUTPUTS, outputUnits, type RunConfig } from '../../model/config';
import type { Frame, Phase } from '../../worker/protocol';
import { activationName, formatValue, LOSS_LABELS, shapeOf } from './inspectorModel';

export interface LayerShapes {
  /** Rows of the batch (examples per step). */
  n: number;
  /** sizes[0] = input features, sizes[k] = units of layer k (k = 1 … L). */
  sizes: readonly number[];
  /** Per weight layer (optional): names the activation in forward phases and f′ in backward ones. */
  activations?: readonly Activation[];
  loss?: LossKind;
  /** Optional extras for the loss and update phases. */
  lossValue?: number | null;
  optimizer?: OptimizerKind;
  learningRate?: number;
}

/** The shapes for a config and batch size (from the frame's batch when there is one). */
export function layerShapesOf(config: RunConfig, n: number, extra?: Partial<LayerShapes>): LayerShapes {
  const sizes = [config.features.length, ...config.hiddenLayers, outputUnits(config)];
  const out = OUTPUTS[config.output];
  return {
    n,
    sizes,
    activations: sizes.slice(1).map((_, l) => (l === sizes.length - 2 ? out.activation : config.activation)),
    loss: out.loss,
    optimizer: config.optimizer,
    learningRate: config.learningRate,
    ...extra,
  };
}

/**
 * The step number to narrate: the step in progress during forward … backward, the completed step
 * count at a step boundary and in the update phase (the worker counts the update as it applies it).
 */
export function narratedStep(frame: Pick<Frame, 'step' | 'phase'>): number {
  const kind = frame.phase.kind;
  return kind === 'ready' || kind === 'update' ? frame.step : frame.step + 1;
}

const ACTIVATION_WORDS: Record<Activation, string> = {
  relu: 'ReLU',
  'leaky-relu': 'leaky ReLU',
  tanh: 'tanh',
  sigmoid: 'sigmoid',
  linear: 'identity',
  softmax: 'softmax',
};

const DERIVATIVE_WORDS: Record<Activation, (k: number) => string> = {
  relu: (k) => `1 where Z${k} > 0, else 0`,
  'leaky-relu': (k) => `1 where Z${k} > 0, else 0.01`,
  tanh: (k) => `1 − A${k}²`,
  sigmoid: (k) => `A${k} ⊙ (1 − A${k})`,
  linear: () => '1',
  softmax: () => 'folded into the loss',
};

const OPTIMIZER_WORDS: Record<OptimizerKind, string> = {
  sgd: 'W ← W − α · dW',
  momentum: 'v ← β · v + dW, W ← W − α · v',
  adam: 'W ← W − α · m̂ / (√v̂ + ε)',
};

function phaseWords(phase: Phase): string {
  switch (phase.kind) {
    case 'ready':
      return '';
    case 'forward':
      return `Forward · layer ${phase.layer + 1}`;
    case 'loss':
      return 'Loss';
    case 'backward':
      return `Backward · layer ${phase.layer + 1}`;
    case 'update':
      return 'Update';
  }
}

function detail(phase: Phase, s: LayerShapes): string {
  const { n, sizes } = s;
  const L = sizes.length - 1;
  switch (phase.kind) {
    case 'ready':
      return '';
    case 'forward': {
      const l = phase.layer;
      const k = l + 1;
      const prev = activationName(l - 1, L);
      const a = activationName(l, L);
      const act = s.activations?.[l];
      const f = act ? ACTIVATION_WORDS[act] : 'f';
      return (
        `Z${k} = ${prev} · W${k} + b${k}, ${shapeOf(n, sizes[l])}·${shapeOf(sizes[l], sizes[k])} + ${shapeOf(1, sizes[k])} → ${shapeOf(n, sizes[k])}; ` +
        `${a} = ${f}(Z${k})`
      );
    }
    case 'loss': {
      const out = sizes[L];
      const name = s.loss ? LOSS_LABELS[s.loss] : 'loss';
      const value = s.lossValue !== undefined && s.lossValue !== null ? ` = ${formatValue(s.lossValue)}` : '';
      return `${name}${value}; dZ${L} = (ŷ − y) / n, ${shapeOf(n, out)}`;
    }
    case 'backward': {
      const l = phase.layer;
      const k = l + 1;
      const prev = activationName(l - 1, L);
      const parts = [
        `dW${k} = ${prev}ᵀ · dZ${k}, ${shapeOf(sizes[l], n)}·${shapeOf(n, sizes[k])} → ${shapeOf(sizes[l], sizes[k])}`,
        `db${k} = sum of the rows of dZ${k} → ${shapeOf(1, sizes[k])}`,
      ];
      if (l > 0) {
        parts.push(`dA${l} = dZ${k} · W${k}ᵀ → ${shapeOf(n, sizes[l])}`);
        const act = s.activations?.[l - 1];
        const fprime = act ? ` with f′ = ${DERIVATIVE_WORDS[act](l)}` : '';
        parts.push(`dZ${l} = dA${l} ⊙ f′(Z${l})${fprime} → ${shapeOf(n, sizes[l])}`);
      }
      return parts.join('; ');
    }
    case 'update': {
      const rule = s.optimizer ? OPTIMIZER_WORDS[s.optimizer] : 'W ← W − α · dW';
      const lr = s.learningRate !== undefined ? `, α = ${formatValue(s.learningRate)}` : '';
      return `${rule} for every layer${lr}`;
    }
  }
}

/**
 * "Step 12 · Backward · layer 2: dW2 = A1ᵀ · dZ2, (4×10)·(10×1) → (4×1); …". At a step boundary just
 * "Step 12". Layers are 1-based in the words (the phase's 0-based layer + 1).
 */
export function narratePhase(step: number, phase: Phase, layerShapes: LayerShapes): string {
  const head = `Step ${step}`;
  const words = phaseWords(phase);
  if (!words) return head;
  const L = layerShapes.sizes.length - 1;
  const layer = phase.kind === 'forward' || phase.kind === 'backward' ? phase.layer : 0;
  // A phase that does not exist in this network (a stale frame after a restart): no equations.
  if (layer < 0 || layer >= L) return `${head} · ${words}`;
  return `${head} · ${words}: ${detail(phase, layerShapes)}`;
}
