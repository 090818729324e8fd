import { rgb } from 'd3';
import { describe, expect, it } from 'vitest';
import { NON_FINITE_GREY, classRGB, divergingRGB } from '../../../src/views/shared/colors';
import { planeGridPoints } from '../../../src/model/plane';
import {
  paintBinary,
  paintHeatmap,
  paintMultiClass,
  paintRegression,
} from '../../../src/views/shared/heatmap';

const GREY = (() => {
  const c = rgb(NON_FINITE_GREY.light);
  return [c.r, c.g, c.b, 255];
})();

function diverging(value: number, maxAbs: number): number[] {
  const out = new Uint8ClampedArray(4);
  divergingRGB(value, maxAbs, out, 0);
  return [...out];
}
function classPixel(k: number, confidence: number): number[] {
  const out = new Uint8ClampedArray(4);
  classRGB(k, confidence, out, 0);
  return [...out];
}
/** RGBA of image pixel (x, y), y = 0 at the top. */
function px(out: Uint8ClampedArray, cols: number, x: number, y: number): number[] {
  const o = (y * cols + x) * 4;
  return [...out.slice(o, o + 4)];
}

describe('the grid convention', () => {
  it('planeGridPoints(): row-major, x1 varies fastest, row 0 is the bottom (x2 = −6 side)', () => {
    const X = planeGridPoints(2, 2);
    // (c, r) = (0,0) (1,0) (0,1) (1,1)
    expect([...X]).toEqual([-3, -3, 3, -3, -3, 3, 3, 3]);
  });
});

describe('paintHeatmap', () => {
  it('a 2×2 grid with known values gives known RGBA, with grid row 0 at the bottom of the image (+y up)', () => {
    // Grid (row 0 = bottom): bottom-left −1, bottom-right 0, top-left 0.5, top-right 1.
    const values = new Float32Array([-1, 0, 0.5, 1]);
    const out = paintHeatmap(values, 2, 2, { maxAbs: 1 }, new Uint8ClampedArray(16));
    expect(px(out, 2, 0, 0)).toEqual(diverging(0.5, 1)); // top-left
    expect(px(out, 2, 1, 0)).toEqual(diverging(1, 1)); // top-right
    expect(px(out, 2, 0, 1)).toEqual(diverging(-1, 1)); // bottom-left
    expect(px(out, 2, 1, 1)).toEqual(diverging(0, 1)); // bottom-right
    const neutral = rgb('#f7f7f7');
    expect(px(out, 2, 1, 1)).toEqual([neutral.r, neutral.g, neutral.b, 255]);
  });

  it('a grid sampled by planeGridPoints() with f = x2 paints positive (blue) at the top of the image', () => {
    const cols = 3;
    const rows = 4;
    const X = planeGridPoints(cols, rows);
    const values = new Float64Array(cols * rows);
    for (let i = 0; i < values.length; i++) values[i] = X[2 * i + 1];
    const out = paintHeatmap(values, cols, rows, {}, new Uint8ClampedArray(cols * rows * 4));
    const top = px(out, cols, 1, 0);
    const bottom = px(out, cols, 1, rows - 1);
    expect(top[2]).toBeGreaterThan(top[0]);
    expect(bottom[0]).toBeGreaterThan(bottom[2]);
  });

  it('maxAbs defaults to the largest finite |value − center|', () => {
    const out = paintHeatmap([0.1, -0.2, NaN, Infinity], 4, 1, {}, new Uint8ClampedArray(16));
    expect(px(out, 4, 1, 0)).toEqual(diverging(-1, 1));
    expect(px(out, 4, 0, 0)).toEqual(diverging(0.5, 1));
  });

  it('NaN and ±∞ cells are painted grey, never a NaN colour; an all-NaN grid is all grey', () => {
    const out = paintHeatmap(
      new Float64Array([NaN, Infinity, -Infinity, 0.5]),
      2,
      2,
      { maxAbs: 1 },
      new Uint8ClampedArray(16),
    );
    expect(px(out, 2, 0, 1)).toEqual(GREY);
    expect(px(out, 2, 1, 1)).toEqual(GREY);
    expect(px(out, 2, 0, 0)).toEqual(GREY);
    expect(px(out, 2, 1, 0)).toEqual(diverging(0.5, 1));
    const all = paintHeatmap(new Float32Array(9).fill(NaN), 3, 3, {}, new Uint8ClampedArray(36));
    for (let i = 0; i < 9; i++) expect([...all.slice(i * 4, i * 4 + 4)]).toEqual(GREY);
  });

  it('discretize paints only the sign: the two ends, and the neutral for exactly the centre', () => {
    const out = paintHeatmap(
      [0.01, -0.01, 0, NaN],
      4,
      1,
      { maxAbs: 1, discretize: true },
      new Uint8ClampedArray(16),
    );
    expect(px(out, 4, 0, 0)).toEqual(diverging(1, 1));
    expect(px(out, 4, 1, 0)).toEqual(diverging(-1, 1));
    expect(px(out, 4, 2, 0)).toEqual(diverging(0, 1));
    expect(px(out, 4, 3, 0)).toEqual(GREY);
  });

  it('a colorFn is called with finite (discretized) values only; non-finite cells stay grey', () => {
    const seen: number[] = [];
    const out = paintHeatmap(
      [2, NaN, -0.5],
      3,
      1,
      {
        maxAbs: 4,
        discretize: true,
        colorFn: (v, o, i) => {
          seen.push(v);
          o[i] = 1;
          o[i + 1] = 2;
          o[i + 2] = 3;
          o[i + 3] = 4;
        },
      },
      new Uint8ClampedArray(12),
    );
    expect(seen).toEqual([4, -4]);
    expect(px(out, 3, 1, 0)).toEqual(GREY);
    expect(px(out, 3, 2, 0)).toEqual([1, 2, 3, 4]);
  });

  it('throws a RangeError when values or out are too small', () => {
    expect(() => paintHeatmap([1, 2, 3], 2, 2, {}, new Uint8ClampedArray(16))).toThrow(RangeError);
    expect(() => paintHeatmap([1, 2, 3, 4], 2, 2, {}, new Uint8ClampedArray(15))).toThrow(RangeError);
  });

  it('paints a 100×100 grid into the caller’s buffer and returns it', () => {
    const values = new Float32Array(100 * 100).map((_, i) => Math.sin(i));
    const out = new Uint8ClampedArray(100 * 100 * 4);
    expect(paintHeatmap(values, 100, 100, {}, out)).toBe(out);
  });
});

