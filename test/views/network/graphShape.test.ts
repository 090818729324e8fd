import { describe, expect, it } from 'vitest';
import {
  createGraphShapeSelector,
  graphShapeOf,
  sameGraphShape,
} from '../../../src/views/network/graphShape';
import { DEFAULT_CONFIG } from '../../../src/model/config';
import type { RunConfig } from '../../../src/model/config';
import type { Dataset } from '../../../src/engine';
import type { FrameDataset } from '../../../src/worker/protocol';

const config: RunConfig = { ...DEFAULT_CONFIG, features: ['x1', 'x2'], hiddenLayers: [3, 2] };
const generated = { customData: null, dataset: null };

describe('the graph shape', () => {
  it('createGraphShapeSelector returns the same object while features and layer sizes are equal by value', () => {
    const select = createGraphShapeSelector();
    const first = select({ config, ...generated });
    const copy = { ...config, features: [...config.features], hiddenLayers: [...config.hiddenLayers] };
    expect(select({ config: { ...copy, learningRate: 0.5 }, ...generated })).toBe(first);
    expect(select({ config: { ...copy, optimizer: 'adam', batchSize: 7 }, ...generated })).toBe(first);
    expect(select({ config: { ...copy, regularization: 'l1', regularizationRate: 0.1 }, ...generated })).toBe(
      first,
    );
  });

  it('a new layer size, feature set or activation is a new shape', () => {
    const select = createGraphShapeSelector();
    const first = select({ config, ...generated });
    const wider = select({ config: { ...config, hiddenLayers: [3, 3] }, ...generated });
    expect(wider).not.toBe(first);
    expect(wider.hiddenLayers).toEqual([3, 3]);
    expect(select({ config: { ...config, hiddenLayers: [3, 3] }, ...generated })).toBe(wider);
    expect(select({ config: { ...config, features: ['x1'] }, ...generated })).not.toBe(wider);
    const base = graphShapeOf({ config, ...generated });
    const other = config.activation === 'relu' ? 'tanh' : 'relu';
    expect(
      sameGraphShape(base, graphShapeOf({ config: { ...config, activation: other }, ...generated })),
    ).toBe(false);
    expect(
      sameGraphShape(base, graphShapeOf({ config: { ...config, features: ['x2', 'x1'] }, ...generated })),
    ).toBe(false);
  });

  it('outputs: one unit unless softmax; softmax has one per class', () => {
    expect(graphShapeOf({ config, ...generated }).outputs).toBe(1);
    const blobs: RunConfig = { ...config, dataset: 'blobs', classes: 3, output: 'softmax-ce' };
    expect(graphShapeOf({ config: blobs, ...generated }).outputs).toBe(3);
  });

  it("outputs follow the data in use, as the network's do: drawn points' classes, a model file's targets", () => {
    // Two drawn classes while the chosen dataset has four: the network has 2 softmax units.
    const drawn = { classes: 2 } as Dataset;
    const blobs: RunConfig = { ...config, dataset: 'blobs', classes: 4, output: 'softmax-ce' };
    expect(graphShapeOf({ config: blobs, customData: drawn, dataset: null }).outputs).toBe(2);
    // A model file's regression run with 3 target columns.
    const model = { classes: 0, outputs: 3 } as FrameDataset['model'];
    const file = { model } as FrameDataset;
    const regression: RunConfig = { ...config, output: 'linear-mse' };
    expect(graphShapeOf({ config: regression, customData: null, dataset: file }).outputs).toBe(3);
  });
});
