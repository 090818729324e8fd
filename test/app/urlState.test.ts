import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from '../../src/app/urlState';
import { DEFAULT_CONFIG, sanitizeConfig, type RunConfig } from '../../src/model/config';

describe('urlState', () => {
  it('parseHash(""): the defaults, no notice, no position', () => {
    const state = parseHash('');
    expect(state.config).toEqual(DEFAULT_CONFIG);
    expect(state.notices).toEqual([]);
    expect(state.position).toBeNull();
  });

  it('formatHash then parseHash reproduces every setting', () => {
    const config: RunConfig = {
      ...DEFAULT_CONFIG,
      dataset: 'spiral-k',
      classes: 4,
      output: 'softmax-ce',
      noise: 25,
      trainPercent: 70,
      datasetSize: 300,
      features: ['x1', 'x2', 'sinX1'],
      hiddenLayers: [16, 8, 3],
      activation: 'relu',
      init: 'small',
      initScale: 0.05,
      seed: 42,
      learningRate: 0.003,
      optimizer: 'adam',
      beta1: 0.8,
      beta2: 0.99,
      regularization: 'l2',
      regularizationRate: 0.001,
      batchSize: 32,
    };
    const state = parseHash(
      formatHash(config, { step: 120, phase: { kind: 'backward', layer: 1 } }, ['learningRate']),
    );
    expect(state.notices).toEqual([]);
    expect(state.config).toEqual(config);
    expect(state.position).toEqual({ step: 120, phase: { kind: 'backward', layer: 1 } });
    expect(state.hidden).toEqual(['learningRate']);
  });

  it('formatHash always pins the seed, even at its default', () => {
    expect(formatHash(DEFAULT_CONFIG)).toBe(`#seed=${DEFAULT_CONFIG.seed}`);
  });

  it('clamps huge numbers with a notice naming the setting', () => {
    const state = parseHash('#learningRate=1e308&batchSize=-5&noise=9999');
    expect(state.config.learningRate).toBe(10);
    expect(state.config.batchSize).toBe(1);
    expect(state.config.noise).toBe(50);
    expect(state.notices.join(' ')).toMatch(/Learning rate/);
    expect(state.notices.join(' ')).toMatch(/Batch size/);
    expect(state.notices.join(' ')).toMatch(/Noise/);
  });

  it('replaces invalid values with the defaults and reports unknown keys', () => {
    const state = parseHash('#activation=banana&dataset=%3Cscript%3E&foo=1&hiddenLayers=a,b');
    expect(state.config.activation).toBe(DEFAULT_CONFIG.activation);
    expect(state.config.dataset).toBe(DEFAULT_CONFIG.dataset);
    expect(state.config.hiddenLayers).toEqual(DEFAULT_CONFIG.hiddenLayers);
    const text = state.notices.join(' ');
    expect(text).toMatch(/Activation/);
    expect(text).toMatch(/Dataset/);
    expect(text).toMatch(/foo/);
    expect(text).toMatch(/Layers/);
  });

  it('survives broken percent-encoding', () => {
    const state = parseHash('#%E0%A4%A&learningRate=0.1');
    expect(state.config.learningRate).toBe(0.1);
    expect(state.notices.join(' ')).toMatch(/not valid URL encoding/);
  });

  it('accepts Playground names (networkShape, percTrainData)', () => {
    const state = parseHash('#networkShape=3,3&percTrainData=60');
    expect(state.config.hiddenLayers).toEqual([3, 3]);
    expect(state.config.trainPercent).toBe(60);
  });

  // A link copied from TensorFlow Playground's address bar (its own key order and spelling).
  const PLAYGROUND_LINK =
    '#activation=relu&batchSize=21&dataset=spiral&regDataset=reg-plane&learningRate=0.3' +
    '&regularizationRate=0.001&noise=15&networkShape=8,6,3&seed=0.49421&showTestData=true' +
    '&discretize=false&percTrainData=70&x=true&y=false&xTimesY=true&xSquared=false&ySquared=true' +
    '&cosX=false&sinX=true&cosY=false&sinY=false&collectStats=false&problem=classification' +
    '&initZero=false&hideText=false&regularization=L2&learningRate_hide=true';

  it('opens a TensorFlow Playground link with the same experiment, and says what differs', () => {
    const state = parseHash(PLAYGROUND_LINK);
    expect(state.config).toEqual({
      ...DEFAULT_CONFIG,
      dataset: 'spiral',
      datasetSize: 500,
      noise: 15,
      trainPercent: 70,
      features: ['x1', 'x2Squared', 'x1TimesX2', 'sinX1'],
      hiddenLayers: [8, 6, 3],
      activation: 'relu',
      output: 'tanh-mse',
      optimizer: 'sgd',
      learningRate: 0.3,
      regularization: 'l2',
      regularizationRate: 0.001,
      batchSize: 21,
      seed: state.config.seed,
    });
    expect(state.view).toEqual({ showTestPoints: true, discretize: false });
    expect(state.hidden).toEqual(['learningRate']);
    const text = state.notices.join(' ');
    expect(text).toMatch(/TensorFlow Playground link/);
    // Playground's seed cannot be reproduced; the mapped seed is stable and said.
    expect(text).toMatch(new RegExp(`seed ${state.config.seed}`));
    expect(parseHash(PLAYGROUND_LINK).config.seed).toBe(state.config.seed);
    expect(parseHash(PLAYGROUND_LINK.replace('0.49421', '0.12345')).config.seed).not.toBe(state.config.seed);
    // No "unknown settings" notice for Playground's own keys.
    expect(text).not.toMatch(/unknown settings/);
  });

  it('a Playground regression link gets its regression dataset, size and linear output', () => {
    const state = parseHash('#problem=regression&regDataset=reg-gauss&dataset=xor&networkShape=&seed=7');
    expect(state.config.dataset).toBe('multi-gaussian');
    expect(state.config.datasetSize).toBe(1200);
    expect(state.config.output).toBe('linear-mse');
    expect(state.config.hiddenLayers).toEqual([]);
    expect(state.config.seed).toBe(7);
  });

  it('a Playground link with bad values falls back with notices, and cos features are reported', () => {
    const state = parseHash(
      '#networkShape=4,x&activation=swish&dataset=moon&regularization=L3&learningRate=1e9&cosX=true&initZero=true',
    );
    expect(state.config.activation).toBe('tanh');
    expect(state.config.dataset).toBe('circle');
    expect(state.config.regularization).toBe('none');
    expect(state.config.learningRate).toBe(10);
    expect(state.config.hiddenLayers).toEqual(DEFAULT_CONFIG.hiddenLayers);
    const text = state.notices.join(' ');
    for (const word of ['swish', 'moon', 'L3', 'Learning rate', 'cosX', 'initZero'])
      expect(text).toContain(word);
  });

  it('our own links carry the view toggles too, and round-trip them', () => {
    const hash = formatHash(DEFAULT_CONFIG, null, [], { showTestPoints: true, discretize: true });
    expect(hash).toContain('showTestData=true');
    const state = parseHash(hash);
    expect(state.view).toEqual({ showTestPoints: true, discretize: true });
    expect(state.config).toEqual(DEFAULT_CONFIG);
    expect(state.notices).toEqual([]);
    expect(parseHash('#discretize=maybe').notices.join(' ')).toMatch(/discretize/);
  });

  it('rejects a phase layer beyond the network with a notice', () => {
    const state = parseHash('#hiddenLayers=4&step=3&phase=backward-5');
    expect(state.position).toEqual({ step: 3, phase: { kind: 'ready' } });
    expect(state.notices.join(' ')).toMatch(/layer 5/);
  });

  it('never throws and always gives a valid config, whatever the hash', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (hash) => {
        const state = parseHash(hash);
        // A sanitized config is a fixed point of sanitizeConfig: nothing left to repair.
        expect(sanitizeConfig(state.config).notices).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('urlState: the speed key', () => {
  it('a link without speed leaves the speed to the page (null), and formatHash writes none', () => {
    expect(parseHash('#seed=1').speed).toBeNull();
    expect(formatHash(DEFAULT_CONFIG)).not.toContain('speed');
  });

  it('speed=max and speed=<steps per second> round-trip through formatHash', () => {
    for (const speed of ['max', 10, 0.5, 1000] as const) {
      const hash = formatHash(DEFAULT_CONFIG, null, [], {}, speed);
      expect(hash).toContain(`speed=${String(speed)}`);
      const state = parseHash(hash);
      expect(state.speed).toBe(speed);
      expect(state.notices).toEqual([]);
    }
  });

  it.each(['fast', '', '0', '-5', '1e9', 'NaN', 'Infinity'])(
    'speed=%j is ignored with a notice naming it, the rest of the link still applies',
    (text) => {
      const state = parseHash(`#learningRate=0.1&speed=${text}`);
      expect(state.speed).toBeNull();
      expect(state.config.learningRate).toBe(0.1);
      expect(state.notices).toHaveLength(1);
      expect(state.notices[0]).toContain(`speed="${text}"`);
      expect(state.notices[0]).toContain('max or a number of steps per second');
    },
  );
});

describe('links past a million steps (issue 14)', () => {
  it('a link to step 10 537 014 reopens there', () => {
    const state = parseHash('#seed=11&step=10537014');
    expect(state.notices).toEqual([]);
    expect(state.position?.step).toBe(10_537_014);
  });

  it('a step beyond the limit is ignored, and the notice says so (no "starting at step 0" on a live page)', () => {
    const state = parseHash('#step=1e12');
    expect(state.position).toBeNull();
    expect(state.notices.join(' ')).toMatch(/the link's step was ignored/);
  });
});