describe('decision boundary painters', () => {
  it('paintBinary(): [0, 1] probabilities: 0 orange end, 0.5 neutral, 1 blue end', () => {
    const out = paintBinary([0, 0.5, 1, 0.75], 4, 1, {}, new Uint8ClampedArray(16));
    expect(px(out, 4, 0, 0)).toEqual(diverging(-1, 1));
    expect(px(out, 4, 1, 0)).toEqual(diverging(0, 1));
    expect(px(out, 4, 2, 0)).toEqual(diverging(1, 1));
    expect(px(out, 4, 3, 0)).toEqual(diverging(0.5, 1));
  });

  it('paintBinary(): range [−1, 1] for tanh outputs puts the boundary at 0', () => {
    const out = paintBinary([-1, 0, 1, 0.5], 4, 1, { range: [-1, 1] }, new Uint8ClampedArray(16));
    expect(px(out, 4, 0, 0)).toEqual(diverging(-1, 1));
    expect(px(out, 4, 1, 0)).toEqual(diverging(0, 1));
    expect(px(out, 4, 2, 0)).toEqual(diverging(1, 1));
    expect(px(out, 4, 3, 0)).toEqual(diverging(0.5, 1));
  });

  it('paintBinary(): discretize shows only which side of 0.5 a cell is on', () => {
    const out = paintBinary([0.49, 0.51], 2, 1, { discretize: true }, new Uint8ClampedArray(8));
    expect(px(out, 2, 0, 0)).toEqual(diverging(-1, 1));
    expect(px(out, 2, 1, 0)).toEqual(diverging(1, 1));
  });

  it('paintRegression(): continuous around 0, scaled to the largest |value| by default', () => {
    const out = paintRegression([-2, 1], 2, 1, {}, new Uint8ClampedArray(8));
    expect(px(out, 2, 0, 0)).toEqual(diverging(-1, 1));
    expect(px(out, 2, 1, 0)).toEqual(diverging(0.5, 1));
    const fixed = paintRegression([-2, 1], 2, 1, { maxAbs: 4 }, new Uint8ClampedArray(8));
    expect(px(fixed, 2, 0, 0)).toEqual(diverging(-0.5, 1));
  });

  it('paintMultiClass(): argmax class colour, confidence (p − 1/k)/(1 − 1/k), uniform → neutral', () => {
    // 3 classes, 2×2 grid, cell-major (k values per cell), row 0 at the bottom.
    const probs = new Float64Array([
      1,
      0,
      0, // bottom-left: class 0, certain
      0.2,
      0.6,
      0.2, // bottom-right: class 1, confidence 0.4
      1 / 3,
      1 / 3,
      1 / 3, // top-left: uniform
      0.1,
      0.1,
      0.8, // top-right: class 2, confidence 0.7
    ]);
    const out = paintMultiClass(probs, 3, 2, 2, {}, new Uint8ClampedArray(16));
    expect(px(out, 2, 0, 1)).toEqual(classPixel(0, 1));
    expect(px(out, 2, 1, 1)).toEqual(classPixel(1, (0.6 - 1 / 3) / (2 / 3)));
    expect(px(out, 2, 0, 0)).toEqual(classPixel(0, 0));
    expect(px(out, 2, 1, 0)).toEqual(classPixel(2, (0.8 - 1 / 3) / (2 / 3)));
  });

  it('paintMultiClass(): discretize paints the argmax at full colour; any non-finite probability → grey', () => {
    const probs = [0.3, 0.7, NaN, 0.5];
    const out = paintMultiClass(probs, 2, 2, 1, { discretize: true }, new Uint8ClampedArray(8));
    expect(px(out, 2, 0, 0)).toEqual(classPixel(1, 1));
    expect(px(out, 2, 1, 0)).toEqual(GREY);
  });

  it('paintMultiClass(): throws a RangeError when probs hold fewer than cols·rows·k values', () => {
    expect(() => paintMultiClass([0.5, 0.5], 2, 2, 1, {}, new Uint8ClampedArray(8))).toThrow(RangeError);
  });
});
