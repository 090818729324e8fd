import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONFIG,
  MAX_STEP_SECONDS,
  mlpSpecOf,
  sanitizeConfig,
  stepSecondsOf,
  type RunConfig,
} from '../../src/model/config';

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

describe('heavy settings are capped so a step stays under a second (issue 14)', () => {
  const heavy = {
    hiddenLayers: [256, 256, 256, 256, 256, 256, 256, 256],
    datasetSize: 10000,
    trainPercent: 90,
    batchSize: 10000,
    seed: 1,
  };

  it('the 8 × 256 link with 10 000 points is estimated at over 10 s, then capped under 1 s', () => {
    const raw = { ...DEFAULT_CONFIG, ...heavy };
    expect(stepSecondsOf(raw)).toBeGreaterThan(10);
    const { value, notices } = sanitizeConfig(heavy);
    expect(stepSecondsOf(value)).toBeLessThanOrEqual(MAX_STEP_SECONDS);
    expect(value.hiddenLayers).toEqual(heavy.hiddenLayers);
    expect(value.datasetSize).toBeLessThan(10000);
    expect(value.batchSize).toBeLessThan(10000);
    const notice = notices.find((n) => n.startsWith('Heavy settings'));
    expect(notice).toMatch(/would take about \d+ s; using \d+ points and a batch of \d+ so it takes about/);
  });

  it('light settings are untouched and say nothing', () => {
    const { value, notices } = sanitizeConfig({
      datasetSize: 10000,
      batchSize: 10000,
      hiddenLayers: [32, 32],
    });
    expect(value.datasetSize).toBe(10000);
    expect(value.batchSize).toBe(10000);
    expect(notices).toEqual([]);
  });

  it('own points are never dropped: only the batch shrinks', () => {
    const own = { classes: 2, count: 1000 } as const;
    const { value } = sanitizeConfig({ ...heavy }, DEFAULT_CONFIG, own);
    expect(value.batchSize).toBeLessThan(10000);
    expect(stepSecondsOf(value, own)).toBeLessThanOrEqual(MAX_STEP_SECONDS);
  });
});
