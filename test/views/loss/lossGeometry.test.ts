import { describe, expect, it } from 'vitest';
import {
  LOG_FLOOR,
  POINTS_PER_PIXEL,
  downsampleForPixels,
  hoverPoint,
  lossGeometry,
  lossPath,
  lossScales,
  markerPositions,
  nearestIndex,
} from '../../../src/views/loss/lossGeometry';
import type { LossSeries } from '../../../src/views/loss/lossGeometry';

/** The numbers in an SVG path, in order. */
function numbers(d: string): number[] {
  return (d.match(/-?\d+(\.\d+)?(e[-+]?\d+)?/g) ?? []).map(Number);
}

const simple: LossSeries = {
  steps: [0, 10, 20, 30],
  train: [1, 0.5, 0.25, 0.125],
  test: [1.2, 0.6, 0.4, 0.3],
};

describe('lossScales / lossGeometry', () => {
  it('x maps the first and last step to the plot’s left and right (inside the margin)', () => {
    const s = lossScales(simple, { width: 200, height: 100, log: false, margin: { left: 20, right: 10 } });
    expect(s.x(0)).toBe(20);
    expect(s.x(30)).toBe(190);
  });

  it('linear: y runs from 0 (bottom) to at least the largest loss (top); larger losses are higher', () => {
    const s = lossScales(simple, { width: 200, height: 100, log: false });
    expect(s.log).toBe(false);
    expect(s.y.domain()[0]).toBe(0);
    expect(s.y.domain()[1]).toBeGreaterThanOrEqual(1.2);
    expect(s.yPx(0)).toBe(100);
    expect(s.yPx(1)).toBeLessThan(s.yPx(0.5));
  });

  it('log: the domain covers the positive losses, and 0 or negative losses are drawn at the floor', () => {
    const series: LossSeries = { steps: [0, 1, 2, 3], train: [1, 0.01, 0, -1], test: [NaN, NaN, NaN, NaN] };
    const s = lossScales(series, { width: 100, height: 100, log: true });
    expect(s.log).toBe(true);
    expect(s.floor).toBeGreaterThan(0);
    expect(s.floor).toBeLessThanOrEqual(0.01);
    expect(s.yPx(0)).toBe(s.yPx(s.floor));
    expect(s.yPx(-1)).toBe(s.yPx(s.floor));
    expect(s.yPx(0)).toBe(100);
    expect(s.yPx(0.01)).toBeGreaterThan(s.yPx(1));
    expect(Number.isNaN(s.yPx(NaN))).toBe(true);
  });

  it('log: the floor never goes below LOG_FLOOR, even for losses of 1e-20', () => {
    const s = lossScales(
      { steps: [0, 1], train: [1, 1e-20], test: [] },
      { width: 100, height: 100, log: true },
    );
    expect(s.floor).toBeGreaterThanOrEqual(LOG_FLOOR);
    expect(Number.isFinite(s.yPx(1e-20))).toBe(true);
  });

  it('paths skip non-finite points (leaving a gap) and never contain "NaN"', () => {
    const series: LossSeries = {
      steps: new Float64Array([0, 1, 2, 3, 4, 5]),
      train: [1, NaN, 0.5, Infinity, 0.2, 0.1],
      test: [0, -1, 0.5, 0.4, -Infinity, 0.2],
    };
    for (const log of [false, true]) {
      const g = lossGeometry(series, { width: 300, height: 150, log });
      for (const d of [g.trainPath, g.testPath]) {
        expect(d).not.toMatch(/NaN|Infinity/);
        expect(d.length).toBeGreaterThan(0);
      }
      // Gaps: the train path restarts (a second "M") after each non-finite point.
      expect(g.trainPath.match(/M/g)?.length).toBe(3);
    }
  });

  it('the first path point is at the first step’s x and its loss’s y', () => {
    const g = lossGeometry(simple, { width: 200, height: 100, log: true });
    const [x0, y0] = numbers(g.trainPath);
    expect(x0).toBeCloseTo(g.x(0), 2);
    expect(y0).toBeCloseTo(g.yPx(1), 2);
  });

  it('empty, single-point and all-NaN series give finite scales and empty (or NaN-free) paths', () => {
    for (const log of [false, true]) {
      const empty = lossGeometry({ steps: [], train: [], test: [] }, { width: 100, height: 50, log });
      expect(empty.trainPath).toBe('');
      expect(empty.x.domain().every(Number.isFinite)).toBe(true);
      const one = lossGeometry({ steps: [5], train: [0.3], test: [NaN] }, { width: 100, height: 50, log });
      expect(one.trainPath).not.toMatch(/NaN/);
      expect(one.testPath).toBe('');
      const nan = lossGeometry(
        { steps: [0, 1], train: [NaN, NaN], test: [NaN, NaN] },
        { width: 100, height: 50, log },
      );
      expect(nan.y.domain().every(Number.isFinite)).toBe(true);
      expect(nan.trainPath).toBe('');
    }
  });

  it('lossPath() ignores values beyond the end of steps', () => {
    const s = lossScales(simple, { width: 100, height: 100, log: false });
    expect(lossPath([0, 10], [1, 0.5, 0.25], s).match(/L/g)?.length).toBe(1);
  });

  it('stepDomain fixes the x domain', () => {
    const s = lossScales(simple, { width: 100, height: 100, log: false, stepDomain: [0, 100] });
    expect(s.x(100)).toBe(100);
    expect(s.x(30)).toBeCloseTo(30, 9);
  });
});

