import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/model/config';
import { classCountOf, outputsFor, outputUnits } from '../../src/model/outputs';

describe('outputsFor', () => {
  it('offers the outputs of the generated dataset, the default first', () => {
    expect(outputsFor({ dataset: 'circle', classes: 3 })).toEqual(['sigmoid-bce', 'tanh-mse']);
    expect(outputsFor({ dataset: 'plane', classes: 3 })).toEqual(['linear-mse', 'tanh-mse']);
    expect(classCountOf({ dataset: 'circle', classes: 4 })).toBe(2);
  });

  it('lets own data decide by its classes, whatever dataset the config names', () => {
    const circle = { dataset: DEFAULT_CONFIG.dataset, classes: DEFAULT_CONFIG.classes };
    expect(outputsFor(circle, { classes: 3 })).toEqual(['softmax-ce']);
    expect(outputsFor(circle, { classes: 0 })).toEqual(['linear-mse', 'tanh-mse']);
    expect(outputsFor(circle, { classes: 2 })).toEqual(['sigmoid-bce', 'tanh-mse']);
    expect(outputsFor(circle, null)).toEqual(['sigmoid-bce', 'tanh-mse']);
    expect(outputUnits({ ...circle, output: 'softmax-ce' }, { classes: 5 })).toBe(5);
    expect(outputUnits({ ...circle, output: 'sigmoid-bce' }, { classes: 2 })).toBe(1);
  });
});
