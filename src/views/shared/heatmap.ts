/**
 * Painting value grids (the decision boundary, the neurons' mini maps, matrix heatmaps) into RGBA
 * pixels, one pixel per grid cell; the canvas is then scaled by CSS (Playground's technique).
 *
 * THE GRID CONVENTION (contour.ts and the tests rely on it):
 * - A grid samples the input plane at its cell centres as model/plane.ts defines (planeGridPoints),
 *   stored row-major with y ascending from the bottom: values[r·cols + c], so row 0 is the bottom of
 *   the plane (x2 = −6 side) and the last row the top. Multi-output grids (k values per cell) store a
 *   cell's k values consecutively, i.e. exactly the engine's n × outputs layout when the grid points
 *   are fed as the n rows of X.
 * - Images are the other way up, as canvases are: image row 0 is the top. So image row i shows grid
 *   row rows − 1 − i, and +x2 points up on screen.
 */
import {
  LUT_CENTER,
  LUT_NON_FINITE,
  LUT_SIZE,
  MIN_MAX_ABS,
  classLUT,
  confidenceIndex,
  divergingIndex,
  divergingLUT,
  nonFiniteRGB,
} from './colors';
import type { Theme } from './colors';

export type Grid = Float32Array | Float64Array;

/** Writes RGBA for one finite value at out[offset … offset+3]. */
export type ColorFn = (value: number, out: Uint8ClampedArray, offset: number) => void;

export interface HeatmapOptions {
  /**
   * 256 × RGBA table indexed as divergingIndex(value − center, maxAbs) (entry 0 = non-finite, 128 = the
   * centre). Defaults to the theme's diverging table. Ignored when `colorFn` is given.
   */
  lut?: Uint8ClampedArray;
  /** Per-cell colour, slower than a table; never sees a non-finite value. */
  colorFn?: ColorFn;
  /** The value painted neutral. Default 0. */
  center?: number;
  /** center ± maxAbs are the ends of the scale. Default: the largest finite |value − center|. */
  maxAbs?: number;
  /** Paint only the sign of value − center (the two ends, or neutral for exactly the centre). */
  discretize?: boolean;
  theme?: Theme;
}

function checkSizes(name: string, length: number, cells: number, per: number, out: Uint8ClampedArray): void {
  if (!(cells >= 0) || length < cells * per) {
    throw new RangeError(`${name}: values hold ${length}, the grid needs ${cells * per}`);
  }
  if (out.length < cells * 4)
    throw new RangeError(`${name}: out holds ${out.length} bytes, needs ${cells * 4}`);
}

/**
 * Paints a cols × rows grid of signed values into `out` (RGBA, cols·rows·4 bytes, image row 0 at the
 * top; see the grid convention above) and returns `out`. Non-finite values are painted in the theme's
 * grey, never as a NaN colour.
 */
export function paintHeatmap<T extends Uint8ClampedArray>(
  values: Grid | ArrayLike<number>,
  cols: number,
  rows: number,
  options: HeatmapOptions,
  out: T,
): T {
  checkSizes('paintHeatmap', values.length, cols * rows, 1, out);
  const theme = options.theme ?? 'light';
  const center = options.center ?? 0;
  let maxAbs = options.maxAbs;
  if (maxAbs === undefined) {
    maxAbs = 0;
    for (let i = 0, n = cols * rows; i < n; i++) {
      const d = values[i] - center;
      if (d - d === 0) {
        const a = d < 0 ? -d : d;
        if (a > maxAbs) maxAbs = a;
      }
    }
  }
  if (!(maxAbs > MIN_MAX_ABS)) maxAbs = MIN_MAX_ABS;
  const discretize = options.discretize === true;
  const colorFn = options.colorFn;

  if (colorFn) {
    for (let i = 0; i < rows; i++) {
      const src = (rows - 1 - i) * cols;
      let o = i * cols * 4;
      for (let c = 0; c < cols; c++, o += 4) {
        let v = values[src + c];
        if (v - v !== 0) {
          nonFiniteRGB(out, o, theme);
          continue;
        }
        if (discretize) v = v > center ? center + maxAbs : v < center ? center - maxAbs : center;
        colorFn(v, out, o);
      }
    }
    return out;
  }

  const lut = options.lut ?? divergingLUT(theme);
  if (lut.length < LUT_SIZE * 4)
    throw new RangeError(`paintHeatmap: lut holds ${lut.length} < ${LUT_SIZE * 4}`);
  for (let i = 0; i < rows; i++) {
    const src = (rows - 1 - i) * cols;
    let o = i * cols * 4;
    for (let c = 0; c < cols; c++, o += 4) {
      const d = values[src + c] - center;
      let k: number;
      if (d - d !== 0) k = LUT_NON_FINITE;
      else if (discretize) k = d > 0 ? LUT_SIZE - 1 : d < 0 ? 1 : LUT_CENTER;
      else k = divergingIndex(d, maxAbs);
      k *= 4;
      out[o] = lut[k];
      out[o + 1] = lut[k + 1];
      out[o + 2] = lut[k + 2];
      out[o + 3] = lut[k + 3];
    }
  }
  return out;
}

