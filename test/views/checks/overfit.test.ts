import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/model/config';
import {
  firstBelowTarget,
  OVERFIT_POINTS,
  overfitDataWords,
  overfitOutcome,
  overfitPatch,
  overfitWords,
  tinyOwnData,
} from '../../../src/views/checks/overfit';
import type { FrameDataset } from '../../../src/worker/protocol';

describe('overfit a tiny dataset', () => {
  it('overfitOutcome(): reached below 0.01, failed after 3000 steps, running in between', () => {
    expect(overfitOutcome({ step: 120, trainLoss: 0.005, diverged: null })).toEqual({
      status: 'reached',
      step: 120,
      loss: 0.005,
      exact: true,
    });
    expect(overfitOutcome({ step: 3000, trainLoss: 0.2, diverged: null }).status).toBe('failed');
    expect(overfitOutcome({ step: 50, trainLoss: 0.2, diverged: null }).status).toBe('running');
    expect(overfitWords({ status: 'reached', step: 120, loss: 0.005, exact: true })).toMatch(
      /first went below 0.01 after 120 steps \(it was 0.005\)/,
    );
    expect(overfitWords({ status: 'failed', step: 3000, loss: 0.2 })).toMatch(/still 0.2 after 3000 steps/);
  });

  it('the first step below the target comes from the loss history, not from the late frame that shows it', () => {
    // A frame at step 371 (frames are rare at full speed); the batch loss went below 0.01 at step 41,
    // i.e. the network after 40 updates (the batch loss of step s is the loss before update s).
    const steps = Float64Array.from({ length: 371 }, (_, i) => i + 1);
    const batchLoss = Float32Array.from(steps, (s) => (s <= 40 ? 0.5 / s : 0.009 - s * 1e-6));
    const history = { steps, batchLoss, stride: 1 };
    const frame = { step: 371, trainLoss: 0.004, diverged: null };
    expect(firstBelowTarget(history, frame)).toEqual({ step: 40, loss: batchLoss[40], exact: true });
    expect(overfitOutcome(frame, history)).toMatchObject({ status: 'reached', step: 40, exact: true });
    // Still above in the history: the frame's own step is the first (its next batch loss is not known yet).
    const above = { steps, batchLoss: batchLoss.map(() => 0.02), stride: 1 };
    expect(firstBelowTarget(above, frame)).toEqual({ step: 371, loss: 0.004, exact: true });
    expect(firstBelowTarget(above, { step: 371, trainLoss: 0.02 })).toBeNull();
    // A thinned history only bounds it: "by" that step.
    const thinned = {
      steps: Float64Array.from([2, 4, 6]),
      batchLoss: Float32Array.from([1, 0.5, 0.001]),
      stride: 2,
    };
    const first = firstBelowTarget(thinned, null)!;
    expect(first).toMatchObject({ step: 5, exact: false });
    expect(overfitWords({ status: 'reached', ...first })).toMatch(/first went below 0.01 by 5 steps/);
  });

  it('overfitWords() says when the settings were put back, or that they can be', () => {
    expect(
      overfitWords({ status: 'reached', step: 40, loss: 0.009, exact: true, restore: 'restored' }),
    ).toMatch(/Your own settings .* are back/);
    expect(overfitWords({ status: 'cancelled', reason: 'x.', restore: 'offered' })).toMatch(
      /Restore my settings/,
    );
  });

  it('overfitOutcome(): a diverged run fails, even with a small loss', () => {
    const diverged = { step: 9, phase: { kind: 'update' as const }, reason: 'NaN', lastGoodStep: 8 };
    expect(overfitOutcome({ step: 9, trainLoss: 0.001, diverged }).status).toBe('failed');
  });

  it('overfitPatch(): 8 training points, two layers of 16, Adam, full batch; keeps relu, swaps sigmoid for tanh', () => {
    const patch = overfitPatch({ ...DEFAULT_CONFIG, activation: 'relu' });
    expect(patch).toMatchObject({
      datasetSize: 16,
      trainPercent: 50,
      hiddenLayers: [16, 16],
      optimizer: 'adam',
      batchSize: 8,
      activation: 'relu',
    });
    expect(overfitPatch({ ...DEFAULT_CONFIG, activation: 'sigmoid' }).activation).toBe('tanh');
    expect(overfitPatch({ ...DEFAULT_CONFIG, activation: 'linear' }).activation).toBe('tanh');
  });
});

describe('overfit a tiny dataset: on the learner’s own points', () => {
  const frameDataset = (count: number, model?: { pointSet: boolean }): FrameDataset => ({
    train: {
      points: Float32Array.from({ length: 2 * count }, (_, i) => i / 100),
      labels: Float32Array.from({ length: count }, (_, i) => Math.floor((3 * i) / count)),
      count,
    },
    test: { points: new Float32Array(0), labels: new Float32Array(0), count: 0 },
    classes: 3,
    planeHalfWidth: 1,
    ...(model && {
      model: {
        ...model,
        classes: 3,
        outputs: 3,
        inputs: ['x1', 'x2'],
        X: new Float32Array(0),
        Y: new Float32Array(0),
        count,
      },
    }),
  });

  it('tinyOwnData(): 16 points spread through a model file’s points (every class kept, its plane too)', () => {
    const tiny = tinyOwnData(null, frameDataset(300, { pointSet: true }))!;
    expect(tiny.count).toBe(OVERFIT_POINTS);
    expect(new Set(tiny.labels)).toEqual(new Set([0, 1, 2]));
    expect(tiny.planeHalfWidth).toBe(1);
    expect([tiny.points[2], tiny.points[3]]).toEqual([Math.fround(0.36), Math.fround(0.37)]); // point 18 of 300
    // A generated set is cut by datasetSize instead; a model's non-plane examples cannot be cut.
    expect(tinyOwnData(null, frameDataset(300))).toBeNull();
    expect(tinyOwnData(null, frameDataset(300, { pointSet: false }))).toBeNull();
  });

  it('tinyOwnData(): drawn points are cut the same way, and a set of 16 or fewer is kept whole', () => {
    const drawn = {
      points: Float64Array.from({ length: 2 * 40 }, (_, i) => i),
      labels: Float64Array.from({ length: 40 }, (_, i) => i % 2),
      count: 40,
      classes: 2,
    };
    expect(tinyOwnData(drawn, null)?.count).toBe(16);
    expect(tinyOwnData({ ...drawn, count: 10 }, null)?.count).toBe(10);
  });

  it('overfitDataWords(): says which points the check trains on', () => {
    expect(overfitDataWords(DEFAULT_CONFIG, null, frameDataset(300))).toBe(
      'This keeps your dataset but uses 8 training points',
    );
    expect(overfitDataWords(DEFAULT_CONFIG, null, frameDataset(300, { pointSet: true }))).toBe(
      'This takes 16 of your own points (8 to train on)',
    );
    const ten = { points: new Float64Array(20), labels: new Float64Array(10), count: 10, classes: 2 };
    expect(overfitDataWords(DEFAULT_CONFIG, ten, null)).toBe(
      'This takes your 10 points (half of them to train on)',
    );
    expect(overfitDataWords(DEFAULT_CONFIG, null, frameDataset(1, { pointSet: false }))).toMatch(
      /^A model file's examples are not points of the plane, so this uses 8 training points of the Circle set$/,
    );
  });
});
