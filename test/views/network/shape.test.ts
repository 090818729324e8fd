import { describe, expect, it } from 'vitest';
import {
  createShapeSelector,
  networkShapeOf,
  outputCount,
  sameShape,
} from '../../../src/views/network/shape';
import { DEFAULT_CONFIG } from '../../../src/model/config';
import type { RunConfig } from '../../../src/model/config';

const config: RunConfig = { ...DEFAULT_CONFIG, features: ['x1', 'x2'], hiddenLayers: [3, 2] };

describe('network shape', () => {
  it('createShapeSelector returns the same object while features and layer sizes are equal by value', () => {
    const select = createShapeSelector();
    const first = select({ config, customData: null });
    const copy = { ...config, features: [...config.features], hiddenLayers: [...config.hiddenLayers] };
    expect(select({ config: { ...copy, learningRate: 0.5 }, customData: null })).toBe(first);
    expect(select({ config: { ...copy, optimizer: 'adam', batchSize: 7 }, customData: null })).toBe(first);
    expect(
      select({ config: { ...copy, regularization: 'l1', regularizationRate: 0.1 }, customData: null }),
    ).toBe(first);
  });

  it('a new layer size, feature set or activation is a new shape', () => {
    const select = createShapeSelector();
    const first = select({ config, customData: null });
    const wider = select({ config: { ...config, hiddenLayers: [3, 3] }, customData: null });
    expect(wider).not.toBe(first);
    expect(wider.hiddenLayers).toEqual([3, 3]);
    expect(select({ config: { ...config, hiddenLayers: [3, 3] }, customData: null })).toBe(wider);
    expect(select({ config: { ...config, features: ['x1'] }, customData: null })).not.toBe(wider);
    const base = networkShapeOf({ config, customData: null });
    expect(
      sameShape(
        base,
        networkShapeOf({
          config: { ...config, activation: 'relu' === config.activation ? 'tanh' : 'relu' },
          customData: null,
        }),
      ),
    ).toBe(false);
    expect(
      sameShape(base, networkShapeOf({ config: { ...config, features: ['x2', 'x1'] }, customData: null })),
    ).toBe(false);
  });

  it('outputCount: one unit unless softmax; softmax has one per class (at least 2)', () => {
    expect(outputCount(config, null)).toBe(1);
    expect(outputCount({ ...config, dataset: 'blobs', classes: 3, output: 'softmax-ce' }, null)).toBe(3);
  });
});
