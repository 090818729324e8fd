import { describe, expect, it, vi } from 'vitest';
import { CS231N, cs231nSpiralData, cs231nSpiralModel } from '../../src/app/cs231nSpiral';
import { MODEL_PRESETS } from '../../src/app/presets';
import { parseModelFile } from '../../src/model/files/modelFile';
import { createWorkerState, handleMessage } from '../../src/worker/handlers';

vi.setConfig({ testTimeout: 60_000 });

describe('the CS231n spiral case study', () => {
  it('draws the notes’ data: 3 arms of 100 points, radius linspace(0, 1), one-hot labels', () => {
    const { X, Y } = cs231nSpiralData();
    expect(X.length).toBe(300);
    for (let j = 0; j < 3; j++) {
      for (const i of [0, 50, 99]) {
        const [x1, x2] = X[j * 100 + i];
        // The radius is exact (the noise is on the angle only).
        expect(Math.hypot(x1, x2)).toBeCloseTo(i / 99, 12);
        expect(Y[j * 100 + i]).toEqual([0, 1, 2].map((k) => (k === j ? 1 : 0)));
      }
    }
    // Seeded: the same points on every visit.
    expect(cs231nSpiralData()).toEqual({ X, Y });
    expect(cs231nSpiralData(CS231N.seed + 7).X).not.toEqual(X);
  });

  it('is a valid model file with the notes’ network and settings, offered as a preset', () => {
    const parsed = parseModelFile(JSON.stringify(cs231nSpiralModel()));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const doc = parsed.model;
    expect(parsed.ignored).toEqual([]);
    expect(doc.layers.map((l) => [l.activation, l.W.length, l.W[0].length])).toEqual([
      ['relu', 2, 100],
      ['softmax', 100, 3],
    ]);
    const weights = doc.layers.flatMap((l) => l.W.flat());
    const sd = Math.sqrt(weights.reduce((s, w) => s + w * w, 0) / weights.length);
    expect(sd).toBeGreaterThan(0.008);
    expect(sd).toBeLessThan(0.012);
    expect(doc.layers.every((l) => l.b.every((b) => b === 0))).toBe(true);
    expect(doc.training).toMatchObject({
      optimizer: 'sgd',
      learningRate: 1,
      batchSize: 300,
      regularization: 'l2',
      regularizationRate: 1e-3,
    });
    expect(MODEL_PRESETS.map((p) => p.id)).toContain('cs231n-spiral');
  });

  it('reproduces the notes’ numbers: loss ln 3 at the start, ~98 % training accuracy, on a plane of radius 1', () => {
    const state = createWorkerState({ now: () => 0 });
    const replies = handleMessage(state, { type: 'load-model', text: JSON.stringify(cs231nSpiralModel()) });
    expect(replies.filter((r) => r.type === 'error')).toEqual([]);
    const run = state.run!;
    const frame = () => run.buildFrame({ grid: null, playing: false, speed: 'max', seq: 1 });
    const start = frame();
    expect(start.trainLoss).toBeCloseTo(Math.log(3), 3);
    expect(start.dataset?.planeHalfWidth).toBe(1);
    expect(start.dataset?.model?.pointSet).toBe(true);
    // The grids sample that plane: the first cell's x1 is −1 + half a cell.
    const grid = run.buildFrame({
      grid: { resolution: 50, neurons: false },
      playing: false,
      speed: 'max',
      seq: 2,
    }).grid;
    expect(grid?.features[0][0]).toBeCloseTo(-1 + 1 / 50, 6);
    run.trainSteps(5000);
    const end = frame();
    expect(end.trainAccuracy).toBeGreaterThanOrEqual(0.97);
    // The notes print data + L2 loss (0.5 · reg · ΣW²), about 0.245 by their step 9,000.
    const squares = run
      .parameters()
      .filter((_, i) => i % 2 === 0)
      .reduce((s, W) => s + W.reduce((t, w) => t + w * w, 0), 0);
    expect(end.trainLoss + 0.5e-3 * squares).toBeGreaterThan(0.22);
    expect(end.trainLoss + 0.5e-3 * squares).toBeLessThan(0.28);
  });
});
