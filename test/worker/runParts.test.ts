import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/model/config';
import { Evaluator } from '../../src/worker/evaluation';
import { KeyframeStore } from '../../src/worker/keyframes';
import { LossHistory } from '../../src/worker/lossHistory';
import type { Keyframe } from '../../src/worker/protocol';
import { createRun } from '../../src/worker/run';
import { Timeline, trainingChange } from '../../src/worker/timeline';

function keyframe(step: number): Keyframe {
  return {
    step,
    epoch: 0,
    params: [new Float64Array(2)],
    settings: { ...DEFAULT_CONFIG },
    optimizer: { kind: 'sgd', t: 0, slots: [] },
    batcher: { permutation: new Uint32Array(4), position: 0, epoch: 0 },
    rng: [1, 2, 3, 4],
  };
}

describe('LossHistory', () => {
  it('sends only what is new, and everything after thinning doubled the stride', () => {
    const h = new LossHistory({ historyCap: 8, evalHistoryCap: 8 }, 'accuracy');
    for (let s = 1; s <= 5; s++) h.recordLoss(s, 1 / s);
    expect(Array.from(h.takeChunk().steps)).toEqual([1, 2, 3, 4, 5]);
    h.recordLoss(6, 1 / 6);
    const next = h.takeChunk();
    expect(next.reset).toBe(false);
    expect(Array.from(next.steps)).toEqual([6]);
    h.recordLoss(7, 1 / 7);
    h.recordLoss(8, 1 / 8); // the cap: every other point goes
    const thinned = h.takeChunk();
    expect(thinned).toMatchObject({ reset: true, stride: 2 });
    expect(Array.from(thinned.steps)).toEqual([2, 4, 6, 8]);
    h.recordLoss(9, 1); // not a multiple of the stride
    expect(h.stats().historyPoints).toBe(4);
  });

  it('drops the future after a step, and keeps a snapshot’s history up to it', () => {
    const h = new LossHistory({ historyCap: 100, evalHistoryCap: 100 }, 'rmse');
    for (let s = 1; s <= 6; s++) {
      h.recordLoss(s, s);
      h.recordEval(s, s, s, 0.5, 0.5);
    }
    expect(Array.from(h.upTo(3).evalSteps)).toEqual([1, 2, 3]);
    h.takeChunk();
    h.truncateAfter(4);
    const chunk = h.takeChunk();
    expect(chunk.reset).toBe(true);
    expect(Array.from(chunk.steps)).toEqual([1, 2, 3, 4]);
    expect(Array.from(chunk.trainMetric)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });
});

describe('KeyframeStore', () => {
  const limits = { maxKeyframes: 16, minKeyframes: 1, keyframeBudgetBytes: 1e9, nearKeyframeSpacing: 16 };

  it('keeps step 0 and the front, and finds the nearest keyframe before a step', () => {
    const store = new KeyframeStore(limits, 2, 4);
    expect(store.capacity).toBe(16);
    store.keep(keyframe(0));
    for (let s = 1; s <= 16; s++) store.maybeKeep(s, () => keyframe(s));
    // 17 for a capacity of 16: one interior keyframe went, step 0 and the front stay.
    expect(store.keptSteps()).toHaveLength(16);
    expect(store.keptSteps()[0]).toBe(0);
    expect(store.keptSteps().at(-1)).toBe(16);
    for (let s = 9; s <= 1000; s++) store.maybeKeep(s, () => keyframe(s));
    const kept = store.keptSteps();
    expect(kept.length).toBeLessThanOrEqual(16);
    expect(kept[0]).toBe(0);
    expect(store.nearest(1000).step).toBe(kept.at(-1));
    expect(store.nearest(kept[2] + 1).step).toBe(kept[2]);
    store.truncateAfter(kept[3]);
    expect(store.nearest(10_000).step).toBe(kept[3]);
  });

  it('for any run length, a keyframe within the near spacing of the front, and gaps grow with distance', () => {
    const store = new KeyframeStore(limits, 2, 4);
    store.keep(keyframe(0));
    for (let s = 1; s <= 200_000; s++) {
      store.maybeKeep(s, () => keyframe(s));
      if (s % 997 !== 0 && s !== 200_000) continue;
      const kept = store.keptSteps();
      expect(kept.length).toBeLessThanOrEqual(16);
      // A keyframe within the near spacing of the front, and one step back replays at most twice that.
      expect(s - store.nearest(s).step).toBeLessThan(limits.nearKeyframeSpacing);
      expect(s - 1 - store.nearest(s - 1).step).toBeLessThan(2 * limits.nearKeyframeSpacing);
      expect(kept[0]).toBe(0);
    }
    // Log-spaced: each gap is at most a few times its distance from the front (plus the spacing).
    const kept = store.keptSteps();
    for (let i = 1; i < kept.length; i++) {
      const gap = kept[i] - kept[i - 1];
      expect(gap).toBeLessThanOrEqual(4 * (200_000 - kept[i]) + 4 * limits.nearKeyframeSpacing);
    }
  });
});

describe('Timeline', () => {
  it('hands out the events of a step once, and the config in force at a step', () => {
    const t = new Timeline();
    const change = trainingChange(DEFAULT_CONFIG, { ...DEFAULT_CONFIG, learningRate: 0.1 });
    expect(change?.detail).toBe('Learning rate 0.03 → 0.1');
    t.add({ step: 3, kind: 'set-training', ...change! }, 0);
    t.add(
      { step: 5, kind: 'set-weight', layer: 0, param: 'b', index: 0, value: 1, detail: 'b1[0] 0 → 1' },
      0,
    );
    expect(t.nextEventStep).toBe(3);
    expect(t.takeEventsAt(3).map((e) => e.kind)).toEqual(['set-training']);
    expect(t.nextEventStep).toBe(5);
    expect(t.configAt(DEFAULT_CONFIG, 2).learningRate).toBe(0.03);
    expect(t.configAt(DEFAULT_CONFIG, 3).learningRate).toBe(0.1);
    const version = t.version;
    t.truncateAfter(4, 4);
    expect(t.events).toHaveLength(1);
    expect(t.version).toBe(version + 1);
    expect(t.nextEventStep).toBe(Infinity);
  });
});

describe('RunWatch', () => {
  /** Training-set probes during `steps` steps of a run with the given hidden activation. */
  function probesDuring(activation: 'tanh' | 'relu', steps: number): number {
    const run = createRun({ ...DEFAULT_CONFIG, activation, datasetSize: 100, batchSize: 10 });
    const probe = vi.spyOn(Evaluator.prototype, 'evaluateTrainingSet');
    try {
      run.trainSteps(steps);
      return probe.mock.calls.length;
    } finally {
      probe.mockRestore();
    }
  }

  it('probes a ReLU network on the watch’s schedule, and a network with no ReLU layer never', () => {
    // 50 training points in batches of 10: 5 steps an epoch, a probe every 8 epochs (40 steps)
    // after each of the first 10 steps.
    expect(probesDuring('relu', 80)).toBe(10 + 2);
    expect(probesDuring('tanh', 80)).toBe(0);
  });
});

describe('RunData: the plane of own points', () => {
  const points = (max: number, planeHalfWidth?: number) => ({
    points: Float64Array.from({ length: 20 }, (_, i) => (i % 2 ? max : -max) * (i / 19)),
    labels: Float64Array.from({ length: 10 }, (_, i) => i % 2),
    count: 10,
    classes: 2,
    ...(planeHalfWidth === undefined ? {} : { planeHalfWidth }),
  });
  const planeOf = (data: ReturnType<typeof points> | null): number | undefined =>
    createRun({ ...DEFAULT_CONFIG, datasetSize: 10 }, data).buildFrame({
      grid: null,
      playing: false,
      speed: 'max',
      seq: 1,
    }).dataset?.planeHalfWidth;

  it('is the points’ own plane, widened when it does not hold them; [−6, 6] otherwise', () => {
    expect(planeOf(null)).toBe(6);
    expect(planeOf(points(0.9))).toBe(6);
    expect(planeOf(points(0.9, 1))).toBe(1);
    // A plane sent from the page that is too small for its points is widened to one that holds them.
    expect(planeOf(points(2.5, 1))).toBe(3);
    expect(planeOf(points(0.9, 7))).toBe(6);
  });
});
