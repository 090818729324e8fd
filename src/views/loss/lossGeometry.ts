/**
 * Geometry of the loss curve: scales, path strings, hover lookup, setting-change markers, and a
 * min/max-per-pixel decimator so a million-step run costs no more to draw than the plot is wide.
 * Pure: the component renders the strings (SVG) or replays them (canvas).
 */
import { bisector, line, scaleLinear, scaleLog } from 'd3';
import type { ScaleLinear, ScaleLogarithmic } from 'd3';

export type NumberSeries = Float64Array | Float32Array | readonly number[];

/** A (thinned) loss history: steps ascending, one train and one test loss per step (NaN = none). */
export interface LossSeries {
  steps: NumberSeries;
  train: NumberSeries;
  test: NumberSeries;
}

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface LossGeometryOptions {
  width: number;
  height: number;
  log: boolean;
  /** Room for axes inside width × height. Default 0 on every side. */
  margin?: Partial<Margin>;
  /** Fix the x domain (e.g. [0, total steps]) instead of fitting the series' first and last step. */
  stepDomain?: readonly [number, number];
}

export interface LossScales {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number> | ScaleLogarithmic<number, number>;
  log: boolean;
  /**
   * On a log scale, the bottom of the domain: values at or below it (including 0 and negatives, which
   * a log scale cannot show) are drawn there. On a linear scale, the bottom of the domain too.
   */
  floor: number;
  /** Pixel y of a loss value, NaN for a non-finite value. */
  yPx: (value: number) => number;
}

export interface LossGeometry extends LossScales {
  /** SVG path data ('' when nothing is drawable). Non-finite points leave gaps; never contains "NaN". */
  trainPath: string;
  testPath: string;
}

/** The lowest loss a log axis goes down to, whatever the data. */
export const LOG_FLOOR = 1e-8;

const isFiniteNumber = (v: number): boolean => v - v === 0;

function valueAt(series: NumberSeries, i: number): number {
  return i < series.length ? series[i] : NaN;
}

/** Scales fitted to the series (both train and test count for the y domain). */
export function lossScales(series: LossSeries, options: LossGeometryOptions): LossScales {
  const m: Margin = { top: 0, right: 0, bottom: 0, left: 0, ...options.margin };
  const x0 = m.left;
  const x1 = Math.max(x0, options.width - m.right);
  const yBottom = Math.max(m.top, options.height - m.bottom);
  const yTop = m.top;

  // x: first and last finite step (steps ascend), unless fixed.
  const { steps } = series;
  let s0 = NaN;
  let s1 = NaN;
  if (options.stepDomain && isFiniteNumber(options.stepDomain[0]) && isFiniteNumber(options.stepDomain[1])) {
    [s0, s1] = options.stepDomain;
  } else {
    for (let i = 0; i < steps.length; i++) {
      if (isFiniteNumber(steps[i])) {
        s0 = steps[i];
        break;
      }
    }
    for (let i = steps.length - 1; i >= 0; i--) {
      if (isFiniteNumber(steps[i])) {
        s1 = steps[i];
        break;
      }
    }
  }
  if (!isFiniteNumber(s0) || !isFiniteNumber(s1)) {
    s0 = 0;
    s1 = 1;
  }
  if (!(s1 > s0)) s1 = s0 + 1;
  const x = scaleLinear().domain([s0, s1]).range([x0, x1]);

  // y: finite values (positive ones only on a log scale).
  let lo = Infinity;
  let hi = -Infinity;
  for (const values of [series.train, series.test]) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!isFiniteNumber(v) || (options.log && v <= 0)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }

  if (options.log) {
    if (!(hi >= lo)) {
      lo = 1e-3;
      hi = 1;
    }
    lo = Math.max(lo, LOG_FLOOR);
    hi = Math.max(hi, lo);
    if (hi === lo) {
      lo = Math.max(LOG_FLOOR, lo / 2);
      hi *= 2;
    }
    const y = scaleLog().domain([lo, hi]).range([yBottom, yTop]).nice();
    const floor = Math.max(LOG_FLOOR, y.domain()[0]);
    const yPx = (v: number): number => (isFiniteNumber(v) ? y(v > floor ? v : floor) : NaN);
    return { x, y, log: true, floor, yPx };
  }

  if (!(hi >= lo)) {
    lo = 0;
    hi = 1;
  }
  lo = Math.min(0, lo);
  if (hi === lo) hi = lo + 1;
  const y = scaleLinear().domain([lo, hi]).range([yBottom, yTop]).nice();
  const yPx = (v: number): number => (isFiniteNumber(v) ? y(v) : NaN);
  return { x, y, log: false, floor: y.domain()[0], yPx };
}

