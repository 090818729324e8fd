import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/app/presets';
import { DEFAULT_CONFIG, sanitizeConfig, type RunConfig } from '../../src/model/config';
import { constantGuessLoss, LearningRateWatch, majorityShare } from '../../src/worker/diagnosis';
import { createWorkerState, handleMessage, playSlice } from '../../src/worker/handlers';
import type { LearningRateDiagnosis } from '../../src/worker/protocol';
import { createRun } from '../../src/worker/run';

/** A watch over 250 training points in batches of 10 (windows of 25 steps), guess loss 0.69. */
const watch = () => new LearningRateWatch(250, 10, 0.54, 0.69);

/** Feeds `loss(step)` for steps from..to; the first finding, or null. */
function feed(w: LearningRateWatch, from: number, to: number, loss: (step: number) => number) {
  w.setLearningRate(0.1);
  for (let s = from; s <= to; s++) {
    const found = w.observeStep(s, loss(s));
    if (found) return found;
  }
  return null;
}

describe('LearningRateWatch on constructed loss series', () => {
  it('a loss at 4× its best for 50 steps is a loss-rise; a 40-step blip is not', () => {
    const rising = feed(watch(), 1, 400, (s) => (s <= 100 ? 0.2 : 0.8));
    expect(rising?.kind).toBe('loss-rise');
    expect(rising?.since).toBe(101);
    expect(rising?.step).toBe(150);
    expect(rising?.evidence[0]).toMatch(/^loss 4\.0× its best \(0\.200 at step 25\) for the last 50 steps$/);
    expect(feed(watch(), 1, 400, (s) => (s > 100 && s <= 125 ? 0.8 : 0.2))).toBeNull();
  });

  it('a tiny late loss that triples is not a rise (below half the constant guess)', () => {
    expect(feed(watch(), 1, 2000, (s) => (s <= 500 ? 0.01 : 0.05))).toBeNull();
  });

  it('a loss above 1.25× the constant guess for 200 steps without a new best is worse-than-guessing', () => {
    const found = feed(watch(), 1, 1000, (s) => (s <= 25 ? 0.8 : 1.0));
    expect(found?.kind).toBe('worse-than-guessing');
    expect(found?.step).toBe(225);
    expect(found?.evidence[0]).toMatch(/averaged 1\.000, 1\.4× the loss of a constant guess \(0\.690\)/);
  });

  it('swings by ≥ 2× with no new best for 200 steps is an oscillation', () => {
    // Best 0.3 at the first window; then windows alternate 0.15·2^(±) around the best's level.
    const found = feed(watch(), 1, 1000, (s) => (s <= 25 ? 0.3 : Math.floor(s / 25) % 2 ? 0.35 : 0.8));
    expect(found?.kind).toBe('oscillation');
    expect(found?.evidence[0]).toMatch(/^no new best loss for \d+ steps \(best 0\.300 at step 25\)$/);
  });

  it('a steadily falling loss, however noisy per step, says nothing', () => {
    expect(feed(watch(), 1, 5000, (s) => (0.7 / (1 + s / 100)) * (s % 2 ? 1.8 : 0.2))).toBeNull();
  });

  it('a ReLU layer that dies (after being alive) and stays dead is a dead-layer; dead from the start is not', () => {
    const w = watch();
    w.setLearningRate(10);
    const probe = (dead: number) => ({ deadUnits: [0, dead], units: [4, 2], accuracy: 0.46 });
    expect(w.observeProbe(0, probe(0), 'sgd')).toBeNull();
    expect(w.observeProbe(3, probe(2), 'sgd')).toBeNull();
    expect(w.observeProbe(4, probe(2), 'sgd')).toBeNull();
    const found = w.observeProbe(5, probe(2), 'sgd');
    expect(found).toMatchObject({ kind: 'dead-layer', step: 5, since: 3, rewindStep: 2 });
    expect(found?.evidence[0]).toBe(
      'layer 2: 100 % of units dead since step 3 (each outputs 0 for every training example)',
    );
    const fromStart = watch();
    fromStart.setLearningRate(10);
    for (let s = 0; s < 100; s++) expect(fromStart.observeProbe(s, probe(2), 'sgd')).toBeNull();
  });

  it('half of a ReLU layer dead (after all were alive) for 50 steps is dead-units; a unit that revives resets it', () => {
    const w = watch();
    w.setLearningRate(1);
    const probe = (dead: number) => ({ deadUnits: [dead], units: [8], accuracy: 0.6 });
    expect(w.observeProbe(0, probe(0), 'sgd')).toBeNull();
    expect(w.observeProbe(3, probe(4), 'sgd')).toBeNull();
    expect(w.observeProbe(40, probe(5), 'sgd')).toBeNull();
    const found = w.observeProbe(53, probe(5), 'sgd');
    expect(found).toMatchObject({ kind: 'dead-units', step: 53, since: 3, rewindStep: 2 });
    expect(found?.evidence).toEqual([
      'layer 1: 5 of 8 units dead since step 3 (each outputs 0 for every training example)',
      'a dead unit gets no gradient, so no update brings it back: the network learns on with the units that are left',
      'training accuracy 60 %',
    ]);
    // Fewer than half, or back below half before 50 steps: nothing. Adam waits 200 steps.
    const few = watch();
    few.setLearningRate(1);
    few.observeProbe(0, probe(0), 'sgd');
    for (let s = 1; s <= 500; s++) expect(few.observeProbe(s, probe(3), 'sgd')).toBeNull();
    const revived = watch();
    revived.setLearningRate(1);
    revived.observeProbe(0, probe(0), 'sgd');
    revived.observeProbe(3, probe(4), 'sgd');
    revived.observeProbe(30, probe(2), 'sgd');
    expect(revived.observeProbe(60, probe(4), 'sgd')).toBeNull();
    const adam = watch();
    adam.setLearningRate(1);
    adam.observeProbe(0, probe(0), 'adam');
    adam.observeProbe(3, probe(4), 'adam');
    expect(adam.observeProbe(100, probe(4), 'adam')).toBeNull();
    expect(adam.observeProbe(203, probe(4), 'adam')?.kind).toBe('dead-units');
  });

  it('dead units while the network still fits 90 % of its training set are not a finding', () => {
    const w = watch();
    w.setLearningRate(1);
    const probe = (dead: number, accuracy: number) => ({ deadUnits: [dead], units: [2], accuracy });
    w.observeProbe(0, probe(0, 0.5), 'sgd');
    for (let s = 100; s <= 400; s += 50) expect(w.observeProbe(s, probe(1, 0.99), 'sgd')).toBeNull();
    // Once accuracy falls below 90 % with the same dead units, it is.
    expect(w.observeProbe(450, probe(1, 0.7), 'sgd')?.kind).toBe('dead-units');
  });

  it('the training loss at the start is the first best: a loss that explodes in the first window is a rise from it', () => {
    const w = watch();
    w.setLearningRate(3);
    w.observeStart(0, 0.6);
    let found = null;
    for (let s = 1; s <= 100 && !found; s++) found = w.observeStep(s, 1e6 * s);
    expect(found).toMatchObject({ kind: 'loss-rise', step: 50, since: 1 });
    expect(found?.evidence[0]).toMatch(/its best \(0\.600 at step 0\)/);
  });

  it('two steps with every weight gradient exactly 0, after units died, at chance accuracy: zero-gradient', () => {
    const w = watch();
    w.setLearningRate(10);
    w.observeProbe(0, { deadUnits: [0, 0], units: [4, 2], accuracy: 0.5 }, 'sgd');
    w.observeProbe(2, { deadUnits: [0, 1], units: [4, 2], accuracy: 0.54 }, 'sgd');
    expect(w.observeGradients(3, true)).toBeNull();
    const found = w.observeGradients(4, true);
    expect(found).toMatchObject({ kind: 'zero-gradient', step: 4, since: 2, rewindStep: 1 });
    expect(found?.evidence).toContain('layer 2: 50 % of units dead on the training set since step 2');
    // Better than chance: the gradients happen to be 0 on two batches, but the network works.
    const working = watch();
    working.setLearningRate(10);
    working.observeProbe(0, { deadUnits: [0, 0], units: [4, 2], accuracy: 0.5 }, 'sgd');
    working.observeProbe(2, { deadUnits: [0, 1], units: [4, 2], accuracy: 0.9 }, 'sgd');
    expect(working.observeGradients(3, true)).toBeNull();
    expect(working.observeGradients(4, true)).toBeNull();
  });

  it('"Keep going" mutes it until the learning rate changes', () => {
    const w = watch();
    w.setLearningRate(1);
    w.mute();
    for (let s = 1; s <= 1000; s++) expect(w.observeStep(s, s <= 100 ? 0.2 : 0.8)).toBeNull();
    w.setLearningRate(0.1);
    let found = null;
    for (let s = 1001; s <= 2000 && !found; s++) found = w.observeStep(s, s <= 1100 ? 0.2 : 0.8);
    expect(found?.kind).toBe('loss-rise');
  });

  it('constantGuessLoss is the entropy of the class shares for BCE; majorityShare the larger class', () => {
    const Y = new Float64Array([1, 0, 0, 0]);
    expect(constantGuessLoss('bce', 'sigmoid', Y, 4, 1)).toBeCloseTo(
      -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)),
      10,
    );
    expect(constantGuessLoss('mse', 'linear', new Float64Array([1, 3]), 2, 1)).toBeCloseTo(0.5, 12);
    expect(majorityShare([0, 1, 1, 1])).toBe(0.75);
  });
});

