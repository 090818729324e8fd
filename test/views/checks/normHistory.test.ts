import { describe, expect, it } from 'vitest';
import type { LayerHealth } from '../../../src/worker/protocol';
import { normDomain, recordNorms, type NormPoint } from '../../../src/views/checks/normHistory';

function frame(step: number, norms: (number | null)[]) {
  const health: LayerHealth[] = norms.map((gradientNorm) => ({
    activationMean: 0,
    activationStd: 1,
    saturatedFraction: null,
    deadFraction: null,
    gradientNorm,
  }));
  return { step, health };
}

describe('gradient-norm history', () => {
  it('recordNorms(): appends each new step once, keeps the last `capacity`, starts afresh when the step goes back', () => {
    const buffer: NormPoint[] = [];
    recordNorms(buffer, frame(1, [0.1, 0.2]), 3);
    recordNorms(buffer, frame(1, [9, 9]), 3);
    expect(buffer).toEqual([{ step: 1, norms: [0.1, 0.2] }]);
    for (const step of [2, 3, 4]) recordNorms(buffer, frame(step, [step, null]), 3);
    expect(buffer.map((p) => p.step)).toEqual([2, 3, 4]);
    recordNorms(buffer, frame(0, [1, 1]), 3); // rewind, seek or restart
    expect(buffer).toEqual([{ step: 0, norms: [1, 1] }]);
    recordNorms(buffer, null, 3);
    recordNorms(buffer, frame(5, []), 3);
    expect(buffer).toHaveLength(1);
  });

  it('normDomain(): the extent of positive finite norms, widened when flat; null with too little to draw', () => {
    expect(normDomain([])).toBeNull();
    expect(normDomain([{ step: 0, norms: [1] }])).toBeNull();
    expect(
      normDomain([
        { step: 0, norms: [null, 0] },
        { step: 1, norms: [NaN, -1] },
      ]),
    ).toBeNull();
    expect(
      normDomain([
        { step: 0, norms: [1e-3, 2, null] },
        { step: 1, norms: [Infinity, 0.5, 0] },
      ]),
    ).toEqual([1e-3, 2]);
    const flat = normDomain([
      { step: 0, norms: [0.5] },
      { step: 1, norms: [0.5] },
    ]);
    expect(flat?.[0]).toBeCloseTo(0.05, 12);
    expect(flat?.[1]).toBe(5);
  });
});
