/**
 * The saturation watch's judgements: whether gradients vanish or explode (and what to try), the range
 * an activation's histogram spans, and how a fraction reads in the table.
 */
import type { Activation } from '../../engine';
import { OUTPUTS, type RunConfig } from '../../model/config';
import type { LayerHealth } from '../../worker/protocol';
import { formatValue } from '../../model/format';

export interface GradientWarning {
  kind: 'vanishing' | 'exploding';
  text: string;
}

/** Vanishing: layer 1's ‖dW‖ < 1e-6 while the last layer's is far larger. Exploding: any ‖dW‖ > 1e3. */
export function gradientWarning(
  health: readonly LayerHealth[],
  activation?: Activation,
): GradientWarning | null {
  const norms = health.map((h) => h.gradientNorm);
  if (norms.length === 0 || norms.some((v) => v === null)) return null;
  const values = norms as number[];
  const worst = values.reduce((best, v, l) => (!(v <= values[best]) ? l : best), 0);
  if (!Number.isFinite(values[worst]) || values[worst] > 1e3) {
    return {
      kind: 'exploding',
      text:
        `Gradients are exploding: layer ${worst + 1}'s gradient norm is ${formatValue(values[worst])}. ` +
        'Steps this big throw the weights far away; lower the learning rate, or use a smaller initialization.',
    };
  }
  const L = values.length;
  if (L >= 2) {
    const first = values[0];
    const last = values[L - 1];
    if (first < 1e-6 && last > 100 * first && last > 1e-9) {
      const hint =
        activation === 'sigmoid'
          ? ' Sigmoid’s slope is at most 0.25, so every layer shrinks the gradient; try tanh or ReLU, fewer layers, or Xavier/He initialization.'
          : activation === 'relu'
            ? ' With ReLU this usually means dead units (always 0, so they pass no gradient); try a lower learning rate, leaky ReLU or He initialization.'
            : ' Try fewer layers, another activation, or Xavier/He initialization.';
      return {
        kind: 'vanishing',
        text:
          `Gradients are vanishing: layer 1's gradient norm is ${formatValue(first)} while layer ${L}'s is ${formatValue(last)}. ` +
          `The first layers barely learn.${hint}`,
      };
    }
  }
  return null;
}

/** Each of `layers` layers' activation: the hidden activation, then the output's. */
export function layerActivations(config: RunConfig, layers: number): Activation[] {
  return Array.from({ length: layers }, (_, l) =>
    l === layers - 1 ? OUTPUTS[config.output].activation : config.activation,
  );
}

/**
 * The fixed range of an activation's outputs, so its histogram shows where in that range the values
 * sit (piled at ±1 is saturated); undefined for unbounded activations (the histogram fits the data).
 */
export function activationRange(activation: Activation): [number, number] | undefined {
  if (activation === 'tanh') return [-1, 1];
  if (activation === 'sigmoid' || activation === 'softmax') return [0, 1];
  return undefined;
}

/** Whether the output's loss cancels its activation's slope (BCE on sigmoid, cross-entropy on softmax). */
export function outputSlopeCancelled(output: string): boolean {
  return output === 'sigmoid-bce' || output === 'softmax-ce';
}

/** A fraction as the table shows it: "75 %", or "—" where it does not apply. */
export function percent(fraction: number | null): string {
  return fraction === null ? '—' : `${formatValue(fraction * 100, 3)} %`;
}