/** Trains up to `steps` steps, stopping at a diagnosis or divergence. */
function trainUntilFound(config: RunConfig, steps: number) {
  const run = createRun(config);
  while (run.step < steps && !run.diagnosis && !run.diverged) run.trainSteps(steps - run.step);
  return run;
}

/**
 * What the watch must say about each preset, run through the worker's own run (trainer, batches,
 * training-set probes) for 2,000 steps: the presets made to show a problem get exactly the finding
 * that names it; every other preset is healthy and gets none.
 */
const EXPECTED_FINDING: Record<string, LearningRateDiagnosis['kind']> = {
  exploding: 'loss-rise', // "the loss grows a millionfold in a few steps, then overflows"
  'dead-relu': 'dead-units', // "big updates push units below zero for every input"
};

describe('the learning-rate watch on every preset', () => {
  for (const preset of PRESETS) {
    const expected = EXPECTED_FINDING[preset.id] ?? null;
    it(`"${preset.id}": ${expected ?? 'no finding'} within 2,000 steps, and no divergence first`, () => {
      const run = trainUntilFound(preset.config, 2000);
      expect(run.diverged).toBeNull();
      expect(run.diagnosis?.kind ?? null).toBe(expected);
      if (expected === null) expect(run.step).toBe(2000);
    });
  }

  it('"exploding": the rise is measured from where training started, and found before the loss overflows', () => {
    const run = trainUntilFound(PRESETS.find((p) => p.id === 'exploding')!.config, 2000);
    // The first 25-step window already averages 7.7e55: its best is the training loss at step 0.
    expect(run.diagnosis).toMatchObject({ kind: 'loss-rise', step: 50, since: 1, rewindStep: 0 });
    expect(run.diagnosis?.evidence[0]).toMatch(/× its best \(0\.\d{3} at step 0\) for the last 50 steps$/);
  });

  it('"dead-relu": names the layer, how many of its units died and since when', () => {
    const run = trainUntilFound(PRESETS.find((p) => p.id === 'dead-relu')!.config, 2000);
    // Seen dead at the probes of steps 3–10; confirmed at the next probe, 8 epochs of 25 steps later.
    expect(run.diagnosis).toMatchObject({ kind: 'dead-units', step: 200, since: 3, rewindStep: 2 });
    expect(run.diagnosis?.evidence[0]).toBe(
      'layer 2: 5 of 8 units dead since step 3 (each outputs 0 for every training example)',
    );
  });

  it('relu at learning rate 1 on the default network: half a layer dies at 99 % accuracy (no finding), the later loss rise is', () => {
    const run = trainUntilFound({ ...DEFAULT_CONFIG, activation: 'relu', learningRate: 1 }, 2000);
    expect(run.diagnosis).toMatchObject({ kind: 'loss-rise', step: 500 });
  });

  it('relu at learning rate 10, seed 1: zero gradients after units died, found by step 4 and the run stops there', () => {
    const run = trainUntilFound({ ...DEFAULT_CONFIG, activation: 'relu', learningRate: 10, seed: 1 }, 5000);
    expect(run.diagnosis).toMatchObject({ kind: 'zero-gradient', step: 4, rewindStep: 1, learningRate: 10 });
    expect(run.step).toBe(4);
  });

  it('tanh at learning rate 10, and sigmoid at 50 (clamped to 10), are flagged without any NaN', () => {
    const tanh = trainUntilFound({ ...DEFAULT_CONFIG, activation: 'tanh', learningRate: 10 }, 3000);
    // Measured from the training loss at step 0 (0.711), the loss is ≥ 3× that for the first 50
    // steps: a loss-rise at step 50 (judged from the first window's mean, it took until step 300).
    expect(tanh.diagnosis).toMatchObject({ kind: 'loss-rise', step: 50 });
    expect(tanh.diverged).toBeNull();
    const { value, notices } = sanitizeConfig({ ...DEFAULT_CONFIG, activation: 'sigmoid', learningRate: 50 });
    expect(value.learningRate).toBe(10);
    expect(notices.join(' ')).toMatch(/50/);
    const sigmoid = trainUntilFound(value, 3000);
    expect(sigmoid.diagnosis).not.toBeNull();
    expect(sigmoid.diverged).toBeNull();
  });

  it('a seek or a new learning rate answers the diagnosis; "Keep going" mutes it for this learning rate', () => {
    const config = { ...DEFAULT_CONFIG, activation: 'relu', learningRate: 10, seed: 1 } as RunConfig;
    const run = trainUntilFound(config, 100);
    expect(run.buildFrame({ grid: null, playing: false, speed: 1, seq: 1 }).diagnosis?.step).toBe(4);
    run.seek(run.diagnosis!.rewindStep);
    expect(run.diagnosis).toBeNull();
    run.trainSteps(100);
    expect(run.diagnosis?.step).toBe(4);
    run.dismissDiagnosis();
    expect(run.trainSteps(500)).toBe(500);
    expect(run.diagnosis).toBeNull();
    run.setTraining({ learningRate: 1 });
    run.trainSteps(10);
    expect(run.config.learningRate).toBe(1);
  });
});

