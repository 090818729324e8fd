import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, sanitizeConfig } from '../../src/model/config';
import {
  classCountOf,
  isOutputSwitchNotice,
  OUTPUTS,
  outputsFor,
  outputUnits,
  targetEncodingOf,
  type OutputKind,
} from '../../src/model/outputs';
import { DATASET_KINDS } from '../../src/engine';

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

describe('notices name things as the page does (issue 14)', () => {
  const ID = /\b(sigmoid-bce|softmax-ce|linear-mse|tanh-mse|spiral-k|leaky-relu|x1Squared|multi-gaussian)\b/;
  const own = [undefined, { classes: 2 }, { classes: 3 }, { classes: 0 }];
  const cases = DATASET_KINDS.flatMap((dataset) =>
    (Object.keys(OUTPUTS) as OutputKind[]).flatMap((output) =>
      own.map((data) => ({ dataset, output, data })),
    ),
  );

  it.each(cases)('$dataset × $output × own data $data: no ids in notices', ({ dataset, output, data }) => {
    const { value, notices } = sanitizeConfig({ ...DEFAULT_CONFIG, dataset, output }, DEFAULT_CONFIG, data);
    expect(outputsFor(value, data)).toContain(value.output);
    for (const n of notices) expect(n).not.toMatch(ID);
    // A switch is said once, in words.
    expect(notices.filter(isOutputSwitchNotice).length).toBe(value.output === output ? 0 : 1);
  });

  it('bad choices are named by their labels', () => {
    const { notices } = sanitizeConfig({
      output: 'nope',
      activation: 'nope',
      dataset: 'nope',
      features: ['nope'],
      learningRate: Number.NaN,
    });
    expect(notices.length).toBe(5);
    for (const n of notices) expect(n).not.toMatch(ID);
    expect(notices.join(' ')).not.toMatch(/NaN/);
    expect(notices.join(' ')).toMatch(/Leaky ReLU/);
  });

  it('a tanh output on regression data learns the values', () => {
    expect(targetEncodingOf('tanh-mse', 0)).toBe('value');
    expect(targetEncodingOf('tanh-mse', 2)).toBe('plus-minus-one');
  });
});
