import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/model/config';
import type { LayerHealth } from '../../../src/worker/protocol';
import {
  activationRange,
  gradientWarning,
  layerActivations,
  percent,
} from '../../../src/views/checks/saturation';

function health(norms: (number | null)[], extra: Partial<LayerHealth> = {}): LayerHealth[] {
  return norms.map((gradientNorm) => ({
    activationMean: 0,
    activationStd: 1,
    saturatedFraction: null,
    deadFraction: null,
    gradientNorm,
    ...extra,
  }));
}

describe('saturation watch', () => {
  it('gradientWarning(): vanishing when layer 1 is below 1e-6 and the last layer far above; exploding above 1e3', () => {
    expect(gradientWarning(health([1e-8, 1e-4, 1e-2]), 'sigmoid')?.kind).toBe('vanishing');
    expect(gradientWarning(health([1e-8, 1e-4, 1e-2]), 'sigmoid')?.text).toMatch(
      /vanishing.*layer 1.*1e-8.*layer 3/,
    );
    expect(gradientWarning(health([0.01, 0.02, 0.05]))).toBeNull();
    expect(gradientWarning(health([1e-7, 2e-7]))).toBeNull();
    expect(gradientWarning(health([2, 5e4, 3]))?.text).toMatch(/exploding: layer 2/);
    expect(gradientWarning(health([null, null]))).toBeNull();
  });

  it('gradientWarning(): a non-finite norm is exploding; the vanishing hint names the activation', () => {
    expect(gradientWarning(health([1, NaN]))?.kind).toBe('exploding');
    expect(gradientWarning(health([1e-8, 1e-2]), 'relu')?.text).toMatch(/dead units/);
    expect(gradientWarning(health([1e-8, 1e-2]), 'tanh')?.text).toMatch(/Try fewer layers/);
  });

  it('layerActivations(): the hidden activation per hidden layer, then the output’s', () => {
    const config = { ...DEFAULT_CONFIG, activation: 'relu' as const, output: 'softmax-ce' as const };
    expect(layerActivations(config, 3)).toEqual(['relu', 'relu', 'softmax']);
    expect(layerActivations(config, 0)).toEqual([]);
  });

  it('activationRange(): tanh on [−1, 1], sigmoid and softmax on [0, 1], unbounded ones fit the data', () => {
    expect(activationRange('tanh')).toEqual([-1, 1]);
    expect(activationRange('sigmoid')).toEqual([0, 1]);
    expect(activationRange('softmax')).toEqual([0, 1]);
    expect(activationRange('relu')).toBeUndefined();
    expect(activationRange('linear')).toBeUndefined();
  });

  it('percent(): a fraction as "75 %", "—" where it does not apply', () => {
    expect(percent(0.75)).toBe('75 %');
    expect(percent(0)).toBe('0 %');
    expect(percent(null)).toBe('—');
  });
});