export interface BinaryPaintOptions {
  /**
   * The output's range: [0, 1] for a sigmoid probability (default), [−1, 1] for tanh. The low end is
   * painted orange (class 0 / negative), the high end blue, the middle (the boundary) neutral.
   */
  range?: readonly [number, number];
  /** Paint only which side of the middle each cell is on. */
  discretize?: boolean;
  theme?: Theme;
}

/** Decision boundary of a binary classifier: one output per cell, on a fixed range. */
export function paintBinary<T extends Uint8ClampedArray>(
  values: Grid | ArrayLike<number>,
  cols: number,
  rows: number,
  options: BinaryPaintOptions,
  out: T,
): T {
  const [lo, hi] = options.range ?? [0, 1];
  return paintHeatmap(
    values,
    cols,
    rows,
    {
      center: (lo + hi) / 2,
      maxAbs: Math.abs(hi - lo) / 2,
      discretize: options.discretize,
      theme: options.theme,
    },
    out,
  );
}

export interface RegressionPaintOptions {
  /** ±maxAbs are the ends of the scale. Default: the largest finite |value| in the grid. */
  maxAbs?: number;
  theme?: Theme;
}

/** A regression output over the plane: continuous diverging colours around 0. */
export function paintRegression<T extends Uint8ClampedArray>(
  values: Grid | ArrayLike<number>,
  cols: number,
  rows: number,
  options: RegressionPaintOptions,
  out: T,
): T {
  return paintHeatmap(values, cols, rows, { center: 0, maxAbs: options.maxAbs, theme: options.theme }, out);
}

export interface MultiClassPaintOptions {
  /** Paint the argmax class at full colour, with no confidence shading. */
  discretize?: boolean;
  theme?: Theme;
}

/**
 * Decision regions of a k-class classifier: `probs` holds k probabilities per cell (cell-major, see the
 * grid convention). Each cell gets its argmax class's colour, mixed toward the neutral by confidence:
 * (p_max − 1/k) / (1 − 1/k), so a uniform prediction is neutral and a certain one the full colour.
 * A cell with any non-finite probability is painted grey.
 */
export function paintMultiClass<T extends Uint8ClampedArray>(
  probs: Grid | ArrayLike<number>,
  classes: number,
  cols: number,
  rows: number,
  options: MultiClassPaintOptions,
  out: T,
): T {
  const k = Math.max(1, Math.trunc(classes));
  checkSizes('paintMultiClass', probs.length, cols * rows, k, out);
  const theme = options.theme ?? 'light';
  const discretize = options.discretize === true;
  const chance = 1 / k;
  const span = k > 1 ? 1 - chance : 1;
  const luts: Uint8ClampedArray[] = [];
  for (let j = 0; j < k; j++) luts.push(classLUT(j, theme));
  for (let i = 0; i < rows; i++) {
    const srcRow = rows - 1 - i;
    let o = i * cols * 4;
    for (let c = 0; c < cols; c++, o += 4) {
      const base = (srcRow * cols + c) * k;
      let best = -1;
      let pMax = -Infinity;
      let finite = true;
      for (let j = 0; j < k; j++) {
        const p = probs[base + j];
        if (p - p !== 0) {
          finite = false;
          break;
        }
        if (p > pMax) {
          pMax = p;
          best = j;
        }
      }
      if (!finite || best < 0) {
        nonFiniteRGB(out, o, theme);
        continue;
      }
      const lut = luts[best];
      const q = (discretize ? LUT_SIZE - 1 : confidenceIndex((pMax - chance) / span)) * 4;
      out[o] = lut[q];
      out[o + 1] = lut[q + 1];
      out[o + 2] = lut[q + 2];
      out[o + 3] = 255;
    }
  }
  return out;
}
