import { describe, expect, it } from 'vitest';
import { activationRange, PLANE_HALF_WIDTH, planeCellCenter, planeGridPoints } from '../../src/model/plane';

describe('the input plane', () => {
  it('is [−6, 6]², sampled at cell centres with row 0 at the bottom', () => {
    expect(PLANE_HALF_WIDTH).toBe(6);
    expect(planeCellCenter(0, 4)).toBe(-4.5);
    expect(planeCellCenter(3, 4)).toBe(4.5);
    const points = planeGridPoints(4);
    expect(points.length).toBe(32);
    // Point 1 is row 0, column 1; point 4 is row 1, column 0.
    expect([points[2], points[3]]).toEqual([-1.5, -4.5]);
    expect([points[8], points[9]]).toEqual([-4.5, -1.5]);
  });

  it('knows the range of each activation', () => {
    expect(activationRange('tanh')).toEqual([-1, 1]);
    expect(activationRange('sigmoid')).toEqual([0, 1]);
    expect(activationRange('softmax')).toEqual([0, 1]);
    expect(activationRange('relu')).toBeNull();
    expect(activationRange('linear')).toBeNull();
  });
});
