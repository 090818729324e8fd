import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/model/config';
import { overfitOutcome, overfitPatch, overfitWords } from '../../../src/views/checks/overfit';

describe('overfit a tiny dataset', () => {
  it('overfitOutcome(): reached below 0.01, failed after 3000 steps, running in between', () => {
    expect(overfitOutcome({ step: 120, trainLoss: 0.005, diverged: null })).toEqual({
      status: 'reached',
      step: 120,
      loss: 0.005,
    });
    expect(overfitOutcome({ step: 3000, trainLoss: 0.2, diverged: null }).status).toBe('failed');
    expect(overfitOutcome({ step: 50, trainLoss: 0.2, diverged: null }).status).toBe('running');
    expect(overfitWords({ status: 'reached', step: 120, loss: 0.005 })).toMatch(
      /reached 0.005 .* after 120 steps/,
    );
    expect(overfitWords({ status: 'failed', step: 3000, loss: 0.2 })).toMatch(/still 0.2 after 3000 steps/);
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
