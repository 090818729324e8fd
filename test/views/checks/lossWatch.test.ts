import { describe, expect, it } from 'vitest';
import { detectLossRise } from '../../../src/views/checks/lossWatch';

describe('loss watch', () => {
  const steps = Float64Array.from({ length: 12 }, (_, i) => i * 10);

  it('detectLossRise(): a sustained rise well above the best is caught; noise and short blips are not', () => {
    const rising = Float32Array.from([0.7, 0.5, 0.3, 0.2, 0.25, 0.3, 1.5, 2, 2.5, 3, 4, 5]);
    expect(detectLossRise(steps, rising)).toEqual({
      bestStep: 30,
      bestLoss: expect.closeTo(0.2, 6),
      currentLoss: 5,
      sinceStep: 70,
    });
    const noisy = Float32Array.from([0.7, 0.5, 0.3, 0.2, 0.25, 0.3, 0.22, 0.35, 0.28, 0.3, 0.26, 0.21]);
    expect(detectLossRise(steps, noisy)).toBeNull();
    const blip = Float32Array.from([0.7, 0.5, 0.3, 0.2, 0.25, 0.3, 0.22, 3, 3, 0.3, 3, 3]);
    expect(detectLossRise(steps, blip)).toBeNull();
  });

  it('detectLossRise(): a raised window spanning fewer than minSteps steps, too few points, or NaN is no rise', () => {
    const rising = Float32Array.from([0.7, 0.5, 0.3, 0.2, 0.25, 0.3, 1.5, 2, 2.5, 3, 4, 5]);
    expect(detectLossRise(steps, rising, { minSteps: 50 })).toBeNull();
    expect(detectLossRise(steps.subarray(0, 5), rising.subarray(0, 5))).toBeNull();
    const nan = Float32Array.from([0.7, 0.5, 0.3, 0.2, 0.25, 0.3, 1.5, 2, NaN, 3, 4, 5]);
    expect(detectLossRise(steps, nan)).toBeNull();
  });
});
