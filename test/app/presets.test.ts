import { describe, expect, test } from 'vitest';
import { PRESETS, presetHash } from '../../src/app/presets';
import { parseHash } from '../../src/app/urlState';
import { DEFAULT_CONFIG, outputsFor, sanitizeConfig, trainCountOf } from '../../src/model/config';

describe('presets', () => {
  test('the menu offers the seven presets of issue 5, in order', () => {
    expect(PRESETS.map((p) => p.title)).toEqual([
      "The seed article's network",
      'Playground default',
      'Overfit a tiny dataset',
      'Vanishing gradients',
      'Exploding',
      'Dead ReLUs',
      'Three classes',
    ]);
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
  });

  test.each(PRESETS.map((p) => [p.title, p] as const))(
    '%s passes sanitizeConfig unchanged, with no notice',
    (_title, p) => {
      const { value, notices } = sanitizeConfig(p.config);
      expect(notices).toEqual([]);
      expect(value).toEqual(p.config);
      expect(outputsFor(p.config)).toContain(p.config.output);
    },
  );

  test.each(PRESETS.map((p) => [p.title, p] as const))(
    '%s: its link opens exactly its config',
    (_title, p) => {
      const url = parseHash(presetHash(p));
      expect(url.notices).toEqual([]);
      expect(url.config).toEqual(p.config);
      expect(url.position).toBeNull();
    },
  );

  test("the seed article's network: 2 → 16 ReLU → 1 sigmoid, W × 0.01, lr 0.1, full batch, XOR, SGD", () => {
    const c = PRESETS[0].config;
    expect(c.features).toEqual(['x1', 'x2']);
    expect(c.hiddenLayers).toEqual([16]);
    expect(c.activation).toBe('relu');
    expect(c.output).toBe('sigmoid-bce');
    expect(c.init).toBe('small');
    expect(c.initScale).toBe(0.01);
    expect(c.learningRate).toBe(0.1);
    expect(c.batchSize).toBe(trainCountOf(c));
    expect(c.dataset).toBe('xor');
    expect(c.optimizer).toBe('sgd');
  });

  test("Playground default is Playground's setup: our defaults with its tanh output and squared error", () => {
    expect(PRESETS[1].config).toEqual({ ...DEFAULT_CONFIG, output: 'tanh-mse' });
    // The same as opening Playground's own default link here (but for the seed, which cannot carry over).
    const fromLink = parseHash(
      '#activation=tanh&batchSize=10&dataset=circle&regDataset=reg-plane&learningRate=0.03' +
        '&regularizationRate=0&noise=0&networkShape=4,2&seed=0.5&showTestData=false&discretize=false' +
        '&percTrainData=50&x=true&y=true&xTimesY=false&xSquared=false&ySquared=false&cosX=false' +
        '&sinX=false&cosY=false&sinY=false&collectStats=false&problem=classification&initZero=false' +
        '&hideText=false',
    ).config;
    expect({ ...fromLink, seed: PRESETS[1].config.seed }).toEqual(PRESETS[1].config);
  });

  test('the others set what their names promise', () => {
    const byId = Object.fromEntries(PRESETS.map((p) => [p.id, p.config]));
    expect(trainCountOf(byId['overfit-tiny'])).toBe(8);
    expect(byId['overfit-tiny'].batchSize).toBe(8);
    expect(byId['overfit-tiny'].optimizer).toBe('adam');
    expect(byId.vanishing.hiddenLayers).toHaveLength(6);
    expect(byId.vanishing.activation).toBe('sigmoid');
    expect(byId.vanishing.init).toBe('small');
    expect(byId.exploding.learningRate).toBeGreaterThanOrEqual(3);
    expect(byId.exploding.optimizer).toBe('sgd');
    expect(byId['dead-relu'].activation).toBe('relu');
    expect(byId['dead-relu'].learningRate).toBeGreaterThanOrEqual(0.5);
    expect(byId['three-classes']).toMatchObject({ dataset: 'spiral-k', classes: 3, output: 'softmax-ce' });
  });
});
