import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/engine';
import {
  addPoint,
  emptyDataset,
  erasePoint,
  MAX_DRAWN_POINTS,
  nearestPoint,
  newPointLabel,
  toDataset,
  tooFewPoints,
  typedPoint,
} from '../../../src/views/boundary/pointEditing';

function data(points: number[], labels: number[], classes = 2): Dataset {
  return {
    points: Float64Array.from(points),
    labels: Float64Array.from(labels),
    count: labels.length,
    classes,
  };
}

describe('point editing', () => {
  it('toDataset(): train points then test points, in one editable dataset', () => {
    const d = toDataset({
      train: {
        points: Float32Array.from([1, 2, 3, 4, 99, 99]),
        labels: Float32Array.from([0, 1, 9]),
        count: 2,
      },
      test: { points: Float32Array.from([-1, -2]), labels: Float32Array.from([1]), count: 1 },
      classes: 2,
      planeHalfWidth: 6,
    });
    expect(d.count).toBe(3);
    expect(Array.from(d.points)).toEqual([1, 2, 3, 4, -1, -2]);
    expect(Array.from(d.labels)).toEqual([0, 1, 1]);
    expect(d.classes).toBe(2);
  });

  it('addPoint(): appends without touching the input; refuses past MAX_DRAWN_POINTS or with an invalid label', () => {
    const before = data([1, 2], [0]);
    const edit = addPoint(before, -3, 4, { label: 1 });
    expect('data' in edit && Array.from(edit.data.points)).toEqual([1, 2, -3, 4]);
    expect('data' in edit && Array.from(edit.data.labels)).toEqual([0, 1]);
    expect(before.count).toBe(1);
    expect(addPoint(before, 0, 0, { error: 'bad value' })).toEqual({ error: 'bad value' });
    const full = { ...emptyDataset(2), count: MAX_DRAWN_POINTS };
    expect(addPoint(full, 0, 0, { error: 'bad value' })).toEqual({
      error: `At most ${MAX_DRAWN_POINTS} points.`,
    });
  });

  it('erasePoint(): removes the nearest point within the radius, else says there is none', () => {
    const d = data([1, 2, -3, -4, 1.5, 2], [0, 1, 1]);
    expect(nearestPoint(d, 1.4, 2, 1)).toBe(2);
    const edit = erasePoint(d, 1.12, 1.88);
    expect('data' in edit && Array.from(edit.data.points)).toEqual([-3, -4, 1.5, 2]);
    expect('data' in edit && Array.from(edit.data.labels)).toEqual([1, 1]);
    expect(erasePoint(d, -5.8, 5.8)).toEqual({ error: 'No point near there to erase.' });
  });

  it('a model file’s tighter plane stays with its points through every edit, and erasing scales with it', () => {
    const small = toDataset({
      train: {
        points: Float32Array.from([0.5, 0.5, -0.2, 0.1]),
        labels: Float32Array.from([0, 1]),
        count: 2,
      },
      test: { points: new Float32Array(0), labels: new Float32Array(0), count: 0 },
      classes: 2,
      planeHalfWidth: 1,
    });
    expect(small.planeHalfWidth).toBe(1);
    const added = addPoint(small, 0.9, -0.9, { label: 1 });
    expect('data' in added && added.data.planeHalfWidth).toBe(1);
    // A sixth of the half-width: 0.3 away is too far on [−1, 1]² (it would be near on [−6, 6]²) …
    expect(erasePoint(small, 0.5, 0.2)).toEqual({ error: 'No point near there to erase.' });
    expect(erasePoint({ ...small, planeHalfWidth: undefined }, 0.5, 0.2)).not.toHaveProperty('error');
    // … and 0.1 away is near.
    const erased = erasePoint(small, 0.5, 0.4);
    expect('data' in erased && erased.data.count).toBe(1);
    expect('data' in erased && erased.data.planeHalfWidth).toBe(1);
  });

  it('tooFewPoints(): training needs at least 2 points', () => {
    expect(tooFewPoints(data([1, 2], [0]))).toBe('Add at least 2 points to train on them.');
    expect(tooFewPoints(data([1, 2, 3, 4], [0, 1]))).toBeNull();
  });

  it('newPointLabel(): the chosen class, 0-based and clamped; for regression a value in −1 … 1', () => {
    expect(newPointLabel(2, 2, '')).toEqual({ label: 1 });
    expect(newPointLabel(3, 9, '')).toEqual({ label: 2 });
    expect(newPointLabel(0, 1, '-0.25')).toEqual({ label: -0.25 });
    expect(newPointLabel(0, 1, '3')).toEqual({ error: 'Value: 3 is outside −1 … 1.' });
    expect(newPointLabel(0, 1, '-1.234')).toEqual({ error: 'Value: −1.23 is outside −1 … 1.' });
    expect(newPointLabel(0, 1, 'x')).toEqual({ error: 'Value: “x” is not a number.' });
  });

  it('typedPoint(): two numbers on the plane', () => {
    expect(typedPoint('2.5', '-1')).toEqual({ x1: 2.5, x2: -1 });
    expect(typedPoint('7', '0')).toEqual({ error: 'x₁ and x₂ must lie in −6 … 6.' });
    expect(typedPoint('', '0')).toEqual({ error: 'x₁ and x₂ must be numbers.' });
  });
});
