/**
 * The graph's caption while stepping: which layer the phase works on and which quantities it computes,
 * with the direction the numbers flow (forward: values to the right; backward: errors to the left).
 * The same quantities the inspector's equations compute in that phase (phaseEquations.ts), named as
 * the seed article writes them.
 */
import type { Phase } from '../../model/phase';
import { phaseLabel } from '../../model/phase';
import { activationName, layerName } from '../inspector/notation';

/** "Backward · layer 2: dZ2 → dW2, db2 · dA1, dZ1 ←"; '' at a step boundary (nothing is computed). */
export function phaseCaption(phase: Phase, L: number): string {
  switch (phase.kind) {
    case 'ready':
      return '';
    case 'forward': {
      const l = phase.layer;
      return `${phaseLabel(phase)}: ${activationName(l - 1, L)} → ${layerName('Z', l)} → ${activationName(l, L)} →`;
    }
    case 'loss':
      return `${phaseLabel(phase)}: ${activationName(L - 1, L)} vs y → L, ${layerName('dZ', L - 1)} ←`;
    case 'backward': {
      const l = phase.layer;
      const grads = `${layerName('dZ', l)} → ${layerName('dW', l)}, ${layerName('db', l)}`;
      // Layer 1's error has nowhere further to go: X is data, not a layer.
      return l === 0
        ? `${phaseLabel(phase)}: ${grads}`
        : `${phaseLabel(phase)}: ${grads} · ${layerName('dA', l - 1)}, ${layerName('dZ', l - 1)} ←`;
    }
    case 'update':
      return `${phaseLabel(phase)}: every layer's W, b step against dW, db`;
    default: {
      const never: never = phase;
      return String(never);
    }
  }
}
