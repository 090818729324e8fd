import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/model/config';
import { layerWidths, networkShape } from '../../src/model/shape';

describe('networkShape', () => {
  it('lists the weight layers from the config', () => {
    const shape = networkShape(DEFAULT_CONFIG);
    expect(shape).toEqual({
      inputs: 2,
      sizes: [4, 2, 1],
      activations: ['tanh', 'tanh', 'sigmoid'],
      outputs: 1,
      L: 3,
    });
    expect(layerWidths(shape)).toEqual([2, 4, 2, 1]);
  });

  it('sizes a softmax output by the classes of the data in use', () => {
    const config = {
      ...DEFAULT_CONFIG,
      dataset: 'spiral-k' as const,
      classes: 3,
      hiddenLayers: [],
      output: 'softmax-ce' as const,
    };
    expect(networkShape(config).sizes).toEqual([3]);
    expect(networkShape({ ...config, dataset: 'circle' }, { classes: 5 })).toMatchObject({
      sizes: [5],
      activations: ['softmax'],
      outputs: 5,
      L: 1,
    });
  });
});