/** SVG path data for one series over `steps`; non-finite points (step or value) break the line. */
export function lossPath(steps: NumberSeries, values: NumberSeries, scales: LossScales): string {
  const { x, yPx } = scales;
  // Past the end of `steps`, steps[i] is undefined and the point is not defined either.
  const path = line<number>()
    .defined((v, i) => i < steps.length && isFiniteNumber(v) && isFiniteNumber(steps[i]))
    .x((_, i) => x(steps[i]))
    .y((v) => yPx(v))
    .digits(2)(values);
  return path ?? '';
}

/** Scales plus both paths. */
export function lossGeometry(series: LossSeries, options: LossGeometryOptions): LossGeometry {
  const scales = lossScales(series, options);
  return {
    ...scales,
    trainPath: lossPath(series.steps, series.train, scales),
    testPath: lossPath(series.steps, series.test, scales),
  };
}

const stepBisector = bisector((s: number) => s);

/** Index of the step nearest to `step` in an ascending `steps`, or −1 when there are none. */
export function nearestIndex(steps: NumberSeries, step: number): number {
  const n = steps.length;
  if (n === 0) return -1;
  if (!isFiniteNumber(step)) return step > 0 ? n - 1 : 0;
  const i = stepBisector.center(steps, step);
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

export interface HoverPoint {
  index: number;
  step: number;
  train: number;
  test: number;
  /** Pixel position of the point; y is null for a non-finite value. */
  x: number;
  yTrain: number | null;
  yTest: number | null;
}

/** The data point nearest to pixel column `px`, for the hover read-out; null for an empty series. */
export function hoverPoint(series: LossSeries, scales: LossScales, px: number): HoverPoint | null {
  const index = nearestIndex(series.steps, scales.x.invert(px));
  if (index < 0) return null;
  const step = series.steps[index];
  const train = valueAt(series.train, index);
  const test = valueAt(series.test, index);
  const yTrain = scales.yPx(train);
  const yTest = scales.yPx(test);
  return {
    index,
    step,
    train,
    test,
    x: scales.x(step),
    yTrain: isFiniteNumber(yTrain) ? yTrain : null,
    yTest: isFiniteNumber(yTest) ? yTest : null,
  };
}

/**
 * Pixel x of each "setting changed" marker whose step lies in the x domain; `index` points back into
 * `changeSteps` so the component can label it.
 */
export function markerPositions(
  changeSteps: ArrayLike<number>,
  x: ScaleLinear<number, number>,
): { index: number; x: number }[] {
  const [d0, d1] = x.domain();
  const out: { index: number; x: number }[] = [];
  for (let index = 0; index < changeSteps.length; index++) {
    const s = changeSteps[index];
    if (isFiniteNumber(s) && s >= d0 && s <= d1) out.push({ index, x: x(s) });
  }
  return out;
}

/** Points per pixel column downsampleForPixels keeps at most (plus the first and last point). */
export const POINTS_PER_PIXEL = 5;

export interface DecimatedSeries {
  steps: Float64Array;
  train: Float64Array;
  test: Float64Array;
}

/**
 * Decimates a long series to what `widthPx` pixel columns can show: per column (by step), the points
 * holding the min and max train loss, the min and max test loss, and the first non-finite point (so
 * gaps stay visible), in step order; plus the series' first and last point. So the result has at
 * most POINTS_PER_PIXEL · widthPx + 2 points, and drawing it looks the same as drawing everything.
 * Series short enough already are copied unchanged.
 */
export function downsampleForPixels(series: LossSeries, widthPx: number): DecimatedSeries {
  const { steps, train, test } = series;
  const n = steps.length;
  const columns = Math.max(1, Number.isFinite(widthPx) ? Math.floor(widthPx) : 1);
  const capacity = Math.min(n, POINTS_PER_PIXEL * columns + 2);
  const outSteps = new Float64Array(capacity);
  const outTrain = new Float64Array(capacity);
  const outTest = new Float64Array(capacity);
  let m = 0;
  const push = (i: number): void => {
    outSteps[m] = steps[i];
    outTrain[m] = valueAt(train, i);
    outTest[m] = valueAt(test, i);
    m++;
  };

  if (n <= capacity) {
    for (let i = 0; i < n; i++) push(i);
    return { steps: outSteps, train: outTrain, test: outTest };
  }

  let first = -1;
  let last = -1;
  for (let i = 0; i < n; i++) {
    if (isFiniteNumber(steps[i])) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0)
    return { steps: outSteps.subarray(0, 0), train: outTrain.subarray(0, 0), test: outTest.subarray(0, 0) };
  const s0 = steps[first];
  const span = steps[last] - s0 || 1;

  // Per-column candidates: [min train, max train, min test, max test, first non-finite].
  const picks = new Int32Array(POINTS_PER_PIXEL);
  let column = -1;
  let minTr = Infinity;
  let maxTr = -Infinity;
  let minTe = Infinity;
  let maxTe = -Infinity;
  let lastPushed = -1;

  const flush = (): void => {
    // Sort the ≤ 5 picks (insertion sort, no allocation) and push each index once, skipping ones
    // already pushed (the first point).
    const count = POINTS_PER_PIXEL;
    for (let a = 1; a < count; a++) {
      const v = picks[a];
      let b = a - 1;
      while (b >= 0 && picks[b] > v) {
        picks[b + 1] = picks[b];
        b--;
      }
      picks[b + 1] = v;
    }
    for (let a = 0; a < count; a++) {
      const i = picks[a];
      if (i > lastPushed) {
        push(i);
        lastPushed = i;
      }
    }
  };

  push(first);
  lastPushed = first;
  for (let i = first; i <= last; i++) {
    const s = steps[i];
    if (!isFiniteNumber(s)) continue;
    let c = Math.floor(((s - s0) / span) * columns);
    if (c >= columns) c = columns - 1;
    else if (c < 0) c = 0;
    if (c !== column) {
      if (column >= 0) flush();
      column = c;
      picks.fill(-1);
      minTr = minTe = Infinity;
      maxTr = maxTe = -Infinity;
    }
    const tr = valueAt(train, i);
    const te = valueAt(test, i);
    if (isFiniteNumber(tr)) {
      if (tr < minTr) {
        minTr = tr;
        picks[0] = i;
      }
      if (tr > maxTr) {
        maxTr = tr;
        picks[1] = i;
      }
    } else if (picks[4] < 0) picks[4] = i;
    if (isFiniteNumber(te)) {
      if (te < minTe) {
        minTe = te;
        picks[2] = i;
      }
      if (te > maxTe) {
        maxTe = te;
        picks[3] = i;
      }
    } else if (picks[4] < 0) picks[4] = i;
  }
  if (column >= 0) flush();
  if (last > lastPushed) push(last);
  return { steps: outSteps.subarray(0, m), train: outTrain.subarray(0, m), test: outTest.subarray(0, m) };
}
