import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/model/config';
import { KeyframeStore } from '../../src/worker/keyframes';
import { LossHistory } from '../../src/worker/lossHistory';
import type { Keyframe } from '../../src/worker/protocol';
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
  it('doubles the interval past its capacity and finds the nearest keyframe before a step', () => {
    const store = new KeyframeStore({ maxKeyframes: 4, minKeyframes: 1, keyframeBudgetBytes: 1e9 }, 2, 4);
    expect(store.capacity).toBe(4);
    store.keep(keyframe(0));
    for (let s = 1; s <= 8; s++) store.maybeKeep(s, () => keyframe(s));
    // 0 … 4 is five: the interval became 2, then 0, 2, 4, 6, 8 is five again: 4.
    expect(store.stats()).toMatchObject({ keyframes: 3, keyframeInterval: 4 });
    expect(store.nearest(7).step).toBe(4);
    expect(store.nearest(8).step).toBe(8);
    store.truncateAfter(5);
    expect(store.nearest(100).step).toBe(4);
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
