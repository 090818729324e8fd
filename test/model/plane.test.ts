import { describe, expect, it } from 'vitest';
import {
  activationRange,
  fittedPlaneHalfWidth,
  PLANE_HALF_WIDTH,
  planeCellCenter,
  planeGridPoints,
  planeHalfWidthOf,
} from '../../src/model/plane';

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

  it('fits small points with a tighter plane, sampled the same way', () => {
    expect(fittedPlaneHalfWidth([0.05, -1, 0.99, 0.3], 2)).toBe(1);
    expect(fittedPlaneHalfWidth([1.01, 0], 1)).toBe(2);
    expect(fittedPlaneHalfWidth([0, -2.5], 1)).toBe(3);
    expect(fittedPlaneHalfWidth([5.9, 0], 1)).toBe(6);
    expect(fittedPlaneHalfWidth([], 0)).toBe(1);
    // Only the count's points count (buffers may be longer).
    expect(fittedPlaneHalfWidth([0.5, 0.5, 99, 99], 1)).toBe(1);
    const points = planeGridPoints(4, 4, 1);
    expect([points[0], points[1]]).toEqual([-0.75, -0.75]);
    expect([points[30], points[31]]).toEqual([0.75, 0.75]);
  });

  it('takes a dataset’s own plane only when it is one it knows (the page sends it)', () => {
    expect(planeHalfWidthOf(null)).toBe(6);
    expect(planeHalfWidthOf({})).toBe(6);
    expect(planeHalfWidthOf({ planeHalfWidth: 2 })).toBe(2);
    for (const bad of [0, -1, 1.5, 7, NaN, Infinity])
      expect(planeHalfWidthOf({ planeHalfWidth: bad })).toBe(6);
  });

  it('knows the range of each activation', () => {
    expect(activationRange('tanh')).toEqual([-1, 1]);
    expect(activationRange('sigmoid')).toEqual([0, 1]);
    expect(activationRange('softmax')).toEqual([0, 1]);
    expect(activationRange('relu')).toBeNull();
    expect(activationRange('linear')).toBeNull();
  });
});