describe('hover and markers', () => {
  it('nearestIndex() finds the closest step (bisector), clamped to the ends; −1 when empty', () => {
    const steps = new Float64Array([0, 10, 20, 30]);
    expect(nearestIndex(steps, 14)).toBe(1);
    expect(nearestIndex(steps, 16)).toBe(2);
    expect(nearestIndex(steps, -5)).toBe(0);
    expect(nearestIndex(steps, 99)).toBe(3);
    expect(nearestIndex(steps, Infinity)).toBe(3);
    expect(nearestIndex([], 3)).toBe(-1);
  });

  it('hoverPoint() returns the nearest point’s values and pixel position, y null for non-finite values', () => {
    const series: LossSeries = { steps: [0, 10, 20, 30], train: [1, 0.5, 0.25, 0.125], test: [1, NaN, 1, 1] };
    const g = lossGeometry(series, { width: 300, height: 100, log: false });
    const h = hoverPoint(series, g, g.x(11));
    expect(h).toMatchObject({ index: 1, step: 10, train: 0.5, x: g.x(10), yTrain: g.yPx(0.5), yTest: null });
    expect(hoverPoint({ steps: [], train: [], test: [] }, g, 10)).toBeNull();
  });

  it('markerPositions() maps setting-change steps inside the domain to x, keeping their indices', () => {
    const g = lossScales(simple, { width: 300, height: 100, log: false });
    expect(markerPositions([-5, 0, 15, 30, 31, NaN], g.x)).toEqual([
      { index: 1, x: 0 },
      { index: 2, x: 150 },
      { index: 3, x: 300 },
    ]);
  });
});

describe('downsampleForPixels', () => {
  function noisySeries(n: number): LossSeries {
    const steps = new Float64Array(n);
    const train = new Float64Array(n);
    const test = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      steps[i] = i;
      train[i] = 1 / (1 + i / 1000) + 0.05 * Math.sin(i * 0.7);
      test[i] = 1.1 / (1 + i / 1000) + 0.05 * Math.cos(i * 1.3);
    }
    return { steps, train, test };
  }

  it(`keeps at most ${POINTS_PER_PIXEL} points per pixel column plus the two ends, in step order`, () => {
    // A million-step run: the drawing cost is bounded by the width, not the run's length.
    const series = noisySeries(1_000_000);
    for (const w of [1, 37, 1920]) {
      const d = downsampleForPixels(series, w);
      expect(d.steps.length).toBeLessThanOrEqual(POINTS_PER_PIXEL * w + 2);
      expect(d.train.length).toBe(d.steps.length);
      expect(d.test.length).toBe(d.steps.length);
      for (let i = 1; i < d.steps.length; i++) expect(d.steps[i]).toBeGreaterThan(d.steps[i - 1]);
    }
  }, 60_000);

  it('keeps the first and last point and each column’s extremes, so the drawn envelope is unchanged', () => {
    const series = noisySeries(100_000);
    const w = 200;
    const d = downsampleForPixels(series, w);
    expect(d.steps[0]).toBe(0);
    expect(d.steps[d.steps.length - 1]).toBe(99_999);
    const max = (a: ArrayLike<number>) => {
      let m = -Infinity;
      for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
      return m;
    };
    const min = (a: ArrayLike<number>) => -max(Array.from(a, (v) => -v));
    expect(max(d.train)).toBe(max(series.train));
    expect(min(d.train)).toBe(min(series.train));
    expect(max(d.test)).toBe(max(series.test));
    expect(min(d.test)).toBe(min(series.test));
    // Every kept point is a real point of the series.
    for (let i = 0; i < d.steps.length; i += 97) expect(d.train[i]).toBe(series.train[d.steps[i]]);
  }, 60_000);

  it('keeps a non-finite point per column so divergence still shows as a gap', () => {
    const series = noisySeries(10_000);
    (series.train as Float64Array)[5000] = NaN;
    const d = downsampleForPixels(series, 50);
    expect(Array.from(d.train).some(Number.isNaN)).toBe(true);
    const g = lossGeometry(d, { width: 50, height: 50, log: true });
    expect(g.trainPath.match(/M/g)?.length).toBe(2);
  });

  it('returns short series unchanged (as a copy)', () => {
    const d = downsampleForPixels(simple, 100);
    expect(Array.from(d.steps)).toEqual([0, 10, 20, 30]);
    expect(Array.from(d.train)).toEqual([1, 0.5, 0.25, 0.125]);
    expect(Array.from(d.test)).toEqual([1.2, 0.6, 0.4, 0.3]);
  });

  it('handles a zero or NaN width as one column', () => {
    const series = noisySeries(1000);
    expect(downsampleForPixels(series, 0).steps.length).toBeLessThanOrEqual(POINTS_PER_PIXEL + 2);
    expect(downsampleForPixels(series, NaN).steps.length).toBeLessThanOrEqual(POINTS_PER_PIXEL + 2);
  });
});
