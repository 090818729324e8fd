import { describe, expect, it } from 'vitest';
import { boundaryThreshold, decisionContour } from '../../../src/views/boundary/contour';
import { planeGridPoints } from '../../../src/model/plane';

/** [x, y] pairs of an SVG path made of M/L commands. */
function points(d: string): [number, number][] {
  const nums = (d.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < nums.length; i += 2) out.push([nums[i], nums[i + 1]]);
  return out;
}

/** A cols × rows grid of f(x1, x2) sampled per the grid convention. */
function sample(cols: number, rows: number, f: (x1: number, x2: number) => number): Float64Array {
  const X = planeGridPoints(cols, rows);
  const v = new Float64Array(cols * rows);
  for (let i = 0; i < v.length; i++) v[i] = f(X[2 * i], X[2 * i + 1]);
  return v;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('decisionContour', () => {
  it('boundaryThreshold(): 0.5 for [0, 1] outputs, 0 for tanh’s [−1, 1]', () => {
    expect(boundaryThreshold()).toBe(0.5);
    expect(boundaryThreshold([-1, 1])).toBe(0);
  });

  it('is non-empty for a grid that crosses 0.5, and contains no "NaN"', () => {
    const v = sample(20, 20, (x1) => sigmoid(x1));
    const d = decisionContour(v, 20, 20, 0.5, 200, 200);
    expect(d.length).toBeGreaterThan(0);
    expect(d).not.toMatch(/NaN/);
    expect(d.startsWith('M')).toBe(true);
  });

  it('is empty when the grid is entirely above or entirely below the threshold (no crossing)', () => {
    expect(decisionContour(new Float64Array(100).fill(0.9), 10, 10, 0.5, 100, 100)).toBe('');
    expect(decisionContour(new Float64Array(100).fill(0.1), 10, 10, 0.5, 100, 100)).toBe('');
    expect(decisionContour(new Float64Array(100).fill(0.5), 10, 10, 0.5, 100, 100)).toBe('');
  });

  it('maps to pixels with +x2 up: the boundary x2 = 2 is a horizontal line at y = (6 − 2)/12 · height', () => {
    const v = sample(24, 24, (_, x2) => sigmoid(x2 - 2));
    const d = decisionContour(v, 24, 24, 0.5, 240, 120);
    const pts = points(d);
    expect(pts.length).toBeGreaterThan(2);
    for (const [, y] of pts) expect(y).toBeCloseTo(40, 1);
    // It spans the plot from side to side, and the plot border is not drawn.
    const xs = pts.map(([x]) => x);
    expect(Math.min(...xs)).toBe(0);
    expect(Math.max(...xs)).toBe(240);
  });

  it('maps to pixels: the boundary x1 = −3 is a vertical line at x = (−3 + 6)/12 · width', () => {
    const v = sample(30, 30, (x1) => Math.tanh(x1 + 3));
    const pts = points(decisionContour(v, 30, 30, 0, 300, 300));
    expect(pts.length).toBeGreaterThan(2);
    for (const [x] of pts) expect(x).toBeCloseTo(75, 1);
    // Continued to the plot's top and bottom edges rather than cut toward a corner.
    const ys = pts.map(([, y]) => y);
    expect(Math.min(...ys)).toBe(0);
    expect(Math.max(...ys)).toBe(300);
  });

  it('a circle of class 1 gives a closed ring around the plot centre, not touching the border', () => {
    const v = sample(40, 40, (x1, x2) => sigmoid(3 - Math.hypot(x1, x2)));
    const pts = points(decisionContour(v, 40, 40, 0.5, 400, 400));
    for (const [x, y] of pts) expect(Math.hypot(x - 200, y - 200)).toBeCloseTo(100, -1);
  });

  it('is robust to non-finite cells: NaN holes make no islands, ±∞ count as far above / below', () => {
    const v = sample(16, 16, (x1) => sigmoid(x1));
    v[5] = NaN;
    v[100] = NaN;
    v[17] = Infinity;
    v[200] = -Infinity;
    const d = decisionContour(v, 16, 16, 0.5, 160, 160);
    expect(d).not.toMatch(/NaN|Infinity/);
    expect(d.length).toBeGreaterThan(0);
    const uniform = new Float64Array(64).fill(0.9);
    uniform[20] = NaN;
    expect(decisionContour(uniform, 8, 8, 0.5, 80, 80)).toBe('');
    expect(decisionContour(new Float64Array(64).fill(NaN), 8, 8, 0.5, 80, 80)).toBe('');
  });

  it('reuses a scratch buffer and accepts Float32Array grids; bad sizes give ""', () => {
    const v = new Float32Array(sample(10, 10, (x1, x2) => sigmoid(x1 + x2)));
    const scratch = new Float64Array(100);
    expect(decisionContour(v, 10, 10, 0.5, 100, 100, scratch)).toBe(
      decisionContour(v, 10, 10, 0.5, 100, 100),
    );
    expect(decisionContour(v, 11, 10, 0.5, 100, 100)).toBe('');
    expect(decisionContour(v, 10, 10, 0.5, 0, 100)).toBe('');
    expect(decisionContour(v, 10, 10, NaN, 100, 100)).toBe('');
  });
});
