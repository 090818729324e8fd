import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, mlpSpecOf, sanitizeConfig, type RunConfig } from '../../src/model/config';

describe('sanitizeConfig', () => {
  it('keeps unchanged arrays by reference, so a live setting makes no new network', () => {
    const current: RunConfig = { ...DEFAULT_CONFIG, hiddenLayers: [5, 3], features: ['x1', 'x2', 'sinX1'] };
    const { value, notices } = sanitizeConfig({ ...current, learningRate: 0.1 }, current);
    expect(notices).toEqual([]);
    expect(value.learningRate).toBe(0.1);
    expect(value.hiddenLayers).toBe(current.hiddenLayers);
    expect(value.features).toBe(current.features);
  });

  it('makes a new array only when it repairs one', () => {
    const hiddenLayers = [3, 999];
    const features = ['x2', 'x1'];
    const { value } = sanitizeConfig({ ...DEFAULT_CONFIG, hiddenLayers, features });
    expect(value.hiddenLayers).toEqual([3, 256]);
    expect(value.hiddenLayers).not.toBe(hiddenLayers);
    expect(value.features).toEqual(['x1', 'x2']);
    expect(value.features).not.toBe(features);
  });

  it("lets the user's own points decide which outputs fit", () => {
    const threeClasses = sanitizeConfig({ ...DEFAULT_CONFIG, output: 'softmax-ce' }, DEFAULT_CONFIG, {
      classes: 3,
    });
    expect(threeClasses.value.output).toBe('softmax-ce');
    expect(threeClasses.notices).toEqual([]);
    // Without them, the generated two-class circle does not take a softmax.
    expect(sanitizeConfig({ ...DEFAULT_CONFIG, output: 'softmax-ce' }).value.output).toBe('sigmoid-bce');
    expect(sanitizeConfig(DEFAULT_CONFIG, DEFAULT_CONFIG, { classes: 0 }).value.output).toBe('linear-mse');
  });

  it('builds the engine spec from the network shape', () => {
    const spec = mlpSpecOf({ ...DEFAULT_CONFIG, output: 'softmax-ce' }, { classes: 4 });
    expect(spec.inputSize).toBe(2);
    expect(spec.layers).toEqual([
      { units: 4, activation: 'tanh' },
      { units: 2, activation: 'tanh' },
      { units: 4, activation: 'softmax' },
    ]);
    expect(spec.loss).toBe('cross-entropy');
  });
});
