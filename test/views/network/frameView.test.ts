import { describe, expect, it } from 'vitest';
import { bundleValue, columnValue, phaseView } from '../../../src/views/network/frameView';
import { activationScale } from '../../../src/views/shared/colors';
import type { BatchCache } from '../../../src/worker/protocol';

describe('phaseView', () => {
  it('forward l highlights layer l+1 and weight layer l, nodes by activation, edges by weight', () => {
    const v = phaseView({ kind: 'forward', layer: 1 }, 3, false);
    expect([...v.activeNodes!]).toEqual([2]);
    expect([...v.activeWeights!]).toEqual([1]);
    expect(v.nodesByGradient).toBe(false);
    expect(v.edgeMode(1, null)).toBe('W');
  });

  it('backward l colours weight layer l by dW when the batch has it, and both its node layers by dZ', () => {
    const v = phaseView({ kind: 'backward', layer: 0 }, 2, false);
    expect([...v.activeNodes!]).toEqual([0, 1]);
    expect(v.nodesByGradient).toBe(true);
    const batch = { dW: [new Float32Array(1), null] } as unknown as BatchCache;
    expect(v.edgeMode(0, batch)).toBe('dW');
    expect(v.edgeMode(1, batch)).toBe('W');
  });

  it('loss highlights the outputs only; update shows ΔW when the previous parameters are known', () => {
    const loss = phaseView({ kind: 'loss' }, 2, false);
    expect([...loss.activeNodes!]).toEqual([2]);
    expect(loss.activeWeights!.size).toBe(0);
    expect(phaseView({ kind: 'update' }, 2, true).edgeMode(0, null)).toBe('delta');
    expect(phaseView({ kind: 'update' }, 2, false).edgeMode(0, null)).toBe('W');
    expect(phaseView({ kind: 'update' }, 2, true).activeNodes).toBeNull();
  });
});

describe('values read from a frame', () => {
  it('activationScale: tanh around 0 by 1, sigmoid and softmax around ½ by ½, others fit the data', () => {
    expect(activationScale('tanh')).toEqual({ center: 0, maxAbs: 1 });
    expect(activationScale('sigmoid')).toEqual({ center: 0.5, maxAbs: 0.5 });
    expect(activationScale('softmax')).toEqual({ center: 0.5, maxAbs: 0.5 });
    expect(activationScale('relu')).toEqual({ center: 0, maxAbs: undefined });
  });

  it("columnValue: a column's mean over the rows, or one row's value; NaN for no rows", () => {
    const data = [1, 10, 3, 20, 5, 30]; // 3 × 2
    expect(columnValue(data, 3, 2, 0, null)).toBe(3);
    expect(columnValue(data, 3, 2, 1, 2)).toBe(30);
    expect(columnValue([], 0, 2, 0, null)).toBeNaN();
  });

  it('bundleValue: RMS and mean of a row, a column or all of a fanIn × units matrix, skipping non-finite values', () => {
    const W = [3, -4, 0, 4]; // 2 × 2
    expect(bundleValue(W, 2, 2, 'row', 0)).toEqual({ rms: Math.sqrt(12.5), mean: -0.5 });
    expect(bundleValue(W, 2, 2, 'col', 1)).toEqual({ rms: 4, mean: 0 });
    expect(bundleValue(W, 2, 2, 'all', 0).mean).toBe(0.75);
    expect(bundleValue([NaN, 2, Infinity], 1, 3, 'row', 0)).toEqual({ rms: 2, mean: 2 });
    const none = bundleValue([NaN], 1, 1, 'all', 0);
    expect(none.rms).toBeNaN();
    expect(none.mean).toBeNaN();
  });
});