describe('handlers: a diagnosis pauses the run and is reported once', () => {
  it('at any speed the run pauses at the step it was found and says so in a typed message', () => {
    for (const speed of [1, 60, 'max'] as const) {
      // A clock that moves with every reading, so a slice at 'max' ends.
      let t = 0;
      const state = createWorkerState({ now: () => (t += 0.05) });
      handleMessage(state, {
        type: 'init',
        config: { ...DEFAULT_CONFIG, activation: 'relu', learningRate: 10, seed: 1 },
      });
      handleMessage(state, { type: 'set-speed', stepsPerSecond: speed });
      handleMessage(state, { type: 'play' });
      const replies = [];
      for (let i = 0; i < 200 && state.playing; i++) {
        t += 100;
        replies.push(...playSlice(state).replies);
      }
      const found = replies.filter((r) => r.type === 'diagnosis');
      expect(found, String(speed)).toHaveLength(1);
      expect(found[0]).toMatchObject({ type: 'diagnosis', kind: 'zero-gradient', step: 4 });
      expect(state.playing).toBe(false);
      expect(state.run?.step).toBe(4);
      // "Keep going": play on; no second report for this learning rate.
      handleMessage(state, { type: 'dismiss-diagnosis' });
      handleMessage(state, { type: 'play' });
      const after = [];
      for (let i = 0; i < 3; i++) {
        t += 1000;
        after.push(...playSlice(state, 1).replies);
      }
      expect(after.filter((r) => r.type === 'diagnosis')).toHaveLength(0);
      expect(state.run!.step).toBeGreaterThan(4);
    }
  });
});
